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

    /// <summary>
    /// Oracle only: search through the trigram side tables JARVIS_NAME_TRIGRAM and JARVIS_SN_TRIGRAM that a DBA created
    /// (docs/ORACLE.md). Off: Oracle scans ACS_CUSTOMER for every search, as before. SQLite always has its index.
    /// </summary>
    public bool OracleSearchIndex { get; set; }
}
