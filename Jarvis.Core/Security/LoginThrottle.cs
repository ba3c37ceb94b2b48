using Dapper;
using Jarvis.Core.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Security;

/// <summary>
/// Counts failed logins in the database (so counts hold across restarts and processes) per (user name, client
/// address) and per client address, and says when either is locked. A lock starts at the failure that reaches the
/// limit within the window and lasts <see cref="LoginThrottleOptions.LockDuration"/>; while locked, no password is
/// checked and nothing more is counted. Another address is never locked out of the same user name.
/// </summary>
public sealed class LoginThrottle(JarvisDatabase database, IOptions<LoginThrottleOptions> options, TimeProvider time, ILogger<LoginThrottle> logger)
{
    /// <summary>Longer user names are stored cut to this length (JARVIS_LOGIN_FAILURE.USERNAME).</summary>
    public const int MaxStoredUsername = 128;

    /// <summary>Longer addresses are stored cut to this length (JARVIS_LOGIN_FAILURE.CLIENT_ADDRESS).</summary>
    public const int MaxStoredAddress = 64;

    private readonly LoginThrottleOptions _options = options.Value;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>When the pair or the address stops being locked; null when neither is locked now.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(string username, string clientAddress, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var failures = await FailuresFromAsync(clientAddress, now, cancellationToken);
        var until = LockEnd(failures, Stored(username, MaxStoredUsername));
        return until > now ? until : null;
    }

    /// <summary>When the address (whatever the user name) stops being locked; null when it is not locked now.</summary>
    public async Task<DateTimeOffset?> AddressLockedUntilAsync(string clientAddress, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var until = AddressLockEnd(await FailuresFromAsync(clientAddress, now, cancellationToken));
        return until > now ? until : null;
    }

    /// <summary>Counts one failed login; returns the lock it starts, if it reaches a limit (and logs that lock).</summary>
    public async Task<DateTimeOffset?> RecordFailureAsync(string username, string clientAddress, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var user = Stored(username, MaxStoredUsername);
        var address = Stored(clientAddress, MaxStoredAddress);
        await using (var write = await database.BeginWriteAsync(cancellationToken))
        {
            await write.Connection.ExecuteAsync(database.Command(
                LoginThrottleSql.InsertFailure, new { username = user, address, failedAt = now.ToUnixTimeMilliseconds() },
                write.Transaction, cancellationToken));
            await write.CommitAsync(cancellationToken);
        }

        var failures = await FailuresFromAsync(clientAddress, now, cancellationToken);
        var pairUntil = PairLockEnd(failures, user);
        var addressUntil = AddressLockEnd(failures);
        if (addressUntil > now && addressUntil >= pairUntil)
        {
            logger.LogWarning(
                "Logins from {ClientAddress} locked until {LockedUntil:u} after {Failures} failed logins (last for user {Username})",
                address, addressUntil, failures.Count, user);
            return addressUntil;
        }

        if (pairUntil > now)
        {
            logger.LogWarning(
                "Logins as {Username} from {ClientAddress} locked until {LockedUntil:u} after repeated failed logins",
                user, address, pairUntil);
            return pairUntil;
        }

        return null;
    }

    /// <summary>A successful login clears the pair's failures (the address's other failures stay).</summary>
    public async Task ClearAsync(string username, string clientAddress, CancellationToken cancellationToken = default)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken);
        await write.Connection.ExecuteAsync(database.Command(
            LoginThrottleSql.DeletePair,
            new { username = Stored(username, MaxStoredUsername), address = Stored(clientAddress, MaxStoredAddress) },
            write.Transaction, cancellationToken));
        await write.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes failures too old to matter to any count or lock; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken);
        var purged = await write.Connection.ExecuteAsync(database.Command(
            LoginThrottleSql.DeleteOlderThan,
            new { before = (time.GetUtcNow() - _options.Horizon).ToUnixTimeMilliseconds() },
            write.Transaction, cancellationToken));
        await write.CommitAsync(cancellationToken);
        return purged;
    }

    private async Task<List<Failure>> FailuresFromAsync(string clientAddress, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Failure>(database.Command(
            LoginThrottleSql.FailuresFromAddress,
            new { address = Stored(clientAddress, MaxStoredAddress), since = (now - _options.Horizon).ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    private DateTimeOffset LockEnd(List<Failure> failures, string username)
    {
        var pair = PairLockEnd(failures, username);
        var address = AddressLockEnd(failures);
        return pair > address ? pair : address;
    }

    private DateTimeOffset PairLockEnd(List<Failure> failures, string username) =>
        LockEnd(failures.Where(f => f.Username == username).Select(f => f.FailedAt).ToList(),
            _options.PairFailureLimit, _options.PairWindow, _options.LockDuration);

    private DateTimeOffset AddressLockEnd(List<Failure> failures) =>
        LockEnd(failures.Select(f => f.FailedAt).ToList(), _options.AddressFailureLimit, _options.AddressWindow, _options.LockDuration);

    /// <summary>
    /// The end of the latest lock: each failure that is the <paramref name="limit"/>-th within <paramref name="window"/>
    /// starts a lock of <paramref name="lockDuration"/>. <paramref name="failedAt"/> is in ascending order (Unix ms).
    /// </summary>
    internal static DateTimeOffset LockEnd(IReadOnlyList<long> failedAt, int limit, TimeSpan window, TimeSpan lockDuration)
    {
        var end = DateTimeOffset.MinValue;
        if (limit < 1)
        {
            return end;
        }

        for (var i = limit - 1; i < failedAt.Count; i++)
        {
            if (failedAt[i] - failedAt[i - limit + 1] < window.TotalMilliseconds)
            {
                var until = DateTimeOffset.FromUnixTimeMilliseconds(failedAt[i]) + lockDuration;
                end = until > end ? until : end;
            }
        }

        return end;
    }

    private static string Stored(string value, int maxLength) => value.Length <= maxLength ? value : value[..maxLength];

    private sealed class Failure
    {
        public string Username { get; set; } = "";
        public long FailedAt { get; set; }
    }
}
