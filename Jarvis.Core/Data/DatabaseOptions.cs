namespace Jarvis.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Oracle,
}

/// <summary>Which database Jarvis runs on; bound from <c>Jarvis:Database</c> and <c>ConnectionStrings:Jarvis</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Jarvis:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>ADO.NET connection string. For SQLite the host fills in <c>App_Data/jarvis.db</c> when none is given.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Seed the demo data of DEMO-DATA.md into an empty embedded database (Development only).</summary>
    public bool SeedDemoData { get; set; }
}
