using Dapper;

namespace Jarvis.Core.Data;

/// <summary>
/// ASP.NET Core data-protection keys (antiforgery tokens, Blazor circuit state) in JARVIS_DATA_PROTECTION_KEY, so that
/// every portal process on one database, and a restarted one, share them. Keys are XML documents of about 1 KB.
/// </summary>
public sealed class DataProtectionKeyStore(JarvisDatabase database, TimeProvider time)
{
    public async Task<IReadOnlyList<string>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(database.Command(DataProtectionKeySql.SelectAll, cancellationToken: cancellationToken))).ToList();
    }

    public async Task AddAsync(string friendlyName, string keyXml, CancellationToken cancellationToken = default)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken);
        await write.Connection.ExecuteAsync(database.Command(
            DataProtectionKeySql.Insert, new { friendlyName, keyXml, createdAt = time.GetUtcNow().ToUnixTimeSeconds() },
            write.Transaction, cancellationToken));
        await write.CommitAsync(cancellationToken);
    }
}
