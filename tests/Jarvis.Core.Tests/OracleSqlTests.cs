using Dapper;
using System.Runtime.CompilerServices;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Jarvis.Core.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Tests;

/// <summary>
/// The Oracle SQL as OracleDialect renders it, kept as golden files in tests/Jarvis.Core.Tests/OracleSql so that every
/// change to it shows in review, and checked against the names the code really binds (the strict provider's checks).
/// Regenerate after an intended change: <c>JARVIS_REGENERATE_ORACLE_SQL=1 dotnet test tests/Jarvis.Core.Tests --filter OracleSqlTests</c>.
/// </summary>
public sealed class OracleSqlTests
{
    private const string RegenerateVariable = "JARVIS_REGENERATE_ORACLE_SQL";

    /// <summary>Oracle as the portal runs it: every statement it can run is reviewed.</summary>
    private static readonly OracleDialect OracleForReview = new();

    [Fact]
    public void OracleSql_EveryStatement_MatchesItsGoldenFile()
    {
        var folder = GoldenFolder();
        var rendered = SqlCatalog.Render(OracleForReview);
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            foreach (var stale in Directory.GetFiles(folder, "*.sql"))
            {
                File.Delete(stale);
            }

            foreach (var (name, text) in rendered)
            {
                File.WriteAllText(Path.Combine(folder, name + ".sql"), text + "\n");
            }
        }

        var differences = new List<string>();
        foreach (var (name, text) in rendered)
        {
            var file = Path.Combine(folder, name + ".sql");
            if (!File.Exists(file))
            {
                differences.Add($"{name}: no golden file");
            }
            else if (File.ReadAllText(file).ReplaceLineEndings("\n") != text.ReplaceLineEndings("\n") + "\n")
            {
                differences.Add($"{name}: differs from {name}.sql");
            }
        }

        differences.AddRange(Directory.GetFiles(folder, "*.sql")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !rendered.ContainsKey(name!))
            .Select(name => $"{name}: golden file of a statement that no longer exists"));
        Assert.True(differences.Count == 0,
            $"Oracle SQL changed; review it, then regenerate with {RegenerateVariable}=1:\n" + string.Join("\n", differences));
    }

    [Fact]
    public void OracleSql_NoStatement_DecidesItsScopeThroughABind()
    {
        // API.md section 3 in the SQL: one statement per scope, so the optimizer never keeps a subtree walk it could drop.
        var golden = Directory.GetFiles(GoldenFolder(), "*.sql").Select(File.ReadAllText).ToList();

        Assert.NotEmpty(golden);
        Assert.All(golden, text => Assert.DoesNotContain(":see_all", text, StringComparison.OrdinalIgnoreCase));
        Assert.All(SqlCatalog.Render(OracleForReview).Values, text => Assert.DoesNotContain(":SEE_ALL", text.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("acme", false)]
    [InlineData("Acme-Ltd (UK)", false)]
    [InlineData("ñandú", false)]
    [InlineData("0800 555-132", true)]
    [InlineData("unit 4", true)]
    public void Search_OnOracle_ReadsTheServiceNumbersOnlyForATermWithADigit(string term, bool readsNumbers)
    {
        // API.md section 4: separators ignored, the term must be a substring of a number, and numbers are digits.
        var terms = SearchTerms.Of(term, OracleForReview);
        var sql = new CustomerSql(OracleForReview).Search(
            new SearchShape(Subtree: false, terms.Name, terms.Number, CustomerSort.NameAscending, Walk: false, Paged: true));

        Assert.Equal(readsNumbers, terms.Number != MatchPart.None);
        Assert.Equal(readsNumbers, sql.Contains(":sn_term", StringComparison.Ordinal));
        Assert.Equal(readsNumbers, sql.Contains("INSTR(m.SN", StringComparison.Ordinal));
    }

    [Fact]
    public void OracleSql_EveryStatement_HasOnlyPlainBindNames()
    {
        foreach (var (name, text) in SqlCatalog.Render(OracleForReview))
        {
            // Oracle bind names: letters, digits, _ $ #, starting with a letter, at most 30 bytes, not a reserved word.
            Assert.All(BindNames.Of(text), bind => Assert.Matches("^[A-Z][A-Z0-9_]{0,29}$", bind));
            Assert.DoesNotContain(";", text.TrimEnd());
            Assert.False(text.Contains('@') || text.Contains('?'), $"{name} has a non-Oracle placeholder");
        }
    }

    [Fact]
    public async Task EveryStatement_AsCoreRunsIt_BindsExactlyTheNamesOfItsOracleText_WithTheConfiguredTimeout()
    {
        var recorder = new StrictProviderFactory(record: true);
        await using var db = await TestDatabase.CreateAsync(factory: recorder, configure: o => o.CommandTimeout = 7);
        var sqlite = SqlCatalog.Render(new SqliteDialect());
        var oracle = SqlCatalog.Render(OracleForReview);
        var nameOf = sqlite.GroupBy(s => s.Value).ToDictionary(g => g.Key, g => g.Select(s => s.Key).ToList());

        await RunEveryStatementAsync(db);

        var seen = new HashSet<string>();
        foreach (var command in recorder.Executed)
        {
            Assert.Equal(7, command.CommandTimeout);
            if (!nameOf.TryGetValue(command.Text, out var names))
            {
                continue; // demo seeding and test helpers: not in a *Sql.cs
            }

            foreach (var name in names)
            {
                seen.Add(name);
                if (!oracle.ContainsKey(name))
                {
                    continue; // a shape of SQLite's own search index, which Oracle does not have
                }

                Assert.True(
                    BindNames.Of(oracle[name]).Order().SequenceEqual(command.BoundNames.Order()),
                    $"{name}: the code binds {BindNames.List(command.BoundNames)}, the Oracle text has {BindNames.List(BindNames.Of(oracle[name]))}");
            }
        }

        var neverRun = sqlite.Keys.Except(seen).Where(n => !SqlCatalog.NotRunOnSqlite(n)).ToList();
        Assert.True(neverRun.Count == 0, "Statements no scenario ran (add them to RunEveryStatementAsync): " + string.Join(", ", neverRun));
    }

    /// <summary>Every Core operation, as an SMF and an ACS user, with and without a term, paged and not, in every order.</summary>
    private static async Task RunEveryStatementAsync(TestDatabase db)
    {
        var login = Assert.IsType<LoginResult.Success>(await db.Users.LoginAsync("rapidity", "rapidity-demo", TestDatabase.Address));
        db.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.NotNull(await db.Sessions.GetAndSlideAsync(login.SessionId));
        Assert.True(await db.Sessions.IsLiveAsync(login.SessionId));
        await db.Sessions.DeleteAsync(login.SessionId);
        await db.Sessions.PurgeExpiredAsync();

        foreach (var user in new[] { "su", "rapidity" })
        {
            var service = db.ServiceAs(user);
            foreach (var sort in Enum.GetValues<CustomerSort>())
            {
                foreach (var term in new[] { null, "rapi", "0800-134" })
                {
                    await foreach (var _ in service.SearchAsync(new CustomerQuery(term, Sort: sort)))
                    {
                    }

                    await foreach (var _ in service.SearchAsync(new CustomerQuery(term, 1, 2, sort)))
                    {
                    }

                    await service.SearchPageAsync(new CustomerQuery(term, 0, 2, sort));
                }
            }

            Assert.True(await service.CountAsync("rapi") > 0);
            Assert.NotNull(await service.GetAsync(3140));
            Assert.IsType<UpdateResult.Updated>(await service.UpdateAsync(3140, new CustomerChange($"REF-{user}", "checked")));
            var version = (await service.GetAsync(3140))!.Version;
            Assert.IsType<UpdateResult.Updated>(await service.UpdateAsync(3140, new CustomerChange($"REF2-{user}", null), ChangeChannel.Portal, version));
            Assert.NotEmpty((await service.GetHistoryAsync(3140))!.Items);
            Assert.NotEmpty((await service.GetHistoryAsync(3140, 1, 2))!.Items);
            Assert.NotEmpty((await service.GetParentChainAsync(3141))!);
            Assert.NotEmpty((await service.GetChildrenAsync(3134, 0, 5))!.Items);
        }

        // The change feed's reader: its start, a poll, and the lookup of an ID it skipped over.
        var reader = new CustomerChangeReader(db.Database, new CustomerChangeFeed(NullLogger<CustomerChangeFeed>.Instance),
            Options.Create(new CustomerChangeFeedOptions()), NullLogger<CustomerChangeReader>.Instance);
        await reader.PollAsync();
        await using (var connection = await db.Database.OpenAsync())
        {
            await connection.ExecuteAsync(db.Database.Command("""
                INSERT INTO JARVIS_CUSTOMER_HISTORY (ID, CHANGED_AT, USERNAME, CUSTOMER_ID, FIELD, VIA)
                VALUES ((SELECT MAX(ID) + 2 FROM JARVIS_CUSTOMER_HISTORY), 0, 'su', 3140, 'description', 'api')
                """));
        }

        Assert.Equal(1, await reader.PollAsync());
        Assert.Equal(0, await reader.PollAsync());

        // Create and delete (API.md section 9) in both scopes, and the history that outlives a deleted customer.
        foreach (var (user, parent) in new[] { ("su", (long?)null), ("su", 2001L), ("rapidity", 3141L) })
        {
            var service = db.ServiceAs(user);
            var created = Assert.IsType<CreateResult.Created>(
                await service.CreateAsync(new NewCustomer($"Catalog {user} {parent}", null, "made", parent), ChangeChannel.Api));
            Assert.IsType<DeleteResult.Refused>(await service.DeleteAsync(3140, ChangeChannel.Api));
            Assert.Equal(new DeleteResult.Deleted(1), await service.DeleteAsync(created.Id, ChangeChannel.Api));
            Assert.NotEmpty((await db.ServiceAs("su").GetHistoryAsync(created.Id))!.Items);
        }

        // Every search shape, count and estimate, bound as the service binds them (SearchTerms.Bind): the service above
        // reaches only the shapes its data and plan choices lead to.
        await RunEveryCustomerShapeAsync(db);

        // Operations: the users command, the data-protection key ring, the readiness probe.
        var users = new UserAdministration(db.Database, Options.Create(db.Security));
        Assert.IsType<AdminResult.Done>(await users.AddAsync("ops-acs", UserType.Acs, 3134, ["ACS_READ"], "pw-1"));
        Assert.IsType<AdminResult.Refused>(await users.AddAsync("ops-unknown", UserType.Acs, 999_999, ["ACS_READ"], "pw-1"));
        Assert.IsType<AdminResult.Done>(await users.SetPasswordAsync("ops-acs", "pw-2"));
        Assert.IsType<AdminResult.Done>(await users.SetLockedAsync("ops-acs", true));
        Assert.IsType<AdminResult.Done>(await users.ChangeGroupsAsync("ops-acs", ["ACS_WRITE"], ["ACS_READ"]));
        Assert.NotEmpty(await users.ListAsync());
        var keys = new DataProtectionKeyStore(db.Database, db.Time);
        await keys.AddAsync("key-1", "<key id=\"1\" />");
        Assert.Single(await keys.GetAllAsync());
        await new DatabaseProbe(db.Database).CheckAsync();

        // Protection: the login throttle and the demo-password check at a non-Development start.
        Assert.Null(await db.Throttle.RecordFailureAsync("su", TestDatabase.Address));
        Assert.Null(await db.Throttle.LockedUntilAsync("su", TestDatabase.Address));
        await db.Throttle.ClearAsync("su", TestDatabase.Address);
        await db.Throttle.PurgeAsync();
        Assert.NotEmpty(await DemoPasswords.UsersStillOnThemAsync(db.Database));

        // API tokens: made, checked (last use written), refused (counted), listed, revoked, the name reused.
        var tokens = new ApiTokenStore(db.Database, db.Policy, db.Throttle, db.Time);
        Assert.Equal(1L, await tokens.UserIdAsync("su"));
        var token = Assert.IsType<ApiTokenResult.Created>(await tokens.CreateAsync(1, "ci", readOnly: true, expiresInDays: 30)).Token;
        Assert.IsType<TokenCheck.Accepted>(await tokens.CheckAsync(token, TestDatabase.Address));
        Assert.IsType<TokenCheck.Refused>(await tokens.CheckAsync("jrv_unknown", TestDatabase.Address));
        Assert.Single(await tokens.ListAsync(1));
        Assert.True(await tokens.RevokeAsync(1, "ci"));
        Assert.IsType<ApiTokenResult.Created>(await tokens.CreateAsync(1, "ci", readOnly: false, expiresInDays: null));
    }

    private static async Task RunEveryCustomerShapeAsync(TestDatabase db)
    {
        var dialect = db.Database.Dialect;
        var sql = new CustomerSql(dialect);
        await using var connection = await db.Database.OpenAsync();
        foreach (var shape in sql.AllShapes())
        {
            var terms = new SearchTerms(
                shape.Name == MatchPart.None ? null : "RAPI",
                shape.Name == MatchPart.Index ? dialect.Index!.KeyFor("RAPI") : null,
                shape.Number == MatchPart.None ? null : "0800",
                shape.Number == MatchPart.Index ? dialect.Index!.KeyFor("0800") : null);
            var scope = shape.Subtree ? new AccessScope(false, 3134, true) : new AccessScope(true, null, true);
            var parameters = terms.Bind(scope);
            if (shape.Paged)
            {
                parameters.Add("offset", 0);
                parameters.Add("limit", 2);
            }

            await connection.QueryAsync(db.Database.Command(sql.Search(shape), parameters));
            if (shape is { Walk: false, Paged: true } && (shape.Name != MatchPart.None || shape.Number != MatchPart.None))
            {
                await connection.QueryAsync(db.Database.Command(sql.SearchCounted(shape, CustomerService.CountDisplayLimit + 1), parameters));
            }

            await connection.ExecuteScalarAsync<long>(db.Database.Command(sql.Count(shape), terms.Bind(scope)));
            foreach (var limit in new[] { CustomerService.CountDisplayLimit + 1, SearchPlanner.WalkFromCandidates })
            {
                await connection.ExecuteScalarAsync<long>(db.Database.Command(sql.CountUpTo(shape, limit), terms.Bind(scope)));
            }

            if (!shape.Subtree && (shape.Name == MatchPart.Index || shape.Number == MatchPart.Index))
            {
                await connection.ExecuteScalarAsync<long>(db.Database.Command(
                    sql.EstimateCandidates(shape.Name, shape.Number, SearchPlanner.SortUpToCandidates), terms.BindKeys()));
            }
        }
    }

    private static string GoldenFolder([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "OracleSql");
}
