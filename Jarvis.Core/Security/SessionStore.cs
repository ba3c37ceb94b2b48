using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Jarvis.Core.Data;
using Microsoft.Extensions.Options;

namespace Jarvis.Core.Security;

/// <summary>A live session: its user and when it ends unless used again.</summary>
public sealed record SessionInfo(JarvisUser User, DateTimeOffset ExpiresAt);

/// <summary>
/// Server-side sessions in the database, so they survive a restart and are shared by several processes.
/// Ids are 128 random bits as 32 lower-case hex characters; only their SHA-256 is stored.
/// </summary>
public sealed class SessionStore(JarvisDatabase database, IOptions<SecurityOptions> options, TimeProvider time)
{
    private readonly TimeSpan _idle = options.Value.SessionIdleTimeout;

    public async Task<string> CreateAsync(long userId, CancellationToken cancellationToken = default)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        await using var write = await database.BeginWriteAsync(cancellationToken);
        await write.Connection.ExecuteAsync(database.Command(
            SecuritySql.InsertSession,
            new { idHash = HashId(id), userId, now = now.ToUnixTimeSeconds(), expiresAt = (now + _idle).ToUnixTimeSeconds() },
            write.Transaction, cancellationToken));
        await write.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// Whether <paramref name="sessionId"/> is still a live session of an unlocked user, without sliding its expiry
    /// (a check that runs on its own, such as a portal circuit's revalidation, must not keep a session alive).
    /// </summary>
    public async Task<bool> IsLiveAsync(string? sessionId, CancellationToken cancellationToken = default)
    {
        if (!IsWellFormed(sessionId))
        {
            return false;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(database.Command(
            SecuritySql.LiveSessionUser, new { idHash = HashId(sessionId!), now = time.GetUtcNow().ToUnixTimeSeconds() },
            cancellationToken: cancellationToken));
        return row is { Locked: false };
    }

    /// <summary>
    /// The live session for <paramref name="sessionId"/>, its expiry slid forward; null when the id is malformed,
    /// unknown, expired, or its user is locked.
    /// </summary>
    public async Task<SessionInfo?> GetAndSlideAsync(string? sessionId, CancellationToken cancellationToken = default)
    {
        if (!IsWellFormed(sessionId))
        {
            return null;
        }

        var idHash = HashId(sessionId!);
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(database.Command(
            SecuritySql.LiveSessionUser, new { idHash, now = now.ToUnixTimeSeconds() }, cancellationToken: cancellationToken));
        if (row is null || row.Locked)
        {
            return null;
        }

        var expiresAt = now + _idle;
        // Slide at most once a minute, so that a busy page does not write on every request.
        if (expiresAt.ToUnixTimeSeconds() - row.ExpiresAt >= 60)
        {
            if (!await TrySlideAsync(idHash, now, expiresAt, cancellationToken))
            {
                expiresAt = DateTimeOffset.FromUnixTimeSeconds(row.ExpiresAt);
            }
        }
        else
        {
            expiresAt = DateTimeOffset.FromUnixTimeSeconds(row.ExpiresAt);
        }

        var groups = await UserStore.GroupsAsync(database, connection, row.Id, cancellationToken);
        return new SessionInfo(row.ToUser(groups), expiresAt);
    }

    /// <summary>
    /// Slides the expiry in a write of its own. A request that only reads must not fail or stall because another program
    /// holds the write lock: then the session keeps its expiry (false) and a later request slides it.
    /// </summary>
    private async Task<bool> TrySlideAsync(string idHash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        try
        {
            await using var write = await database.BeginWriteAsync(cancellationToken);
            await write.Connection.ExecuteAsync(database.Command(
                SecuritySql.SlideSession,
                new { idHash, now = now.ToUnixTimeSeconds(), expiresAt = expiresAt.ToUnixTimeSeconds() },
                write.Transaction, cancellationToken));
            await write.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbException e) when (database.Dialect.IsOutage(e))
        {
            return false;
        }
    }

    public async Task DeleteAsync(string? sessionId, CancellationToken cancellationToken = default)
    {
        if (!IsWellFormed(sessionId))
        {
            return;
        }

        await using var write = await database.BeginWriteAsync(cancellationToken);
        await write.Connection.ExecuteAsync(database.Command(
            SecuritySql.DeleteSession, new { idHash = HashId(sessionId!) }, write.Transaction, cancellationToken));
        await write.CommitAsync(cancellationToken);
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken);
        var purged = await write.Connection.ExecuteAsync(database.Command(
            SecuritySql.DeleteExpiredSessions, new { now = time.GetUtcNow().ToUnixTimeSeconds() }, write.Transaction, cancellationToken));
        await write.CommitAsync(cancellationToken);
        return purged;
    }

    /// <summary>32 lower-case hex characters, as we issue them; anything else is never looked up.</summary>
    public static bool IsWellFormed(string? sessionId) =>
        sessionId is { Length: 32 } && sessionId.All(char.IsAsciiHexDigitLower);

    private static string HashId(string sessionId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(sessionId)));
}
