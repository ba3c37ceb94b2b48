using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jarvis.Portal.Security;
using Jarvis.Portal.Tests.OpenApi;
using Jarvis.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jarvis.Portal.Tests.Api;

/// <summary>A real SQLite file in its own temp folder; the portal seeds it with the demo data on first start.</summary>
public sealed class DatabaseFile : IDisposable
{
    private readonly TempFolder _folder = new("jarvis-api-tests");

    public DatabaseFile(string options = "Default Timeout=5")
    {
        Path_ = _folder.PathOf("jarvis.db");
        ConnectionString = $"Data Source={Path_};{options}";
    }

    public string Folder => _folder.Path;

    public string Path_ { get; }

    public string ConnectionString { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose() => _folder.Dispose();
}

/// <summary>The portal over a <see cref="DatabaseFile"/>, in the Development environment (where error pages would show).</summary>
public sealed class PortalFactory(DatabaseFile database, Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public LogSink Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Jarvis", database.ConnectionString);
        builder.UseSetting("Jarvis:Database:SeedDemoData", "true");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<LogSink>(null, LogLevel.Debug));
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    /// <summary>
    /// A client that neither follows redirects nor keeps cookies (every test sends its cookie itself, as curl does), and
    /// records every answer for the check against the served OpenAPI document (<see cref="AnswerRecorder"/>).
    /// </summary>
    public ApiClient Client(string baseAddress = "http://localhost") =>
        new(CreateDefaultClient(new Uri(baseAddress), new AnswerRecorder()));
}

/// <summary>One database and one running portal for a whole test class (tests that change nothing, or only their own rows).</summary>
public sealed class SharedPortal : IAsyncLifetime
{
    public DatabaseFile Database { get; } = new();

    public PortalFactory Factory { get; private set; } = null!;

    public ApiClient Client { get; private set; } = null!;

    private readonly ConcurrentDictionary<string, string> _sessions = new();

    public Task InitializeAsync()
    {
        Factory = new PortalFactory(Database);
        Client = Factory.Client();
        return Task.CompletedTask;
    }

    /// <summary>A session of the demo user, made once per class.</summary>
    public async Task<string> SessionOf(string username)
    {
        if (_sessions.TryGetValue(username, out var sid))
        {
            return sid;
        }

        sid = await Client.LoginAsync(username);
        return _sessions.GetOrAdd(username, sid);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        Database.Dispose();
    }
}

/// <summary>An HTTP client for the API that sends the session cookie by hand, like the curl lines of the spec.</summary>
public sealed class ApiClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public static string PasswordOf(string username) => $"{username}-demo";

    /// <summary>Logs in with a form post and returns the new session id from Set-Cookie.</summary>
    public async Task<string> LoginAsync(string username, string basePath = "")
    {
        using var response = await Http.PostAsync($"{basePath}/__login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = username,
            ["password"] = PasswordOf(username),
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return SessionCookieOf(response) ?? throw new InvalidOperationException($"No session cookie for {username}.");
    }

    public static string? SessionCookieOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Where(v => v.StartsWith(SessionCookie.Name + "=", StringComparison.Ordinal))
                .Select(v => v[(SessionCookie.Name.Length + 1)..].Split(';')[0])
                .FirstOrDefault()
            : null;

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? sid, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (sid is not null)
        {
            request.Headers.Add("Cookie", $"{SessionCookie.Name}={sid}");
        }

        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? sid) => SendAsync(HttpMethod.Get, path, sid);

    public Task<HttpResponseMessage> PutJsonAsync(string path, string? sid, string body, string contentType = "application/json;charset=utf-8") =>
        SendAsync(HttpMethod.Put, path, sid, Body(body, contentType));

    public static ByteArrayContent Body(string body, string? contentType) => Body(Encoding.UTF8.GetBytes(body), contentType);

    public static ByteArrayContent Body(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    /// <summary>Status and parsed JSON of a response; fails when the body is not JSON with the API's content type.</summary>
    public static async Task<(HttpStatusCode Status, JsonNode Json)> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
            return (response.StatusCode, JsonNode.Parse(text) ?? throw new InvalidOperationException("null JSON"));
        }
    }

    public async Task<(HttpStatusCode Status, JsonNode Json)> GetJsonAsync(string path, string? sid) =>
        await ReadAsync(await GetAsync(path, sid));

    public async Task<(HttpStatusCode Status, JsonNode Json)> PutAsync(string path, string? sid, string body, string contentType = "application/json;charset=utf-8") =>
        await ReadAsync(await PutJsonAsync(path, sid, body, contentType));

    public void Dispose() => Http.Dispose();
}

/// <summary>Compares JSON as the spec means it: same keys, same value types, same values; key order does not matter.</summary>
public static class Json
{
    public static void Equal(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual),
            $"Expected {JsonNode.Parse(expected)?.ToJsonString()}\nbut got  {actual?.ToJsonString()}");

    public static string[] Ids(JsonNode json) =>
        json.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToArray();

    public static string Refusal(string message, string username, string groupList) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["message"] = message,
            ["success"] = 0,
            ["group_list"] = groupList,
            ["logged_in"] = "1",
            ["error_string"] = "",
            ["username"] = username,
        });

    public const string SuGroups = "ACS_BOSS,CCS Superuser";
}

/// <summary>Keeps every log entry of the portal, so that tests can wait for one.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private event Action? Added;

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Waits until an entry matching <paramref name="match"/> arrives (or is already there); fails after <paramref name="timeout"/>.</summary>
    public async Task<LogEntry> WaitForAsync(Func<LogEntry, bool> match, TimeSpan? timeout = null)
    {
        var found = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            var entry = _entries.FirstOrDefault(match);
            if (entry is not null)
            {
                found.TrySetResult(entry);
            }
        }

        Added += Check;
        try
        {
            Check();
            return await found.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        finally
        {
            Added -= Check;
        }
    }

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        _entries.Enqueue(entry);
        Added?.Invoke();
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Add(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}

public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

/// <summary>A portal on a database of its own, for one test that writes.</summary>
public sealed class FreshPortal : IAsyncDisposable
{
    private FreshPortal(DatabaseFile database, PortalFactory factory)
    {
        Database = database;
        Factory = factory;
        Client = factory.Client();
    }

    public DatabaseFile Database { get; }

    public PortalFactory Factory { get; }

    public ApiClient Client { get; }

    public static FreshPortal Start(Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null, string databaseOptions = "Default Timeout=5")
    {
        var database = new DatabaseFile(databaseOptions);
        return new FreshPortal(database, new PortalFactory(database, services, settings));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        Database.Dispose();
    }
}
