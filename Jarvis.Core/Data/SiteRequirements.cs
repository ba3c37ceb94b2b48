using System.Reflection;
using System.Text.RegularExpressions;
using Jarvis.Core.Customers;
using Jarvis.Core.Security;

namespace Jarvis.Core.Data;

/// <summary>How <see cref="SiteCheck"/> judges a column's type.</summary>
public enum ColumnKind
{
    Number,
    Text,
    LongText,
}

/// <summary>A column Jarvis reads or writes, with the length it needs (0: any).</summary>
public sealed record RequiredColumn(string Name, ColumnKind Kind, int MinLength = 0);

/// <summary>One object Jarvis needs in the site's database, and the statement that creates it when it is missing.</summary>
public abstract record Requirement
{
    /// <summary>False for what only Oracle needs (grants, sequences, indexes the embedded search index replaces).</summary>
    public bool OnSqlite { get; init; } = true;

    /// <summary>The statement that creates the object; null when the site must decide (OCNCC's own tables).</summary>
    public string? Create { get; init; }
}

/// <summary>A table (or view, or synonym) that must resolve for Jarvis's user, with the columns Jarvis uses.</summary>
public sealed record TableRequirement(string Table, IReadOnlyList<RequiredColumn> Columns) : Requirement;

/// <summary>
/// An index on <see cref="Table"/> whose leading keys are <see cref="Keys"/> (column names or expressions such as
/// <c>UPPER(NAME)</c>); a unique one must have exactly those keys.
/// </summary>
public sealed record IndexRequirement(string Table, IReadOnlyList<string> Keys, bool Unique = false) : Requirement;

/// <summary>A sequence Jarvis takes numbers from (Oracle).</summary>
public sealed record SequenceRequirement(string Sequence) : Requirement;

/// <summary>A privilege Jarvis's user needs on a table it does not own (Oracle), on one column when <see cref="Column"/> is set.</summary>
public sealed record GrantRequirement(string Table, string Privilege, string? Column = null) : Requirement;

/// <summary>
/// Every table, column, index, sequence and grant Jarvis needs (docs/SCHEMA.md), one line each; <c>doctor</c> checks
/// them all. A missing object of Jarvis's own is reported with its statement from the install script of the database.
/// </summary>
public static class SiteRequirements
{
    private static readonly string[] AllPrivileges = ["SELECT", "INSERT", "UPDATE", "DELETE"];

    public static IReadOnlyList<Requirement> For(JarvisDatabase database) =>
    [
        Ocncc(new TableRequirement("ACS_CUSTOMER", [Number("ID"), Text("NAME"), Text("CUSTOMER_REFERENCE", CustomerRules.ReferenceMaxLength),
            Text("DESCRIPTION", CustomerRules.DescriptionMaxLength), Number("PARENT_CUSTOMER_ID")])),
        Ocncc(new TableRequirement("ACS_CUSTOMER_SN", [Number("CUSTOMER_ID"), Text("SN")])),
        Jarvis(database, new TableRequirement("JARVIS_USER", [Number("ID"), Text("USERNAME"), Text("USER_TYPE", 3), Number("CUSTOMER_ID"),
            Text("PASSWORD_HASH", 100), Number("LOCKED")])),
        Jarvis(database, new TableRequirement("JARVIS_USER_GROUP", [Number("USER_ID"), Text("GROUP_NAME")])),
        Jarvis(database, new TableRequirement("JARVIS_SESSION", [Text("ID_HASH", 64), Number("USER_ID"), Number("CREATED_AT"), Number("EXPIRES_AT")])),
        Jarvis(database, new TableRequirement("JARVIS_DATA_PROTECTION_KEY", [Text("FRIENDLY_NAME"), new("KEY_XML", ColumnKind.LongText), Number("CREATED_AT")])),
        Jarvis(database, new TableRequirement("JARVIS_LOGIN_FAILURE", [Text("USERNAME"), Text("CLIENT_ADDRESS"), Number("FAILED_AT")])),
        Jarvis(database, new TableRequirement("JARVIS_API_TOKEN", [Number("ID"), Number("USER_ID"), Text("NAME", ApiTokenStore.MaxNameLength),
            Text("TOKEN_HASH", 64), Number("CREATED_AT"), Number("EXPIRES_AT"), Number("LAST_USED_AT"), Number("READ_ONLY"), Number("REVOKED_AT")])),
        Jarvis(database, new TableRequirement("JARVIS_CUSTOMER_HISTORY", [Number("ID"), Number("CHANGED_AT"), Text("USERNAME"), Number("CUSTOMER_ID"),
            Text("FIELD", 32), Text("OLD_VALUE", CustomerRules.DescriptionMaxLength), Text("NEW_VALUE", CustomerRules.DescriptionMaxLength), Text("VIA", 6),
            Text("TOKEN_NAME", ApiTokenStore.MaxNameLength)])),

        new IndexRequirement("ACS_CUSTOMER", ["CUSTOMER_REFERENCE"], Unique: true) { Create = "CREATE UNIQUE INDEX ACS_CUSTOMER_REFERENCE_UX ON ACS_CUSTOMER (CUSTOMER_REFERENCE)" },
        new IndexRequirement("ACS_CUSTOMER", ["PARENT_CUSTOMER_ID"]) { Create = "CREATE INDEX ACS_CUSTOMER_PARENT_IX ON ACS_CUSTOMER (PARENT_CUSTOMER_ID)" },
        new IndexRequirement("ACS_CUSTOMER", ["UPPER(NAME)", "ID"]) { Create = "CREATE INDEX ACS_CUSTOMER_NAME_ORDER_IX ON ACS_CUSTOMER (UPPER(NAME), ID)" },
        new IndexRequirement("ACS_CUSTOMER_SN", ["CUSTOMER_ID"]) { Create = "CREATE INDEX ACS_CUSTOMER_SN_CUSTOMER_IX ON ACS_CUSTOMER_SN (CUSTOMER_ID)" },
        new IndexRequirement("ACS_CUSTOMER_SN", ["SN", "CUSTOMER_ID"]) { OnSqlite = false, Create = "CREATE INDEX ACS_CUSTOMER_SN_SEARCH_IX ON ACS_CUSTOMER_SN (SN, CUSTOMER_ID)" },
        Jarvis(database, new IndexRequirement("JARVIS_USER", ["CUSTOMER_ID"]), "JARVIS_USER_CUSTOMER_IX"),
        Jarvis(database, new IndexRequirement("JARVIS_SESSION", ["EXPIRES_AT"]), "JARVIS_SESSION_EXPIRES_IX"),
        Jarvis(database, new IndexRequirement("JARVIS_SESSION", ["USER_ID"]), "JARVIS_SESSION_USER_IX"),
        Jarvis(database, new IndexRequirement("JARVIS_LOGIN_FAILURE", ["CLIENT_ADDRESS", "FAILED_AT"]), "JARVIS_LOGIN_FAILURE_ADDRESS_IX"),
        Jarvis(database, new IndexRequirement("JARVIS_LOGIN_FAILURE", ["FAILED_AT"]), "JARVIS_LOGIN_FAILURE_AT_IX"),
        Jarvis(database, new IndexRequirement("JARVIS_CUSTOMER_HISTORY", ["CUSTOMER_ID", "CHANGED_AT", "ID"]), "JARVIS_CUSTOMER_HISTORY_IX"),

        Grant("ACS_CUSTOMER", "SELECT"),
        Grant("ACS_CUSTOMER", "UPDATE", "CUSTOMER_REFERENCE"),
        Grant("ACS_CUSTOMER", "UPDATE", "DESCRIPTION"),
        Grant("ACS_CUSTOMER", "INSERT"),
        Grant("ACS_CUSTOMER", "DELETE"),
        Grant("ACS_CUSTOMER_SN", "SELECT"),
        .. CustomerIds(database),
        .. Grants("JARVIS_USER", AllPrivileges),
        .. Grants("JARVIS_USER_GROUP", AllPrivileges),
        .. Grants("JARVIS_SESSION", AllPrivileges),
        .. Grants("JARVIS_DATA_PROTECTION_KEY", AllPrivileges),
        .. Grants("JARVIS_LOGIN_FAILURE", AllPrivileges),
        .. Grants("JARVIS_CUSTOMER_HISTORY", AllPrivileges),
        .. Grants("JARVIS_API_TOKEN", AllPrivileges),
    ];

    /// <summary>The configured sequence for new customer ids (Oracle; docs/ORACLE.md): accessible to Jarvis's user.</summary>
    private static IEnumerable<SequenceRequirement> CustomerIds(JarvisDatabase database) =>
        database.CustomerIdSequence is { } sequence
            ? [new SequenceRequirement(sequence)
            {
                OnSqlite = false,
                Create = $"CREATE SEQUENCE {sequence} START WITH <above MAX(ID) of ACS_CUSTOMER>, or GRANT SELECT ON {sequence} TO <Jarvis's user>",
            }]
            : [];

    private static RequiredColumn Number(string name) => new(name, ColumnKind.Number);

    private static RequiredColumn Text(string name, int minLength = 0) => new(name, ColumnKind.Text, minLength);

    private static TableRequirement Ocncc(TableRequirement table) => table;

    private static TableRequirement Jarvis(JarvisDatabase database, TableRequirement table) =>
        table with { Create = StatementOf(ScriptOf(database), "TABLE", table.Table) };

    private static IndexRequirement Jarvis(JarvisDatabase database, IndexRequirement index, string name) =>
        index with { Create = StatementOf(ScriptOf(database), "INDEX", name) };

    private static string ScriptOf(JarvisDatabase database) =>
        database.Provider == DatabaseProvider.Oracle ? OracleInstallScript : SchemaSql.Sqlite;

    private static GrantRequirement Grant(string table, string privilege, string? column = null) => new(table, privilege, column)
    {
        OnSqlite = false,
        Create = $"GRANT {privilege}{(column is null ? "" : $" ({column})")} ON <owner>.{table} TO <Jarvis's user>",
    };

    private static IEnumerable<GrantRequirement> Grants(string table, params string[] privileges) => privileges.Select(p => Grant(table, p));

    private static readonly Lazy<string> InstallScript = new(() =>
    {
        using var stream = typeof(SiteRequirements).Assembly.GetManifestResourceStream(
            typeof(SiteRequirements).Assembly.GetManifestResourceNames().Single(n => n.EndsWith("install-jarvis-tables.sql", StringComparison.Ordinal)))!;
        return new StreamReader(stream).ReadToEnd();
    });

    private static string OracleInstallScript => InstallScript.Value;

    /// <summary>The <c>CREATE</c> statement of <paramref name="name"/> in <paramref name="script"/>, without comments.</summary>
    internal static string? StatementOf(string script, string kind, string name)
    {
        var code = Regex.Replace(script, "--[^\n]*", "");
        var match = Regex.Match(code, $@"CREATE\s+(UNIQUE\s+)?{kind}\s+(IF\s+NOT\s+EXISTS\s+)?{Regex.Escape(name)}\b[^;]*", RegexOptions.IgnoreCase);
        return match.Success ? Regex.Replace(match.Value.Trim(), @"\s+", " ") : null;
    }

    /// <summary>An index key as both catalogues print it, for comparing: upper case, no quotes, no blanks.</summary>
    internal static string NormalizeKey(string key) => Regex.Replace(key, @"[\s""]", "").ToUpperInvariant();
}
