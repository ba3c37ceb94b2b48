using Dapper;

namespace Jarvis.Core.Data;

/// <summary>Whether the database answers: one cheap query against a Jarvis table, on SQLite and Oracle alike.</summary>
public sealed class DatabaseProbe(JarvisDatabase database)
{
    /// <summary>Throws (a <see cref="System.Data.Common.DbException"/> or a cancellation) when the database does not answer.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteScalarAsync<long>(database.Command(HealthSql.Probe, cancellationToken: cancellationToken));
    }
}
