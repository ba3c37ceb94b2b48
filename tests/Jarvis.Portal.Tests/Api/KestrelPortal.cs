using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jarvis.Portal.Tests.Api;

/// <summary>
/// The portal on a real Kestrel port of 127.0.0.1 (Development, a demo database of its own), for what the in-memory
/// test server cannot show: the answers Kestrel's own parser and limits give before any middleware runs.
/// </summary>
public sealed class KestrelPortal : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly DatabaseFile _database = new();

    public KestrelPortal() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    public int Port { get; private set; }

    public Task InitializeAsync()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(address).Port;
        return Task.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Jarvis", _database.ConnectionString);
        builder.UseSetting("Jarvis:Database:SeedDemoData", "true");
    }

    /// <summary>Sends <paramref name="request"/> as raw bytes on a new connection and reads the answer to its end.</summary>
    public async Task<RawAnswer> SendRawAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var read = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stream.CopyToAsync(read, timeout.Token);
        return RawAnswer.Parse(read.ToArray());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _database.Dispose();
    }
}

/// <summary>An HTTP/1.1 answer as it came off the wire: status, headers (names lower-cased), body (de-chunked).</summary>
public sealed record RawAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static RawAnswer Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"no complete answer: {text}");
        var lines = text[..end].Split("\r\n");
        var headers = lines.Skip(1).Select(line => line.Split(':', 2))
            .ToDictionary(pair => pair[0].Trim().ToLowerInvariant(), pair => pair[1].Trim());
        var body = text[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var coding) && coding == "chunked")
        {
            body = Dechunk(body);
        }

        return new RawAnswer(int.Parse(lines[0].Split(' ')[1]), headers, body);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                return body.ToString();
            }

            // Sizes count bytes; the answers read here are ASCII JSON, where bytes and characters agree.
            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
