namespace Jarvis.Core.Data;

/// <summary>
/// The databases Jarvis runs on, one dialect each: everything that knows a database's SQL, limits, driver and error
/// codes is in its <see cref="ISqlDialect"/>. Another database is a dialect file and a line in each list here.
/// </summary>
public static class SqlDialects
{
    /// <summary>Every dialect, for telling whose provider raised an error (<see cref="DatabaseError.Of"/>).</summary>
    public static IReadOnlyList<ISqlDialect> All { get; } = [new SqliteDialect(), new OracleDialect()];

    /// <summary>The dialect of the configured provider.</summary>
    public static ISqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(),
        DatabaseProvider.Oracle => new OracleDialect(),
        _ => throw new InvalidOperationException($"Unknown database provider '{provider}'."),
    };
}
