using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Jarvis.E2E.Infrastructure;

/// <summary>Keeps the server's log lines in memory, so a failing journey can save them beside its screenshot.</summary>
public sealed class ServerLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>What the server logged at Error or Critical: a failed request or a crashed circuit.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    public void Dispose()
    {
    }

    private sealed class Logger(ServerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel >= (category.StartsWith("Microsoft", StringComparison.Ordinal) ? LogLevel.Warning : LogLevel.Information);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}";
            line = exception is null ? line : $"{line}{Environment.NewLine}{exception}";
            log._lines.Enqueue(line);
            if (logLevel >= LogLevel.Error)
            {
                log._errors.Enqueue(line);
            }
        }
    }
}
