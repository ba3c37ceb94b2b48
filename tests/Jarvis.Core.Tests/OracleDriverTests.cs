using Jarvis.Core.Data;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Tests;

/// <summary>The default build has no Oracle driver: choosing Oracle must fail at startup saying how to build with it.</summary>
public sealed class OracleDriverTests
{
    [Fact]
    public void Database_ProviderOracleWithoutTheDriver_FailsNamingTheBuildProperty()
    {
        var options = Options.Create(new DatabaseOptions { Provider = DatabaseProvider.Oracle, ConnectionString = "Data Source=ocncc;User Id=x" });

        var error = Assert.Throws<InvalidOperationException>(() => new JarvisDatabase(options));

        Assert.Contains("-p:JarvisOracle=true", error.Message);
        Assert.Contains("Oracle.ManagedDataAccess.Core", error.Message);
        Assert.Contains("docs/ORACLE.md", error.Message);
        Assert.Equal(OracleDriver.MissingDriverMessage, error.Message);
    }

    [Fact]
    public void Database_ProviderOracleWithoutTheDriver_FailsTheSameWayEveryTime()
    {
        var options = Options.Create(new DatabaseOptions { Provider = DatabaseProvider.Oracle, ConnectionString = "Data Source=ocncc;User Id=x" });

        var first = Assert.Throws<InvalidOperationException>(() => new JarvisDatabase(options));
        var second = Assert.Throws<InvalidOperationException>(() => new JarvisDatabase(options));
        var third = Assert.Throws<InvalidOperationException>(OracleDriver.GetFactory);

        Assert.Equal(first.Message, second.Message);
        Assert.Equal(first.Message, third.Message);
    }
}
