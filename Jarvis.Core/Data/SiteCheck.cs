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
/// The site check behind <c>doctor</c>: reads the database's catalogue only and changes nothing. It checks every
/// object of <see cref="SiteRequirements"/>: each table and column resolves for Jarvis's user with a usable type and
/// length (in the column's byte or char semantics, against <see cref="JarvisDatabase.LengthSemantics"/>), each index
/// (a unique one on <c>CUSTOMER_REFERENCE</c>), and on Oracle each sequence and grant; it explains the search as an
/// SMF user and as an ACS user would run it.
/// </summary>
public sealed class SiteCheck(JarvisDatabase database)
{
    public async Task<SiteCheckReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var checks = new List<SiteCheckResult>();
        var plans = new List<SitePlan>();
        if (database.Provider == DatabaseProvider.Sqlite && MissingSqliteFile() is { } missing)
        {
            checks.Add(new(false, "database file", $"{missing} does not exist (doctor creates nothing)"));
            return new SiteCheckReport(checks, plans);
        }

        var oracle = database.Provider == DatabaseProvider.Oracle;
        await using var connection = await database.OpenAsync(cancellationToken);
        var resolved = new Dictionary<string, (string? Owner, string Name)>();
        async Task<(string? Owner, string Name)> Resolve(string table) =>
            resolved.TryGetValue(table, out var r) ? r : resolved[table] = await ResolveAsync(connection, table, cancellationToken);

        foreach (var requirement in SiteRequirements.For(database).Where(r => oracle || r.OnSqlite))
        {
            switch (requirement)
            {
                case TableRequirement table:
                    await CheckTableAsync(connection, table, await Resolve(table.Table), checks, cancellationToken);
                    break;
                case IndexRequirement index:
                    checks.Add(await CheckIndexAsync(connection, index, await Resolve(index.Table), cancellationToken));
                    break;
                case SequenceRequirement sequence:
                    var found = await connection.ExecuteScalarAsync<long>(database.Command(
                        SiteCheckSql.OracleSequence, new { sequence_name = sequence.Sequence.Split('.')[^1].ToUpperInvariant() }, cancellationToken: cancellationToken));
                    checks.Add(found > 0 ? new(true, $"sequence {sequence.Sequence}", "found") : Missing($"sequence {sequence.Sequence}", "missing", sequence));
                    break;
                case GrantRequirement grant:
                    checks.Add(await CheckGrantAsync(connection, grant, await Resolve(grant.Table), cancellationToken));
                    break;
            }
        }

        if (oracle)
        {
            plans.Add(await ExplainAsync(connection, "search as an SMF user (every customer), first page by name", "JARVIS_SMF", subtree: false, cancellationToken));
            plans.Add(await ExplainAsync(connection, "search as an ACS user (a subtree), first page by name", "JARVIS_ACS", subtree: true, cancellationToken));
        }

        return new SiteCheckReport(checks, plans);
    }

    private static SiteCheckResult Missing(string check, string what, Requirement requirement) =>
        new(false, check, requirement.Create is { } create ? $"{what}; create it with: {create}" : what);

    private async Task CheckTableAsync(
        DbConnection connection, TableRequirement table, (string? Owner, string Name) at, List<SiteCheckResult> checks, CancellationToken cancellationToken)
    {
        var columns = at.Owner is null && database.Provider == DatabaseProvider.Oracle
            ? []
            : await ColumnsAsync(connection, at.Owner, at.Name, cancellationToken);
        if (columns.Count == 0)
        {
            checks.Add(table.Create is null
                ? new(false, $"table {table.Table}", "not found for this database user (no table, view or synonym): OCNCC's table, make it resolve (docs/ORACLE.md)")
                : Missing($"table {table.Table}", "not found for this database user (no table, view or synonym)", table));
            return;
        }

        checks.Add(new(true, $"table {table.Table}", at.Owner is null ? "found" : $"found as {at.Owner}.{at.Name}"));
        foreach (var column in table.Columns)
        {
            checks.Add(columns.SingleOrDefault(c => string.Equals(c.Name, column.Name, StringComparison.OrdinalIgnoreCase)) is { } found
                ? Judge(table.Table, column, found)
                : new(false, $"column {table.Table}.{column.Name}", "missing"));
        }
    }

    private async Task<SiteCheckResult> CheckIndexAsync(
        DbConnection connection, IndexRequirement index, (string? Owner, string Name) at, CancellationToken cancellationToken)
    {
        var wanted = index.Keys.Select(SiteRequirements.NormalizeKey).ToList();
        var check = index.Unique ? $"unique {index.Table}.{string.Join(", ", index.Keys)}" : $"index {index.Table} ({string.Join(", ", index.Keys)})";
        var indexes = await IndexesAsync(connection, at, cancellationToken);
        var match = indexes.FirstOrDefault(i => index.Unique
            ? i.Unique && i.Keys.SequenceEqual(wanted)
            : i.Keys.Count >= wanted.Count && i.Keys.Take(wanted.Count).SequenceEqual(wanted));
        if (match is not null)
        {
            return new(true, check, $"{match.Name} ({string.Join(", ", match.Keys)})");
        }

        return Missing(check, index.Unique
            ? $"no unique index or constraint on {string.Join(", ", index.Keys)} alone: two concurrent updates could both take one value (a view hides its table's indexes: check the base table)"
            : $"no index leads with {string.Join(", ", index.Keys)} (a view hides its table's indexes: check the base table)", index);
    }

    private async Task<SiteCheckResult> CheckGrantAsync(
        DbConnection connection, GrantRequirement grant, (string? Owner, string Name) at, CancellationToken cancellationToken)
    {
        var check = $"grant {grant.Privilege}{(grant.Column is null ? "" : $" ({grant.Column})")} on {grant.Table}";
        if (at.Owner is null)
        {
            return new(false, check, $"{grant.Table} not found for this database user");
        }

        var held = await connection.ExecuteScalarAsync<long>(database.Command(SiteCheckSql.OraclePrivilege,
            new { owner = at.Owner, table_name = at.Name, privilege = grant.Privilege, column_name = grant.Column ?? "" },
            cancellationToken: cancellationToken));
        return held > 0
            ? new(true, check, $"held on {at.Owner}.{at.Name}")
            : Missing(check, $"not held on {at.Owner}.{at.Name}", grant with { Create = grant.Create?.Replace("<owner>", at.Owner) });
    }

    private sealed record FoundIndex(string Name, bool Unique, List<string> Keys);

    private async Task<List<FoundIndex>> IndexesAsync(DbConnection connection, (string? Owner, string Name) at, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Oracle)
        {
            if (at.Owner is null)
            {
                return [];
            }

            var keys = await connection.QueryAsync<IndexKeyRow>(database.Command(
                SiteCheckSql.OracleIndexKeys, new { owner = at.Owner, table_name = at.Name }, cancellationToken: cancellationToken));
            return [.. keys.GroupBy(k => k.IndexName).Select(g => new FoundIndex(
                g.Key, g.First().Uniqueness == "UNIQUE", [.. g.OrderBy(k => k.Position).Select(k => SiteRequirements.NormalizeKey(k.KeyText))]))];
        }

        var found = new List<FoundIndex>();
        var rows = (await connection.QueryAsync<IndexKeyRow>(database.Command(
            SiteCheckSql.SqliteIndexes, new { table_name = at.Name }, cancellationToken: cancellationToken))).ToList();
        foreach (var row in rows)
        {
            // An index made by CREATE INDEX keeps its statement (expressions included); a constraint's has none.
            var keys = row.KeyText is { Length: > 0 } sql && KeysOf(sql) is { } parsed
                ? parsed
                : (await connection.QueryAsync<string>(database.Command(
                    SiteCheckSql.SqliteIndexColumns, new { index_name = row.IndexName }, cancellationToken: cancellationToken))).ToList();
            found.Add(new(row.IndexName, row.Uniqueness == "UNIQUE", [.. keys.Select(SiteRequirements.NormalizeKey)]));
        }

        return found;
    }

    /// <summary>The keys of a <c>CREATE INDEX ... ON t (a, f(b))</c> statement, split at the commas outside parentheses.</summary>
    private static List<string>? KeysOf(string createIndex)
    {
        var on = createIndex.IndexOf(" ON ", StringComparison.OrdinalIgnoreCase);
        var open = on < 0 ? -1 : createIndex.IndexOf('(', on);
        if (open < 0)
        {
            return null;
        }

        var keys = new List<string>();
        var depth = 0;
        var start = open + 1;
        for (var i = open + 1; i < createIndex.Length; i++)
        {
            switch (createIndex[i])
            {
                case '(':
                    depth++;
                    break;
                case ')' when depth == 0:
                    keys.Add(createIndex[start..i]);
                    return keys;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    keys.Add(createIndex[start..i]);
                    start = i + 1;
                    break;
            }
        }

        return null;
    }

    private SiteCheckResult Judge(string table, RequiredColumn expected, ColumnRow found)
    {
        var check = $"column {table}.{expected.Name}";
        var type = found.DataType.ToUpperInvariant();
        if (expected.Kind == ColumnKind.Number)
        {
            var usable = database.Provider == DatabaseProvider.Oracle ? type is "NUMBER" or "FLOAT" : type.Contains("INT") || type.Contains("NUM");
            return new(usable, check, usable ? type : $"{type} is not a number type");
        }

        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var text = type.Length == 0 || type.Contains("TEXT") || type.Contains("CHAR") || type.Contains("CLOB");
            return new(text, check, text ? $"{type} (SQLite: no declared length)" : $"{type} is not a text type");
        }

        if (expected.Kind == ColumnKind.LongText && type is "CLOB" or "NCLOB")
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

    private sealed class IndexKeyRow
    {
        public string IndexName { get; set; } = "";
        public string Uniqueness { get; set; } = "";
        public long Position { get; set; }
        public string KeyText { get; set; } = "";
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
