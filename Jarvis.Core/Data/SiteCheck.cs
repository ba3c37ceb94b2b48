using System.Data.Common;
using Dapper;
using Jarvis.Core.Customers;
using Jarvis.Core.Security;
using Microsoft.Data.Sqlite;

namespace Jarvis.Core.Data;

/// <summary>One check of <see cref="SiteCheck"/>: what was checked, whether it passed, and what was found.</summary>
public sealed record SiteCheckResult(bool Passed, string Check, string Detail);

/// <summary>An execution plan as the database printed it, with what it is the plan of.</summary>
public sealed record SitePlan(string Title, IReadOnlyList<string> Lines);

public sealed record SiteCheckReport(IReadOnlyList<SiteCheckResult> Checks, IReadOnlyList<SitePlan> Plans)
{
    public bool AllPassed => Checks.All(c => c.Passed);
}

/// <summary>
/// The site check behind <c>doctor</c>: reads the database's catalogue only and changes nothing. It checks that every
/// table and column of docs/SCHEMA.md resolves for Jarvis's user with a usable type and length (in the column's byte
/// or char semantics, against <see cref="JarvisDatabase.LengthSemantics"/>), that <c>CUSTOMER_REFERENCE</c> has a
/// unique index, and on Oracle explains the search as an SMF user and as an ACS user would run it.
/// </summary>
public sealed class SiteCheck(JarvisDatabase database)
{
    private enum Kind
    {
        Number,
        Text,
        LongText,
    }

    private sealed record Expected(string Column, Kind Kind, int MinLength = 0);

    /// <summary>docs/SCHEMA.md: every table and column Jarvis reads or writes, and the lengths it needs.</summary>
    private static readonly (string Table, Expected[] Columns)[] Schema =
    [
        ("ACS_CUSTOMER", [new("ID", Kind.Number), new("NAME", Kind.Text), new("CUSTOMER_REFERENCE", Kind.Text, CustomerRules.ReferenceMaxLength),
            new("DESCRIPTION", Kind.Text, CustomerRules.DescriptionMaxLength), new("PARENT_CUSTOMER_ID", Kind.Number)]),
        ("ACS_CUSTOMER_SN", [new("CUSTOMER_ID", Kind.Number), new("SN", Kind.Text)]),
        ("JARVIS_USER", [new("ID", Kind.Number), new("USERNAME", Kind.Text), new("USER_TYPE", Kind.Text, 3),
            new("CUSTOMER_ID", Kind.Number), new("PASSWORD_HASH", Kind.Text, 100), new("LOCKED", Kind.Number)]),
        ("JARVIS_USER_GROUP", [new("USER_ID", Kind.Number), new("GROUP_NAME", Kind.Text)]),
        ("JARVIS_SESSION", [new("ID_HASH", Kind.Text, 64), new("USER_ID", Kind.Number), new("CREATED_AT", Kind.Number), new("EXPIRES_AT", Kind.Number)]),
        ("JARVIS_DATA_PROTECTION_KEY", [new("FRIENDLY_NAME", Kind.Text), new("KEY_XML", Kind.LongText), new("CREATED_AT", Kind.Number)]),
        ("JARVIS_API_TOKEN", [new("ID", Kind.Number), new("USER_ID", Kind.Number), new("NAME", Kind.Text, ApiTokenStore.MaxNameLength),
            new("TOKEN_HASH", Kind.Text, 64), new("CREATED_AT", Kind.Number), new("EXPIRES_AT", Kind.Number), new("LAST_USED_AT", Kind.Number),
            new("READ_ONLY", Kind.Number), new("REVOKED_AT", Kind.Number)]),
        ("JARVIS_CUSTOMER_HISTORY", [new("TOKEN_NAME", Kind.Text, ApiTokenStore.MaxNameLength)]),
    ];

    public async Task<SiteCheckReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var checks = new List<SiteCheckResult>();
        var plans = new List<SitePlan>();
        if (database.Provider == DatabaseProvider.Sqlite && MissingSqliteFile() is { } missing)
        {
            checks.Add(new(false, "database file", $"{missing} does not exist (doctor creates nothing)"));
            return new SiteCheckReport(checks, plans);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var (table, expected) in Schema)
        {
            var (owner, name) = await ResolveAsync(connection, table, cancellationToken);
            var columns = owner is null && database.Provider == DatabaseProvider.Oracle
                ? []
                : await ColumnsAsync(connection, owner, name, cancellationToken);
            if (columns.Count == 0)
            {
                checks.Add(new(false, $"table {table}", "not found for this database user (no table, view or synonym)"));
                continue;
            }

            checks.Add(new(true, $"table {table}", owner is null ? "found" : $"found as {owner}.{name}"));
            foreach (var column in expected)
            {
                checks.Add(columns.SingleOrDefault(c => string.Equals(c.Name, column.Column, StringComparison.OrdinalIgnoreCase)) is { } found
                    ? Judge(table, column, found)
                    : new(false, $"column {table}.{column.Column}", "missing"));
            }

            if (table == "ACS_CUSTOMER")
            {
                var unique = await UniqueIndexesAsync(connection, owner, name, "CUSTOMER_REFERENCE", cancellationToken);
                checks.Add(new(unique > 0, "unique ACS_CUSTOMER.CUSTOMER_REFERENCE", unique > 0
                    ? "a unique index on CUSTOMER_REFERENCE alone"
                    : "no unique index or constraint on CUSTOMER_REFERENCE alone: two concurrent updates could both take one reference (a view hides its table's indexes: check the base table)"));
            }
        }

        if (database.Provider == DatabaseProvider.Oracle)
        {
            plans.Add(await ExplainAsync(connection, "search as an SMF user (every customer), first page by name", "JARVIS_SMF", subtree: false, cancellationToken));
            plans.Add(await ExplainAsync(connection, "search as an ACS user (a subtree), first page by name", "JARVIS_ACS", subtree: true, cancellationToken));
        }

        return new SiteCheckReport(checks, plans);
    }

    private SiteCheckResult Judge(string table, Expected expected, ColumnRow found)
    {
        var check = $"column {table}.{expected.Column}";
        var type = found.DataType.ToUpperInvariant();
        if (expected.Kind == Kind.Number)
        {
            var usable = database.Provider == DatabaseProvider.Oracle ? type is "NUMBER" or "FLOAT" : type.Contains("INT") || type.Contains("NUM");
            return new(usable, check, usable ? type : $"{type} is not a number type");
        }

        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var text = type.Length == 0 || type.Contains("TEXT") || type.Contains("CHAR") || type.Contains("CLOB");
            return new(text, check, text ? $"{type} (SQLite: no declared length)" : $"{type} is not a text type");
        }

        if (expected.Kind == Kind.LongText && type is "CLOB" or "NCLOB")
        {
            return new(true, check, type);
        }

        if (type is not ("VARCHAR2" or "NVARCHAR2"))
        {
            return new(false, check, $"{type}: Jarvis needs VARCHAR2 or NVARCHAR2");
        }

        var bytes = found.CharUsed == "B";
        var declared = bytes ? $"{type}({found.ByteLength} BYTE)" : $"{type}({found.CharLength} CHAR)";
        if (expected.MinLength == 0)
        {
            return new(true, check, declared);
        }

        // A byte-semantics column holds MinLength characters of any text only with 4 bytes each (AL32UTF8).
        var holds = !bytes ? found.CharLength >= expected.MinLength
            : database.LengthSemantics == LengthSemantics.Byte ? found.ByteLength >= expected.MinLength
            : found.ByteLength >= 4 * expected.MinLength;
        return new(holds, check, holds
            ? $"{declared}; limit {expected.MinLength} counted in {(database.LengthSemantics == LengthSemantics.Byte ? "bytes" : "characters")}"
            : bytes && database.LengthSemantics == LengthSemantics.Char
                ? $"{declared} cannot hold {expected.MinLength} non-ASCII characters: set Jarvis:Database:LengthSemantics to Byte"
                : $"{declared} is shorter than the {expected.MinLength} Jarvis allows");
    }

    private string? MissingSqliteFile()
    {
        var builder = new SqliteConnectionStringBuilder(database.ConnectionString);
        return builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:" || File.Exists(builder.DataSource)
            ? null
            : builder.DataSource;
    }

    private async Task<(string? Owner, string Name)> ResolveAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            return (null, table);
        }

        var found = await connection.QuerySingleOrDefaultAsync<(string Owner, string Name)?>(
            database.Command(SiteCheckSql.OracleResolve, new { table_name = table }, cancellationToken: cancellationToken));
        return found is { } f ? (f.Owner, f.Name) : (null, table);
    }

    private async Task<List<ColumnRow>> ColumnsAsync(DbConnection connection, string? owner, string table, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<ColumnRow>(database.Provider == DatabaseProvider.Oracle
            ? database.Command(SiteCheckSql.OracleColumns, new { owner, table_name = table }, cancellationToken: cancellationToken)
            : database.Command(SiteCheckSql.SqliteColumns, new { table_name = table }, cancellationToken: cancellationToken))).ToList();

    private Task<long> UniqueIndexesAsync(DbConnection connection, string? owner, string table, string column, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(database.Provider == DatabaseProvider.Oracle
            ? database.Command(SiteCheckSql.OracleUniqueIndexes, new { owner, table_name = table, column_name = column }, cancellationToken: cancellationToken)
            : database.Command(SiteCheckSql.SqliteUniqueIndexes, new { table_name = table, column_name = column }, cancellationToken: cancellationToken));

    // EXPLAIN PLAN parses without executing: binds stay unbound and the plan is the one for unknown values. Its rows
    // go to PLAN_TABLE, a per-session temporary table; the transaction is rolled back all the same.
    private async Task<SitePlan> ExplainAsync(DbConnection connection, string title, string statementId, bool subtree, CancellationToken cancellationToken)
    {
        var sql = new CustomerSql(database.Dialect);
        // The portal's usual statement: a page of the customers matching a name term, in name order.
        var name = database.Dialect.Index is null ? MatchPart.Scan : MatchPart.Index;
        var search = sql.Search(new SearchShape(subtree, name, MatchPart.None, CustomerSort.NameAscending, Walk: false, Paged: true));
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(database.Command($"EXPLAIN PLAN SET STATEMENT_ID = '{statementId}' FOR {search}", transaction: tx, cancellationToken: cancellationToken));
        var lines = (await connection.QueryAsync<string>(database.Command(
            SiteCheckSql.OraclePlan, new { statement_id = statementId }, tx, cancellationToken))).ToList();
        await tx.RollbackAsync(cancellationToken);
        return new SitePlan(title, lines);
    }

    private sealed class ColumnRow
    {
        public string Name { get; set; } = "";
        public string DataType { get; set; } = "";
        public long ByteLength { get; set; }
        public long CharLength { get; set; }
        public string? CharUsed { get; set; }
    }
}
