using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Jarvis.Core.Diagnostics;

/// <summary>
/// Jarvis's own log lines and instruments (Meter <c>Jarvis</c>): logins by outcome, customer searches with their
/// duration, customer updates by outcome. Log lines name the user, the customer and the changed fields, never a
/// password, a session id or a field's value.
/// </summary>
public sealed class JarvisTelemetry
{
    public const string MeterName = "Jarvis";

    /// <summary>The category of the audit lines (logins, customer changes), to route or filter them on their own.</summary>
    public const string AuditCategory = "Jarvis.Audit";

    /// <summary>Seconds: from 5 ms (a page of an indexed search) to 10 s (a scan of a very large file).</summary>
    private static readonly double[] SearchBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ILogger _audit;
    private readonly Counter<long> _logins;
    private readonly Histogram<double> _searchDuration;
    private readonly Counter<long> _updates;

    public JarvisTelemetry(IMeterFactory meters, ILoggerFactory loggers)
    {
        _audit = loggers.CreateLogger(AuditCategory);
        var meter = meters.Create(MeterName);
        _logins = meter.CreateCounter<long>("jarvis.logins", "{login}", "Login attempts, by outcome.");
        _searchDuration = meter.CreateHistogram<double>(
            "jarvis.customer.search.duration", "s", "Customer searches: time until the last row was read.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = SearchBuckets });
        _updates = meter.CreateCounter<long>("jarvis.customer.updates", "{update}", "Customer updates, by outcome.");
    }

    public void LoginSucceeded(string username)
    {
        _logins.Add(1, new KeyValuePair<string, object?>("outcome", "success"));
        _audit.LogInformation("Login succeeded for {UserName}", username);
    }

    /// <summary><paramref name="outcome"/> is a fixed word (invalid, locked, not_permitted), never the user's input.</summary>
    public void LoginFailed(string? username, string outcome)
    {
        _logins.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        _audit.LogWarning("Login failed for {UserName}: {Outcome}", username ?? "", outcome);
    }

    public void SearchCompleted(TimeSpan elapsed) => _searchDuration.Record(elapsed.TotalSeconds);

    /// <summary>A stored change: the names (never the values) of the fields whose value changed.</summary>
    public void CustomerChanged(string username, long customerId, IReadOnlyList<string> changedFields)
    {
        _updates.Add(1, new KeyValuePair<string, object?>("outcome", "updated"));
        _audit.LogInformation(
            "Customer {CustomerId} changed by {UserName}: {ChangedFields}", customerId, username, string.Join(",", changedFields));
    }

    /// <summary>A change by someone who sees every customer, of an id that does not exist: nothing stored.</summary>
    public void CustomerChangeFoundNothing(string username, long customerId)
    {
        _updates.Add(1, new KeyValuePair<string, object?>("outcome", "not_found"));
        _audit.LogInformation("Customer {CustomerId} change by {UserName}: no such customer", customerId, username);
    }

    /// <summary>A refused change; the refusal's message is not logged, since it may quote the user's input.</summary>
    public void CustomerChangeRefused(string? username, long customerId)
    {
        _updates.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));
        _audit.LogInformation("Customer {CustomerId} change by {UserName} refused", customerId, username ?? "");
    }

    /// <summary>A customer created (API.md section 9).</summary>
    public void CustomerCreated(string username, long customerId)
    {
        _updates.Add(1, new KeyValuePair<string, object?>("outcome", "created"));
        _audit.LogInformation("Customer {CustomerId} created by {UserName}", customerId, username);
    }

    /// <summary>A refused create; as for a refused change, the message is not logged (it may quote the user's input).</summary>
    public void CustomerCreateRefused(string? username)
    {
        _updates.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));
        _audit.LogInformation("Customer create by {UserName} refused", username ?? "");
    }

    /// <summary>A customer deleted (API.md section 9).</summary>
    public void CustomerDeleted(string username, long customerId)
    {
        _updates.Add(1, new KeyValuePair<string, object?>("outcome", "deleted"));
        _audit.LogInformation("Customer {CustomerId} deleted by {UserName}", customerId, username);
    }
}
