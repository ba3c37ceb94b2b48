using System.Data.Common;
using Dapper;
using Jarvis.Core.Data;
using Jarvis.Core.Diagnostics;

namespace Jarvis.Core.Security;

/// <summary>Outcome of a login: a new session for the user, or the reason there is none.</summary>
public abstract record LoginResult
{
    public sealed record Success(JarvisUser User, string SessionId) : LoginResult;

    public sealed record Failure(string Message) : LoginResult;

    /// <summary>Too many failures for this user name from this address, or from this address: nothing was checked.</summary>
    public sealed record Throttled(TimeSpan RetryAfter) : LoginResult
    {
        /// <summary>Whole seconds until the lock ends, at least 1 (the <c>Retry-After</c> header).</summary>
        public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));

        public int RetryAfterMinutes => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalMinutes));

        public string Message => TooManyFailures(RetryAfterMinutes);
    }

    public const string InvalidCredentials = "Invalid username or password.";
    public const string NotPermitted = "User is not permitted to log in.";
    public const string Locked = "This account is locked. Ask an administrator to unlock it.";

    /// <summary>The text of API.md section 6, word for word ("minutes" even for one).</summary>
    public static string TooManyFailures(int minutes) => $"Too many failed logins. Try again in {minutes} minutes.";
}

/// <summary>
/// Checks passwords and login groups. Wrong user and wrong password answer the same, in about the same time,
/// so that user names cannot be probed. Failed logins go through <see cref="LoginThrottle"/>: a locked
/// (user name, address) or address is refused before any password is hashed.
/// </summary>
public sealed class UserStore(
    JarvisDatabase database, AccessPolicy policy, SessionStore sessions, JarvisTelemetry telemetry, LoginThrottle throttle)
{
    // A password check costs ~150 ms of CPU. Letting at most half the cores hash at once keeps a flood of logins
    // from starving every logged-in request; further logins wait their turn.
    private static readonly SemaphoreSlim HashGate = new(Math.Max(1, Environment.ProcessorCount / 2));

    public async Task<LoginResult> LoginAsync(
        string? username, string? password, string clientAddress, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            telemetry.LoginFailed(username, "invalid");
            return new LoginResult.Failure(LoginResult.InvalidCredentials);
        }

        if (await throttle.LockedUntilAsync(username, clientAddress, cancellationToken) is { } lockedUntil)
        {
            return new LoginResult.Throttled(lockedUntil - throttle.Now);
        }

        UserRow? row;
        IReadOnlyList<string> groups;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            row = await connection.QuerySingleOrDefaultAsync<UserRow>(database.Command(
                SecuritySql.UserByName, new { username }, cancellationToken: cancellationToken));
            groups = row is null ? [] : await GroupsAsync(database, connection, row.Id, cancellationToken);
        }

        if (!await VerifyAsync(password, row?.PasswordHash, cancellationToken) || row is null)
        {
            telemetry.LoginFailed(username, "invalid");
            await throttle.RecordFailureAsync(username, clientAddress, cancellationToken);
            return new LoginResult.Failure(LoginResult.InvalidCredentials);
        }

        await throttle.ClearAsync(username, clientAddress, cancellationToken);
        if (row.Locked)
        {
            telemetry.LoginFailed(username, "locked");
            return new LoginResult.Failure(LoginResult.Locked);
        }

        var user = row.ToUser(groups);
        if (!policy.MayLogIn(user))
        {
            telemetry.LoginFailed(username, "not_permitted");
            return new LoginResult.Failure(LoginResult.NotPermitted);
        }

        var sessionId = await sessions.CreateAsync(user.Id, cancellationToken);
        telemetry.LoginSucceeded(user.Username);
        return new LoginResult.Success(user, sessionId);
    }

    private static async Task<bool> VerifyAsync(string password, string? stored, CancellationToken cancellationToken)
    {
        await HashGate.WaitAsync(cancellationToken);
        try
        {
            return PasswordHasher.Verify(password, stored);
        }
        finally
        {
            HashGate.Release();
        }
    }

    internal static async Task<IReadOnlyList<string>> GroupsAsync(
        JarvisDatabase database, DbConnection connection, long userId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(database.Command(
            SecuritySql.GroupsOfUser, new { userId }, cancellationToken: cancellationToken))).ToList();
}
