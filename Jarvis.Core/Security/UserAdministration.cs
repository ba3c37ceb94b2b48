using System.Data.Common;
using Dapper;
using Jarvis.Core.Data;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Security;

/// <summary>One user as an administrator sees it: never the password hash.</summary>
public sealed record UserSummary(string Username, UserType Type, long? CustomerId, bool Locked, IReadOnlyList<string> Groups);

/// <summary>Outcome of an administrative change: done, or refused with a one-line reason and nothing changed.</summary>
public abstract record AdminResult
{
    public sealed record Done(UserSummary User) : AdminResult;

    public sealed record Refused(string Message) : AdminResult;
}

/// <summary>
/// Creating and changing portal users (JARVIS_USER and its groups), on SQLite and Oracle alike. Every refusal changes
/// nothing. Locking a user or setting a new password ends the user's live sessions.
/// </summary>
public sealed class UserAdministration(JarvisDatabase database, IOptions<SecurityOptions> security)
{
    public static string UnknownUser(string username) => $"No user named '{username}'.";

    public static string DuplicateUser(string username) => $"A user named '{username}' already exists.";

    public static string UnknownCustomer(long customerId) => $"No customer with id {customerId}.";

    public const string AcsNeedsCustomer = "An ACS user belongs to one customer: give --customer ID.";
    public const string SmfHasNoCustomer = "An SMF user belongs to no customer: leave out --customer.";
    public const string NeedsGroup = "Give at least one --group.";
    public const string EmptyPassword = "The password is empty.";
    public const string BadName = "A user name is 1 to 128 characters, without spaces or control characters.";
    public const string BusyAdding = "Other users were being added at the same time; nothing was changed: try again.";

    private const int MaxInsertAttempts = 5;

    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var users = await connection.QueryAsync<UserRow>(database.Command(
            UserAdministrationSql.ListUsers, cancellationToken: cancellationToken));
        var groups = (await connection.QueryAsync<(long UserId, string GroupName)>(database.Command(
                UserAdministrationSql.ListGroups, cancellationToken: cancellationToken)))
            .ToLookup(g => g.UserId, g => g.GroupName);
        return users.Select(u => Summary(u, groups[u.Id].ToList())).ToList();
    }

    public async Task<UserSummary?> FindAsync(string username, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(u => u.Username == username);

    public async Task<AdminResult> AddAsync(
        string username, UserType type, long? customerId, IReadOnlyCollection<string> groups, string password,
        CancellationToken cancellationToken = default)
    {
        var refusal = username.Length is 0 or > 128 || username.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? BadName
            : type == UserType.Acs && customerId is null ? AcsNeedsCustomer
            : type == UserType.Smf && customerId is not null ? SmfHasNoCustomer
            : groups.Count == 0 ? NeedsGroup
            : password.Length == 0 ? EmptyPassword
            : null;
        if (refusal is not null)
        {
            return new AdminResult.Refused(refusal);
        }

        await using var write = await database.BeginWriteAsync(cancellationToken);
        var (connection, tx) = (write.Connection, write.Transaction);
        if (await UserIdAsync(connection, tx, username, cancellationToken) is not null)
        {
            return new AdminResult.Refused(DuplicateUser(username));
        }

        if (customerId is { } id && await connection.ExecuteScalarAsync<long>(database.Command(
                UserAdministrationSql.CustomerExists, new { customerId = id }, tx, cancellationToken: cancellationToken)) == 0)
        {
            return new AdminResult.Refused(UnknownCustomer(id));
        }

        var row = new { username, userType = type == UserType.Acs ? "ACS" : "SMF", customerId, passwordHash = PasswordHasher.Hash(password) };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await connection.ExecuteAsync(database.Command(UserAdministrationSql.InsertUser, row, tx, cancellationToken: cancellationToken));
                break;
            }
            catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
            {
                // The name taken, or the id: another administrator's insert committed the same MAX(ID) + 1 first. The
                // failed statement alone is undone; the next attempt reads the new highest id.
                if (await UserIdAsync(connection, tx, username, cancellationToken) is not null)
                {
                    return new AdminResult.Refused(DuplicateUser(username));
                }

                if (attempt == MaxInsertAttempts)
                {
                    return new AdminResult.Refused(BusyAdding);
                }
            }
        }

        var userId = (await UserIdAsync(connection, tx, username, cancellationToken))!.Value;
        await InsertGroupsAsync(connection, tx, userId, groups.Distinct(StringComparer.Ordinal), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return await DoneAsync(username, cancellationToken);
    }

    /// <summary>Sets a new password and ends the user's live sessions.</summary>
    public async Task<AdminResult> SetPasswordAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        if (password.Length == 0)
        {
            return new AdminResult.Refused(EmptyPassword);
        }

        return await ChangeAsync(username, async (connection, tx, userId) =>
        {
            await connection.ExecuteAsync(database.Command(
                UserAdministrationSql.UpdatePassword, new { userId, passwordHash = PasswordHasher.Hash(password) }, tx,
                cancellationToken: cancellationToken));
            await EndSessionsAsync(connection, tx, userId, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Locks (and ends every live session of) or unlocks the user.</summary>
    public async Task<AdminResult> SetLockedAsync(string username, bool locked, CancellationToken cancellationToken = default) =>
        await ChangeAsync(username, async (connection, tx, userId) =>
        {
            await connection.ExecuteAsync(database.Command(
                UserAdministrationSql.UpdateLocked, new { userId, locked = locked ? 1 : 0 }, tx, cancellationToken: cancellationToken));
            if (locked)
            {
                await EndSessionsAsync(connection, tx, userId, cancellationToken);
            }
        }, cancellationToken);

    /// <summary>Adds and removes groups; adding a group the user has, or removing one they lack, changes nothing.</summary>
    public async Task<AdminResult> ChangeGroupsAsync(
        string username, IReadOnlyCollection<string> add, IReadOnlyCollection<string> remove, CancellationToken cancellationToken = default)
    {
        if (add.Count == 0 && remove.Count == 0)
        {
            return new AdminResult.Refused("Give --add GROUP or --remove GROUP.");
        }

        // Nothing is read before the transaction: each group added is deleted and inserted again, so a group the user
        // already has (or that another administrator added meanwhile) changes nothing and cannot collide.
        return await ChangeAsync(username, async (connection, tx, userId) =>
        {
            foreach (var groupName in remove.Union(add, StringComparer.Ordinal))
            {
                await connection.ExecuteAsync(database.Command(
                    UserAdministrationSql.DeleteGroup, new { userId, groupName }, tx, cancellationToken: cancellationToken));
            }

            await InsertGroupsAsync(connection, tx, userId, add.Distinct(StringComparer.Ordinal), cancellationToken);
        }, cancellationToken);
    }

    /// <summary>True when at least one of the groups lets a user log in (Jarvis:Security:LoginGroups).</summary>
    public bool MayLogIn(IEnumerable<string> groups) =>
        groups.Any(g => security.Value.LoginGroups.Contains(g, StringComparer.Ordinal));

    private async Task<AdminResult> ChangeAsync(
        string username, Func<DbConnection, DbTransaction, long, Task> change, CancellationToken cancellationToken)
    {
        await using (var write = await database.BeginWriteAsync(cancellationToken))
        {
            if (await UserIdAsync(write.Connection, write.Transaction, username, cancellationToken) is not { } userId)
            {
                return new AdminResult.Refused(UnknownUser(username));
            }

            await change(write.Connection, write.Transaction, userId);
            await write.CommitAsync(cancellationToken);
        }

        return await DoneAsync(username, cancellationToken);
    }

    private async Task<AdminResult> DoneAsync(string username, CancellationToken cancellationToken) =>
        await FindAsync(username, cancellationToken) is { } user
            ? new AdminResult.Done(user)
            : new AdminResult.Refused(UnknownUser(username));

    private async Task<long?> UserIdAsync(DbConnection connection, DbTransaction tx, string username, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long?>(database.Command(
            UserAdministrationSql.UserIdByName, new { username }, tx, cancellationToken: cancellationToken));

    private async Task InsertGroupsAsync(
        DbConnection connection, DbTransaction tx, long userId, IEnumerable<string> groups, CancellationToken cancellationToken)
    {
        foreach (var groupName in groups)
        {
            await connection.ExecuteAsync(database.Command(
                UserAdministrationSql.InsertGroup, new { userId, groupName }, tx, cancellationToken: cancellationToken));
        }
    }

    private Task EndSessionsAsync(DbConnection connection, DbTransaction tx, long userId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(database.Command(
            UserAdministrationSql.DeleteSessionsOfUser, new { userId }, tx, cancellationToken: cancellationToken));

    private static UserSummary Summary(UserRow row, IReadOnlyList<string> groups) =>
        new(row.Username, row.UserType == "ACS" ? UserType.Acs : UserType.Smf, row.CustomerId, row.Locked, groups);
}
