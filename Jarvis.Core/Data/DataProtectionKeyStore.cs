using Dapper;

namespace Jarvis.Core.Data;

/// <summary>
/// ASP.NET Core data-protection keys (antiforgery tokens, Blazor circuit state) in JARVIS_DATA_PROTECTION_KEY, so that
/// every portal process on one database, and a restarted one, share them. Keys are XML documents of about 1 KB.
/// </summary>
public sealed class DataProtectionKeyStore(JarvisDatabase database, TimeProvider time)
{
    internal const string SelectAll = """
        SELECT KEY_XML FROM JARVIS_DATA_PROTECTION_KEY ORDER BY CREATED_AT, FRIENDLY_NAME
        """;

    internal const string Insert = """
        INSERT INTO JARVIS_DATA_PROTECTION_KEY (FRIENDLY_NAME, KEY_XML, CREATED_AT) VALUES (:friendlyName, :keyXml, :createdAt)
        """;

    public async Task<IReadOnlyList<string>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(database.Command(SelectAll, cancellationToken: cancellationToken))).ToList();
    }

    public async Task AddAsync(string friendlyName, string keyXml, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(database.Command(
            Insert, new { friendlyName, keyXml, createdAt = time.GetUtcNow().ToUnixTimeSeconds() }, cancellationToken: cancellationToken));
    }
}
