namespace Jarvis.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Oracle,
}

/// <summary>How a text column's length limit counts: Unicode characters, or bytes of the text in UTF-8.</summary>
public enum LengthSemantics
{
    Char,
    Byte,
}

/// <summary>Which database Jarvis runs on; bound from <c>Jarvis:Database</c> and <c>ConnectionStrings:Jarvis</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Jarvis:Database";

    /// <summary>Oracle's command timeout when none is configured (ODP.NET's own default is no limit).</summary>
    public const int DefaultOracleCommandTimeout = 30;

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>ADO.NET connection string. For SQLite the host fills in <c>App_Data/jarvis.db</c> when none is given.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Seed the demo data of DEMO-DATA.md into an empty embedded database (Development only).</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>
    /// Oracle only: the sequence that gives new ACS_CUSTOMER ids (e.g. <c>SMF.ACS_CUSTOMER_ID_SEQ</c>; which one OCNCC
    /// itself uses is the site's to say, docs/ORACLE.md). Unset: creating customers is refused on Oracle. SQLite takes
    /// the next free id.
    /// </summary>
    public string? CustomerIdSequence { get; set; }

    /// <summary>
    /// Seconds every command may run (set on every command). Unset: 30 on Oracle; on SQLite the connection string's
    /// <c>Default Timeout</c> (30 unless given), because Microsoft.Data.Sqlite also waits that long for a lock.
    /// </summary>
    public int? CommandTimeout { get; set; }

    /// <summary>
    /// How <c>CUSTOMER_REFERENCE</c> and <c>DESCRIPTION</c> count their limits (docs/SCHEMA.md). Unset: Byte on Oracle
    /// (<c>VARCHAR2(50)</c> means 50 bytes under the default <c>NLS_LENGTH_SEMANTICS</c>), Char on SQLite.
    /// <c>doctor</c> prints what the site's columns use.
    /// </summary>
    public LengthSemantics? LengthSemantics { get; set; }

    /// <summary>Seconds a write waits for the write lock when none is configured: a held lock answers 503 within 5 s.</summary>
    public const int DefaultWriteLockTimeout = 4;

    /// <summary>
    /// Seconds a write may wait for the database's write lock (behind this process's other writers, then behind another
    /// program holding the file) before it answers 503 having changed nothing. Unset: <see cref="DefaultWriteLockTimeout"/>.
    /// </summary>
    public int? WriteLockTimeout { get; set; }
}
