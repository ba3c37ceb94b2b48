using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Testing;

/// <summary>
/// Test hook, bound from <c>Jarvis:Testing:SlowSearch</c> and off unless both values are set. A search or count whose
/// term contains <see cref="Term"/> first blocks its thread for <see cref="Delay"/>, as a slow SQLite query does
/// (Microsoft.Data.Sqlite's async methods complete synchronously). The portal refuses to start with it in Production.
/// </summary>
public sealed class SlowSearchOptions
{
    public const string SectionName = "Jarvis:Testing:SlowSearch";

    public string? Term { get; set; }

    public TimeSpan Delay { get; set; }
}

/// <summary>Applies <see cref="SlowSearchOptions"/>; does nothing when they are not set.</summary>
public sealed class SlowSearchHook(IOptions<SlowSearchOptions> options, ILogger<SlowSearchHook> logger)
{
    /// <summary>No delay at all: what Core uses when the host registers no hook.</summary>
    public static SlowSearchHook Off { get; } =
        new(Options.Create(new SlowSearchOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<SlowSearchHook>.Instance);

    /// <summary>Blocks the calling thread (no await, on purpose) when <paramref name="term"/> asks for the delay.</summary>
    public void BlockIfSlow(string? term)
    {
        var o = options.Value;
        if (string.IsNullOrEmpty(o.Term) || o.Delay <= TimeSpan.Zero || term is null
            || !term.Contains(o.Term, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        logger.LogInformation("Test hook: holding a search for {Delay}", o.Delay);
        Thread.Sleep(o.Delay);
        logger.LogInformation("Test hook: released a search after {Delay}", o.Delay);
    }
}
