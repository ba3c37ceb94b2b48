using Jarvis.Core.Data;
using Jarvis.Core.Diagnostics;
using Jarvis.Core.Security;

namespace Jarvis.Core.Customers;

/// <summary>
/// The one way to read and change customers, for the API and the portal alike. The caller is always the
/// <see cref="ICurrentUser"/>, and what they may reach is decided by <see cref="AccessPolicy"/> inside each SQL statement.
/// One use case a file: finding (<c>CustomerService.Search.cs</c>), reading one (<c>.Read.cs</c>), changing (<c>.Changes.cs</c>).
/// </summary>
public sealed partial class CustomerService(
    JarvisDatabase database, CustomerStatements statements, SearchPlanner planner, ICurrentUser currentUser, AccessPolicy policy,
    JarvisTelemetry telemetry, TimeProvider? timeProvider = null, CustomerChangeFeed? changeFeed = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly CustomerSql _sql = statements.Sql;
    private readonly CustomerLifecycleSql _lifecycle = statements.Lifecycle;

    private async Task<AccessScope> ScopeAsync(CancellationToken cancellationToken) =>
        policy.ScopeFor(await currentUser.GetUserAsync(cancellationToken));

    /// <summary>The binds of a statement about one customer in the caller's scope (Dapper binds only the names the text uses).</summary>
    private static object ScopedId(AccessScope scope, long id) => new { root_id = scope.RootCustomerId, id };

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
