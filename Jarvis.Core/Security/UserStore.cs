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

    public const string InvalidCredentials = "Invalid username or password.";
    public const string NotPermitted = "User is not permitted to log in.";
    public const string Locked = "This account is locked. Ask an administrator to unlock it.";
}

/// <summary>
/// Checks passwords and login groups. Wrong user and wrong password answer the same, in about the same time,
/// so that user names cannot be probed.
/// </summary>
public sealed class UserStore(JarvisDatabase database, AccessPolicy policy, SessionStore sessions, JarvisTelemetry telemetry)
{
    public async Task<LoginResult> LoginAsync(string? username, string? password, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            telemetry.LoginFailed(username, "invalid");
            return new LoginResult.Failure(LoginResult.InvalidCredentials);
        }

        UserRow? row;
        IReadOnlyList<string> groups;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            row = await connection.QuerySingleOrDefaultAsync<UserRow>(database.Command(
                SecuritySql.UserByName, new { username }, cancellationToken: cancellationToken));
            groups = row is null ? [] : await GroupsAsync(database, connection, row.Id, cancellationToken);
        }

        if (!PasswordHasher.Verify(password, row?.PasswordHash) || row is null)
        {
            telemetry.LoginFailed(username, "invalid");
            return new LoginResult.Failure(LoginResult.InvalidCredentials);
        }

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

    internal static async Task<IReadOnlyList<string>> GroupsAsync(
        JarvisDatabase database, DbConnection connection, long userId, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(database.Command(
            SecuritySql.GroupsOfUser, new { userId }, cancellationToken: cancellationToken))).ToList();
}
