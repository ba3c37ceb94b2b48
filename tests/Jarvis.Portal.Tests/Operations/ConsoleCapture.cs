using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Jarvis.Portal.Tests.Operations;

/// <summary>
/// What the console logger would print, captured: every entry written by the console formatter the configuration
/// selects (Logging:Console:FormatterName), with its options and scopes, into a string instead of standard output.
/// </summary>
public sealed class ConsoleCapture(IServiceProvider services) : ILoggerProvider, ISupportExternalScope
{
    private readonly StringBuilder _text = new();
    private IExternalScopeProvider? _scopes;

    public static Action<IServiceCollection> Into(Func<ConsoleCapture, ConsoleCapture> keep) =>
        s => s.AddSingleton<ILoggerProvider>(sp => keep(new ConsoleCapture(sp)));

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private ConsoleFormatter Formatter
    {
        get
        {
            var name = services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
            return services.GetServices<ConsoleFormatter>().Single(f => f.Name == name);
        }
    }

    private sealed class Logger(ConsoleCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes?.Push(state) ?? NullScope.Instance;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var writer = new StringWriter();
            capture.Formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), capture._scopes, writer);
            lock (capture._text)
            {
                capture._text.Append(writer);
            }
        }
    }

    private sealed class NullScope : IDisposable
    {
        public static readonly NullScope Instance = new();

        public void Dispose()
        {
        }
    }
}
