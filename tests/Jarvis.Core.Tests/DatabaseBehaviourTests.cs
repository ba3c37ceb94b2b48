using Dapper;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;
using Jarvis.Core.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Tests;

/// <summary>
/// The database under API.md sections 4 and 5: the command timeout, limits counted in the column's terms, an outage
/// told from a fault, and an ACS user whose customer is deleted.
/// </summary>
public sealed class DatabaseBehaviourTests
{
    [Fact]
    public void CommandTimeout_Unset_IsTheSqliteConnectionStringsDefaultTimeout_AndOracles30Seconds()
    {
        var sqlite = new JarvisDatabase(Options.Create(new DatabaseOptions { ConnectionString = "Data Source=x.db;Default Timeout=5" }));
        var sqliteDefault = new JarvisDatabase(Options.Create(new DatabaseOptions { ConnectionString = "Data Source=x.db" }));

        Assert.Equal(5, sqlite.CommandTimeout);
        Assert.Equal(30, sqliteDefault.CommandTimeout);
        Assert.Equal(30, new OracleDialect().DefaultCommandTimeout("User Id=x;Data Source=y"));
    }

    [Fact]
    public void CommandTimeout_Configured_IsOnEveryCommandDefinition()
    {
        var database = new JarvisDatabase(Options.Create(new DatabaseOptions { ConnectionString = "Data Source=x.db", CommandTimeout = 12 }));

        Assert.Equal(12, database.CommandTimeout);
        Assert.Equal(12, database.Command("SELECT 1").CommandTimeout);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void CommandTimeout_NotPositive_FailsAtStart(int seconds)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new JarvisDatabase(Options.Create(new DatabaseOptions { ConnectionString = "Data Source=x.db", CommandTimeout = seconds })));

        Assert.Contains("Jarvis:Database:CommandTimeout", error.Message);
    }

    [Fact]
    public void Validate_ByteSemantics_CountsUtf8Bytes_CharSemanticsCountsCharacters()
    {
        var fiftyAccents = new CustomerChange(new string('é', 50), null);
        var fiftyAscii = new CustomerChange(new string('e', 50), null);
        var description = new CustomerChange(null, new string('ñ', 128)); // 256 bytes

        Assert.Null(CustomerRules.Validate(fiftyAccents, LengthSemantics.Char));
        Assert.Equal(new UpdateResult.Refused(CustomerRules.ReferenceTooLong, CustomerField.Reference), CustomerRules.Validate(fiftyAccents, LengthSemantics.Byte));
        Assert.Null(CustomerRules.Validate(fiftyAscii, LengthSemantics.Byte));
        Assert.Equal(new UpdateResult.Refused(CustomerRules.DescriptionTooLong, CustomerField.Description), CustomerRules.Validate(description, LengthSemantics.Byte));
        Assert.Equal(100, CustomerRules.LengthOf(new string('é', 50), LengthSemantics.Byte));
    }

    [Fact]
    public async Task Update_ByteSemanticsConfigured_RefusesWhatTheColumnWouldRefuse_AndChangesNothing()
    {
        await using var db = await TestDatabase.CreateAsync(configure: o => o.LengthSemantics = LengthSemantics.Byte);
        var before = await db.SnapshotAsync();

        var result = await db.ServiceAs("su").UpdateAsync(3134, new CustomerChange(new string('é', 26), null));

        Assert.Equal(new UpdateResult.Refused(CustomerRules.ReferenceTooLong, CustomerField.Reference), result);
        Assert.Equal(before, await db.SnapshotAsync());
        Assert.Equal(LengthSemantics.Char, new SqliteDialect().DefaultLengthSemantics);
        Assert.Equal(LengthSemantics.Byte, new OracleDialect().DefaultLengthSemantics);
    }

    [Fact]
    public void OracleDialect_ValueTooLarge_NamesTheColumn_WhichCustomerRulesTurnsIntoTheFieldsRefusal()
    {
        var dialect = new OracleDialect();
        var tooLarge = new StrictProviderException(12899, "value too large for column \"SMF\".\"ACS_CUSTOMER\".\"CUSTOMER_REFERENCE\" (actual: 51, maximum: 50)");
        var description = new StrictProviderException(12899, "value too large for column \"ACS_CUSTOMER\".\"DESCRIPTION\" (actual: 300, maximum: 255)");

        Assert.Equal("CUSTOMER_REFERENCE", dialect.ValueTooLongColumn(tooLarge));
        Assert.Equal(new UpdateResult.Refused(CustomerRules.ReferenceTooLong, CustomerField.Reference), CustomerRules.TooLongFor("CUSTOMER_REFERENCE"));
        Assert.Equal(new UpdateResult.Refused(CustomerRules.DescriptionTooLong, CustomerField.Description), CustomerRules.TooLongFor(dialect.ValueTooLongColumn(description)!));
        Assert.Null(dialect.ValueTooLongColumn(new StrictProviderException(1, "unique constraint (SMF.ACS_CUSTOMER_REF_UK) violated")));
        // A host in another language words the message differently; the number and the quoted names stay.
        Assert.Equal("DESCRIPTION", dialect.ValueTooLongColumn(new StrictProviderException(12899,
            "Wert zu groß für Spalte \"SMF\".\"ACS_CUSTOMER\".\"DESCRIPTION\" (aktuell: 300, maximal: 255)")));
        Assert.Null(dialect.ValueTooLongColumn(new StrictProviderException(12899, "no quoted column here")));
        Assert.Equal(CustomerRules.NameTooLong, CustomerRules.FieldOfColumn("NAME")!.TooLong);
        Assert.Null(CustomerRules.TooLongFor("SN"));
        Assert.False(dialect.IsOutage(tooLarge));
    }

    [Fact]
    public void DatabaseError_Ora01013_IsACancellationWhenTheCallerCancelled_ElseATimeoutOutage()
    {
        var cancelled = new StrictProviderException(1013, "user requested cancel of current operation");

        Assert.Equal(new DatabaseError(false, "ORA-01013") { IsCancelled = true }, DatabaseError.Of(cancelled, callerCancelled: true));
        Assert.Equal(new DatabaseError(true, "ORA-01013"), DatabaseError.Of(cancelled));
        Assert.False(DatabaseError.Of(new StrictProviderException(3113, "end-of-file on communication channel"), callerCancelled: true).IsCancelled);
    }

    [Fact]
    public void DatabaseError_OfAProviderNoDialectKnows_IsAFaultNamedByItsType()
    {
        var error = DatabaseError.Of(new UnknownProviderException());

        Assert.Equal(new DatabaseError(false, nameof(UnknownProviderException)), error);
    }

    private sealed class UnknownProviderException() : System.Data.Common.DbException("connection refused");

    [Theory]
    [InlineData(3113, true)]
    [InlineData(3114, true)]
    [InlineData(12541, true)]
    [InlineData(12170, true)]
    [InlineData(1013, true)]
    [InlineData(1036, false)]
    [InlineData(942, false)]
    [InlineData(904, false)]
    [InlineData(1, false)]
    public void OracleDialect_OnlyConnectionClassErrors_AreAnOutage(int number, bool outage)
    {
        var error = new StrictProviderException(number, "text");

        Assert.Equal(outage, new OracleDialect().IsOutage(error));
        Assert.Equal($"ORA-{number:D5}", new OracleDialect().ErrorCode(error));
    }

    [Fact]
    public async Task SqliteDialect_LockedOrUnopenableFile_IsAnOutage_ABadStatementIsNot()
    {
        await using var db = await TestDatabase.CreateAsync(seedDemoData: false);
        var dialect = new SqliteDialect();
        var badStatement = await Assert.ThrowsAsync<SqliteException>(() => db.ExecuteAsync("SELECT NO_SUCH_COLUMN FROM ACS_CUSTOMER"));
        var cannotOpen = Assert.Throws<SqliteException>(() =>
        {
            using var c = new SqliteConnection($"Data Source={Path.Combine(db.FilePath, "missing-folder", "x.db")}");
            c.Open();
        });

        Assert.False(dialect.IsOutage(badStatement));
        Assert.True(dialect.IsOutage(cannotOpen));
        Assert.True(dialect.IsOutage(new SqliteException("database is locked", 5)));
        Assert.Equal("SQLITE (1/1)", dialect.ErrorCode(badStatement));
        Assert.Equal(new DatabaseError(true, "SQLITE (14/14)"), DatabaseError.Of(cannotOpen));
    }

    [Theory]
    [InlineData("Default Timeout=5")]
    [InlineData("Default Timeout=5;Foreign Keys=False")]
    public async Task SqliteConnectionString_WhateverItSays_HasForeignKeysOnAndEnforced(string configured)
    {
        await using var db = await TestDatabase.CreateAsync(seedDemoData: false);
        var database = new JarvisDatabase(Options.Create(new DatabaseOptions { ConnectionString = $"Data Source={db.FilePath};{configured}" }), db.Factory);

        await using var connection = await database.OpenAsync();
        var orphan = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("INSERT INTO ACS_CUSTOMER_SN (CUSTOMER_ID, SN) VALUES (424242, '0800000000')"));

        Assert.True(new SqliteConnectionStringBuilder(database.ConnectionString).ForeignKeys);
        Assert.Equal(5, database.CommandTimeout);
        Assert.Equal((19, 787), (orphan.SqliteErrorCode, orphan.SqliteExtendedErrorCode));
    }

    [Fact]
    public async Task SqliteConnection_ReadsTheFileThroughAMemoryMapAndItsOwnCache()
    {
        await using var db = await TestDatabase.CreateAsync(seedDemoData: false);

        await using var connection = await db.Database.OpenAsync();

        // SQLite answers the size it applied: less when the library was built with a smaller limit.
        Assert.Equal(SqliteDialect.MemoryMapBytes, await connection.ExecuteScalarAsync<long>("PRAGMA mmap_size"));
        Assert.Equal(-SqliteDialect.PageCacheKibibytes, await connection.ExecuteScalarAsync<long>("PRAGMA cache_size"));
    }

    [Fact]
    public async Task AcsUser_WhoseCustomerIsDeleted_KeepsNoCustomerAndSeesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        // What OCNCC does when it deletes customer 3134: its numbers and its link as a parent go first.
        await db.ExecuteAsync("DELETE FROM ACS_CUSTOMER_SN WHERE CUSTOMER_ID = 3134");
        await db.ExecuteAsync("UPDATE ACS_CUSTOMER SET PARENT_CUSTOMER_ID = NULL WHERE PARENT_CUSTOMER_ID = 3134");

        var deleted = await db.ExecuteAsync("DELETE FROM ACS_CUSTOMER WHERE ID = 3134");
        var login = Assert.IsType<LoginResult.Success>(await db.Users.LoginAsync("rapidity", "rapidity-demo", TestDatabase.Address));
        var user = (await db.Sessions.GetAndSlideAsync(login.SessionId))!.User;
        var service = db.ServiceAs(user);

        Assert.Equal(1, deleted);
        Assert.Null(user.OwnCustomerId);
        Assert.Equal(0, await service.CountAsync(null));
        Assert.Empty(await service.SearchAsync(new CustomerQuery(null)).ToListAsync());
        Assert.Null(await service.GetAsync(3140));
        Assert.Equal(new UpdateResult.Refused(CustomerRules.MayNotChange(3140)), await service.UpdateAsync(3140, new CustomerChange("X", null)));
    }
}
