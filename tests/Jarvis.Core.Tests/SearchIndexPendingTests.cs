using Dapper;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Tests;

/// <summary>
/// API.md section 4 (a row written by any program is found at once, and never under a name it no longer has), with the
/// index's upkeep in two steps: triggers record written rows as pending, the portal folds them in batches.
/// </summary>
public sealed partial class SearchIndexTests
{
    [Fact]
    public async Task RowsInsertedOneStatementEachInOneLargeTransaction_AreFoundRightAfterTheCommit()
    {
        await using var db = await TestDatabase.CreateAsync();
        var script = new System.Text.StringBuilder("BEGIN;\n");
        for (var i = 0; i < 20_000; i++)
        {
            script.Append($"INSERT INTO ACS_CUSTOMER (ID, NAME) VALUES ({100_000 + i}, 'Bulkimport Holding {i:D5}');\n");
            script.Append($"INSERT INTO ACS_CUSTOMER_SN (CUSTOMER_ID, SN) VALUES ({100_000 + i}, '0899{i:D6}');\n");
        }

        script.Append("COMMIT;\n");
        await PlainSqlAsync(db, script.ToString());
        var su = db.ServiceAs("su");

        Assert.Equal(20_000, await su.CountAsync("bulkimport"));
        Assert.Equal([112_345L], await IdsAsync(su, "Holding 12345"));
        Assert.Equal([100_042L], await IdsAsync(su, "0899000042"));
        Assert.Equal(20_000, await PendingAsync(db, "JARVIS_NAME_PENDING"));
    }

    [Fact]
    public async Task PendingRows_AreFoundBeforeTheFold_AndTheFoldEmptiesThePendingTablesWithoutChangingAnswers()
    {
        await using var db = await TestDatabase.CreateAsync();
        await PlainSqlAsync(db, """
            INSERT INTO ACS_CUSTOMER (ID, NAME) VALUES (7001, 'Quetzal Importers');
            INSERT INTO ACS_CUSTOMER_SN (CUSTOMER_ID, SN) VALUES (7001, '0800987654');
            """);
        var su = db.ServiceAs("su");

        Assert.Equal(1, await PendingAsync(db, "JARVIS_NAME_PENDING"));
        Assert.Equal([7001L], await IdsAsync(su, "quetzal"));
        Assert.Equal([7001L], await IdsAsync(su, "987654"));

        Assert.Equal(2, await Upkeep(db).FoldPendingAsync());

        Assert.Equal(0, await PendingAsync(db, "JARVIS_NAME_PENDING") + await PendingAsync(db, "JARVIS_SN_PENDING"));
        Assert.Equal([7001L], await IdsAsync(su, "quetzal"));
        Assert.Equal([7001L], await IdsAsync(su, "987654"));
        Assert.Equal(await ExpectedAsync(db, "rapi", null), await IdsAsync(su, "rapi"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RenamedAndDeletedRows_AreNeverFoundUnderTheirOldNames_PendingOrFolded(bool fold)
    {
        await using var db = await TestDatabase.CreateAsync();
        var su = db.ServiceAs("su");
        await PlainSqlAsync(db, "INSERT INTO ACS_CUSTOMER (ID, NAME) VALUES (7001, 'Quetzal Importers');");
        await FoldIfAsync();

        await PlainSqlAsync(db, "UPDATE ACS_CUSTOMER SET NAME = 'Quetzal Exporters' WHERE ID = 7001;");
        await FoldIfAsync();
        Assert.Empty(await IdsAsync(su, "importers"));
        // Old and new name both match: the customer comes once.
        Assert.Equal([7001L], await IdsAsync(su, "quetzal"));
        Assert.Equal(1, await su.CountAsync("quetzal"));

        await PlainSqlAsync(db, "UPDATE ACS_CUSTOMER SET ID = 7002 WHERE ID = 7001;");
        await FoldIfAsync();
        Assert.Equal([7002L], await IdsAsync(su, "exporters"));

        await PlainSqlAsync(db, """
            UPDATE ACS_CUSTOMER_SN SET SN = '0800111999' WHERE CUSTOMER_ID = 3134;
            DELETE FROM ACS_CUSTOMER WHERE ID = 7002;
            """);
        await FoldIfAsync();
        Assert.Empty(await IdsAsync(su, "exporters"));
        Assert.Equal(0, await su.CountAsync("quetzal"));
        Assert.Equal([3134L], await IdsAsync(su, "111999"));
        Assert.Equal(await ExpectedAsync(db, "0800", null), await IdsAsync(su, "0800"));

        async Task FoldIfAsync()
        {
            if (fold)
            {
                await Upkeep(db).FoldPendingAsync();
            }
        }
    }

    [Fact]
    public async Task TwoPortalProcessesOnOneFile_EachFindsTheRowsTheOtherWrote_BeforeAndAfterBothFold()
    {
        await using var db = await TestDatabase.CreateAsync();
        // A second process: its own JarvisDatabase, writer queue and connections (no pool shared with the first).
        var otherOptions = new DatabaseOptions { ConnectionString = db.DatabaseOptions.ConnectionString + ";Pooling=False" };
        using var other = new JarvisDatabase(Options.Create(otherOptions), db.Factory);
        var otherStatements = new CustomerStatements(other);
        using var otherPlanner = new SearchPlanner(other, otherStatements);
        var otherSu = new CustomerService(other, otherStatements, otherPlanner, new FixedUser("su"), db.Policy, db.Telemetry);
        var su = db.ServiceAs("su");

        await InsertAsync(db.Database, 7001, "Quetzal Importers");
        await InsertAsync(other, 7002, "Quokka Logistics");

        Assert.Equal([7002L], await IdsAsync(su, "quokka"));
        Assert.Equal([7001L], await IdsAsync(otherSu, "quetzal"));

        await Task.WhenAll(Upkeep(db).FoldPendingAsync(), new SearchIndexUpkeep(other).FoldPendingAsync());

        Assert.Equal(0, await PendingAsync(db, "JARVIS_NAME_PENDING"));
        Assert.Equal([7002L], await IdsAsync(su, "quokka"));
        Assert.Equal([7001L], await IdsAsync(otherSu, "quetzal"));
        Assert.Equal([7001L], await IdsAsync(su, "quetzal"));

        static async Task InsertAsync(JarvisDatabase database, long id, string name)
        {
            await using var write = await database.BeginWriteAsync();
            await write.Connection.ExecuteAsync(database.Command(
                "INSERT INTO ACS_CUSTOMER (ID, NAME) VALUES (:id, :name)", new { id, name }, write.Transaction));
            await write.CommitAsync();
        }
    }

    [Fact]
    public async Task DatabaseWhoseIndexIsKeptRowByRow_GetsThePendingUpkeepAtStart_AndKeepsItsIndex()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using (var raw = RawConnection(db))
        {
            await raw.ExecuteAsync("""
                DROP TRIGGER JARVIS_NAME_PENDING_AI; DROP TRIGGER JARVIS_NAME_PENDING_AU; DROP TRIGGER JARVIS_NAME_PENDING_AD;
                DROP TRIGGER JARVIS_SN_PENDING_AI; DROP TRIGGER JARVIS_SN_PENDING_AU; DROP TRIGGER JARVIS_SN_PENDING_AD;
                DROP TABLE JARVIS_NAME_PENDING; DROP TABLE JARVIS_SN_PENDING;
                CREATE TRIGGER JARVIS_NAME_SEARCH_AD AFTER DELETE ON ACS_CUSTOMER BEGIN
                    DELETE FROM JARVIS_NAME_SEARCH WHERE rowid = old.ID;
                END;
                CREATE TRIGGER JARVIS_SN_SEARCH_AD AFTER DELETE ON ACS_CUSTOMER_SN BEGIN
                    DELETE FROM JARVIS_SN_SEARCH WHERE rowid = old.ID;
                END;
                """);
        }

        await new SchemaInitializer(db.Database, Options.Create(db.DatabaseOptions), NullLogger<SchemaInitializer>.Instance).InitializeAsync();
        await PlainSqlAsync(db, "INSERT INTO ACS_CUSTOMER (ID, NAME) VALUES (7001, 'Quetzal Importers');");

        await using var connection = RawConnection(db);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'JARVIS\\_%\\_SEARCH\\_%' ESCAPE '\\'"));
        Assert.Equal(1, await PendingAsync(db, "JARVIS_NAME_PENDING"));
        var su = db.ServiceAs("su");
        Assert.Equal([7001L], await IdsAsync(su, "quetzal"));
        Assert.Equal(await ExpectedAsync(db, "rapi", null), await IdsAsync(su, "rapi"));
    }

    private static SearchIndexUpkeep Upkeep(TestDatabase db) => new(db.Database);

    private static async Task<long> PendingAsync(TestDatabase db, string table)
    {
        await using var connection = RawConnection(db);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    private sealed class FixedUser(string username) : Jarvis.Core.Security.ICurrentUser
    {
        public ValueTask<Jarvis.Core.Security.JarvisUser?> GetUserAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<Jarvis.Core.Security.JarvisUser?>(TestDatabase.UserOf(username));
    }
}
