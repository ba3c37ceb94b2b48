using System.Data;
using System.Data.Common;
using Dapper;
using Jarvis.Core.Customers;

namespace Jarvis.Core.Tests;

/// <summary>The strict provider fails where ODP.NET with BindByName would, and Core's statements pass it.</summary>
public sealed class StrictProviderTests
{
    [Fact]
    public async Task Update_SettingAReference_BindsOnlyTheNamesEachStatementUses()
    {
        // ReferenceUsedElsewhere given the update's whole parameter bag would be ORA-01036 on Oracle.
        await using var db = await TestDatabase.CreateAsync(factory: new StrictProviderFactory());

        var result = await db.ServiceAs("su").UpdateAsync(3134, new CustomerChange("STRICT-1", "through the strict provider"));

        Assert.Equal(1, Assert.IsType<UpdateResult.Updated>(result).Modified);
        Assert.Equal("STRICT-1", (await db.ReadRowAsync(3134))!.CustomerReference);
    }

    [Fact]
    public async Task Execute_ANameBoundThatTheStatementDoesNotUse_FailsWithOra01036()
    {
        await using var db = await TestDatabase.CreateAsync(seedDemoData: false, factory: new StrictProviderFactory());
        await using var connection = await db.Database.OpenAsync();
        // Dapper drops an anonymous object's unused members by itself; DynamicParameters.Add binds whatever it is given.
        var parameters = new DynamicParameters();
        parameters.Add("id", 1L);
        parameters.Add("extra", 2L);

        var error = await Assert.ThrowsAsync<StrictProviderException>(() =>
            connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ACS_CUSTOMER WHERE ID = :id", parameters));

        Assert.Equal(1036, error.Number);
        Assert.StartsWith("ORA-01036", error.Message);
        Assert.Contains(":EXTRA", error.Message);
    }

    [Fact]
    public async Task Execute_ANameOfTheStatementLeftUnbound_FailsWithOra01008()
    {
        await using var db = await TestDatabase.CreateAsync(seedDemoData: false, factory: new StrictProviderFactory());
        await using var connection = await db.Database.OpenAsync();

        var error = await Assert.ThrowsAsync<StrictProviderException>(() => connection.ExecuteAsync(
            "UPDATE ACS_CUSTOMER SET DESCRIPTION = :description WHERE ID = :id", new { id = 1L }));

        Assert.Equal(1008, error.Number);
        Assert.Contains(":DESCRIPTION", error.Message);
    }

    [Fact]
    public async Task Execute_AStringOver4000BytesInUtf8_FailsWithOra01460()
    {
        await using var db = await TestDatabase.CreateAsync(seedDemoData: false, factory: new StrictProviderFactory());
        await using var connection = await db.Database.OpenAsync();

        // 2,001 characters, 4,002 bytes: fewer than 4,000 characters would still be too many bytes.
        var error = await Assert.ThrowsAsync<StrictProviderException>(() => connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM ACS_CUSTOMER WHERE NAME = :name", new { name = new string('é', 2001) }));
        var fits = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM ACS_CUSTOMER WHERE NAME = :name", new { name = new string('e', 4000) });

        Assert.Equal(1460, error.Number);
        Assert.Equal(0, fits);
    }

    [Fact]
    public async Task Execute_ABooleanParameter_Fails()
    {
        await using var db = await TestDatabase.CreateAsync(seedDemoData: false, factory: new StrictProviderFactory());
        await using var connection = await db.Database.OpenAsync();

        var error = await Assert.ThrowsAsync<StrictProviderException>(() => connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM JARVIS_USER WHERE LOCKED = :locked", new { locked = true }));

        Assert.Contains("DbType.Boolean", error.Message);
    }

    [Fact]
    public async Task EveryWayToExecute_IsChecked()
    {
        await using var db = await TestDatabase.CreateAsync(seedDemoData: false, factory: new StrictProviderFactory());
        await using var connection = await db.Database.OpenAsync();
        DbCommand Unbound()
        {
            var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM ACS_CUSTOMER WHERE ID = :id";
            return command;
        }

        Assert.Throws<StrictProviderException>(() => Unbound().ExecuteNonQuery());
        Assert.Throws<StrictProviderException>(() => Unbound().ExecuteScalar());
        Assert.Throws<StrictProviderException>(() => Unbound().ExecuteReader());
        Assert.Throws<StrictProviderException>(() => ((IDbCommand)Unbound()).ExecuteReader(CommandBehavior.Default));
        await Assert.ThrowsAsync<StrictProviderException>(() => Unbound().ExecuteNonQueryAsync());
        await Assert.ThrowsAsync<StrictProviderException>(() => Unbound().ExecuteScalarAsync());
        await Assert.ThrowsAsync<StrictProviderException>(() => Unbound().ExecuteReaderAsync());
        await Assert.ThrowsAsync<StrictProviderException>(() => Unbound().ExecuteReaderAsync(CommandBehavior.SequentialAccess));
    }

    [Theory]
    [InlineData("SELECT 1 FROM DUAL WHERE A = :a AND B = :B_2 AND C = :a", "A,B_2")]
    [InlineData("SELECT ':not' FROM DUAL WHERE A = :a", "A")]
    [InlineData("SELECT 'it''s :not' FROM DUAL WHERE A = :a", "A")]
    [InlineData("SELECT q'[it's :not]' FROM DUAL WHERE A = :a", "A")]
    [InlineData("SELECT Q'{:not}' FROM DUAL WHERE A = :a", "A")]
    [InlineData("SELECT \":not\" FROM DUAL WHERE A = :a", "A")]
    [InlineData("SELECT 1 -- :not\nFROM DUAL WHERE A = :a", "A")]
    [InlineData("SELECT /* :not\n :nor */ 1 FROM DUAL WHERE A = :a", "A")]
    [InlineData("SELECT x::text FROM t WHERE a = :a", "A")]
    [InlineData("SELECT 1 FROM t WHERE a = :1 AND b = : c", "1")]
    [InlineData("SELECT 1 FROM DUAL", "")]
    public void BindNames_SkipLiteralsCommentsAndCasts(string sql, string expected)
    {
        Assert.Equal(expected, string.Join(",", BindNames.Of(sql)));
    }
}

/// <summary>test.sh runs this suite twice; the second pass must really go through the strict provider.</summary>
public sealed class ProviderPassTests
{
    [Fact]
    public async Task TestDatabase_OpensStrictConnectionsExactlyWhenThePassIsStrict()
    {
        var strict = string.Equals(Environment.GetEnvironmentVariable(TestDatabase.ProviderVariable), "strict", StringComparison.OrdinalIgnoreCase);
        await using var db = await TestDatabase.CreateAsync(seedDemoData: false);
        await using var connection = await db.Database.OpenAsync();

        Assert.Equal(strict, connection is StrictConnection);
    }
}
