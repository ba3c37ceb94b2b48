using System.Net;
using Jarvis.Portal.Tests.Api;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Jarvis.Portal.Tests.Protection;

/// <summary>The embedded database file deleted or replaced while the portal runs (API.md section 6).</summary>
public sealed class DatabaseFileTests
{
    private const string Update = """{"customer_reference": "VANISHED-1", "description": "written after the file was gone"}""";

    [Fact]
    public async Task DeletedFile_EveryRequestAnswers503_AndNoWriteIsConfirmed()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");

        DeleteDatabaseFiles(portal.Database.Path_);

        var (putStatus, putJson) = await portal.Client.PutAsync("/api/customer/3134", sid, Update);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, putStatus);
        Assert.Equal(0, putJson["success"]!.GetValue<int>());
        foreach (var path in new[] { "/api/customer/3134", "/__status", "/customers", "/login", "/app.css" })
        {
            using var response = await portal.Client.GetAsync(path, sid);
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path}: {response.StatusCode}");
        }

        var error = await portal.Factory.Logs.WaitForAsync(e => e.Level == LogLevel.Error && e.Message.Contains("deleted or replaced", StringComparison.Ordinal));
        Assert.Contains(portal.Database.Path_, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(portal.Database.Path_), "the portal must not create an empty file in its place");
    }

    [Fact]
    public async Task ReplacedFile_WriteIsRefused_AndTheReplacementIsUnchanged()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        var copy = portal.Database.Path_ + ".restored";
        portal.Database.Execute($"VACUUM INTO '{copy}'");

        File.Move(copy, portal.Database.Path_, overwrite: true);
        var (status, _) = await portal.Client.PutAsync("/api/customer/3134", sid, Update);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        // The replacement file itself, read apart from the old file's -wal beside it (whose frames are not its own).
        var check = portal.Database.Path_ + ".check";
        File.Copy(portal.Database.Path_, check);
        await using var connection = new SqliteConnection($"Data Source={check};Pooling=False");
        await connection.OpenAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT CUSTOMER_REFERENCE FROM ACS_CUSTOMER WHERE ID = 3134";
        Assert.Equal("430184/A", await read.ExecuteScalarAsync());
    }

    [Fact]
    public async Task FileMovedAwayAndBack_AnswersAgain()
    {
        await using var portal = FreshPortal.Start();
        var sid = await portal.Client.LoginAsync("su");
        var away = portal.Database.Path_ + ".away";

        File.Move(portal.Database.Path_, away);
        var (gone, _) = await portal.Client.GetJsonAsync("/api/customer/3134", sid);
        File.Move(away, portal.Database.Path_);
        var (back, json) = await portal.Client.GetJsonAsync("/api/customer/3134", sid);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, gone);
        Assert.Equal(HttpStatusCode.OK, back);
        Assert.Equal("Rapidity Inc", json["name"]!.GetValue<string>());
    }

    private static void DeleteDatabaseFiles(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }
}
