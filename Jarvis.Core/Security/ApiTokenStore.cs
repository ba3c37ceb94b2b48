using System.Buffers.Text;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Jarvis.Core.Data;

namespace Jarvis.Core.Security;

/// <summary>One API token as its owner and an administrator see it: never the token, never its hash.</summary>
public sealed record ApiTokenInfo(
    string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, bool ReadOnly, DateTimeOffset? RevokedAt)
{
    /// <summary>Whether a request with this token is accepted at <paramref name="now"/> (its user aside).</summary>
    public bool IsLiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>Outcome of making a token: the token, shown this once, or the reason there is none (nothing was stored).</summary>
public abstract record ApiTokenResult
{
    public sealed record Created(string Token, ApiTokenInfo Info) : ApiTokenResult;

    public sealed record Refused(string Message) : ApiTokenResult;
}

/// <summary>Outcome of a request's token: its user, or refused (one answer for every reason), or not checked (throttled).</summary>
public abstract record TokenCheck
{
    /// <summary>The token's user; <see cref="JarvisUser.TokenName"/> and <see cref="JarvisUser.TokenReadOnly"/> are set.</summary>
    public sealed record Accepted(JarvisUser User) : TokenCheck;

    /// <summary>Malformed, unknown, revoked, expired, or its user locked or in no login group: callers cannot tell which.</summary>
    public sealed record Refused : TokenCheck;

    /// <summary>The client's address is locked by the login throttle: the token was not looked at.</summary>
    public sealed record Throttled(TimeSpan RetryAfter) : TokenCheck;

    /// <summary>The text of API.md section 10, the same for every refusal.</summary>
    public const string Invalid = "Invalid or expired token.";
}

/// <summary>
/// API tokens for scripts (API.md section 10). A token is <c>jrv_</c> and 32 random bytes in base64url; only its SHA-256
/// is stored, looked up by that hash and then compared in constant time. A token acts as its user while it is neither
/// revoked nor expired and the user is unlocked and in a login group; a read-only token grants no write. A failed check
/// counts toward the client address's login throttle, and a locked address has no token checked. The last use is
/// written at most once a minute per token.
/// </summary>
public sealed class ApiTokenStore(JarvisDatabase database, AccessPolicy policy, LoginThrottle throttle, TimeProvider time)
{
    public const string Prefix = "jrv_";

    /// <summary>Random bytes in a token.</summary>
    public const int RandomBytes = 32;

    /// <summary>Characters in a token: the prefix and 32 bytes in unpadded base64url.</summary>
    public static readonly int TokenLength = Prefix.Length + Base64Url.GetEncodedLength(RandomBytes);

    /// <summary>The most characters of a token's name (JARVIS_API_TOKEN.NAME, JARVIS_CUSTOMER_HISTORY.TOKEN_NAME).</summary>
    public const int MaxNameLength = 64;

    /// <summary>The most days a token may live (about ten years).</summary>
    public const int MaxExpiryDays = 3650;

    /// <summary>The user name under which failed token checks count in JARVIS_LOGIN_FAILURE: no user can be named so (it has spaces).</summary>
    public const string ThrottleName = "(api token)";

    private static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    public const string BadName = "A token name is 1 to 64 characters, without control characters or surrounding spaces.";
    public const string BadExpiry = "A token expires after 1 to 3650 days.";

    public static string DuplicateName(string name) => $"A live token named '{name}' already exists: revoke it or choose another name.";

    public static string UnknownToken(string name) => $"No live token named '{name}'.";

    /// <summary>Makes a token for the user: the token itself is in the result, and nowhere else, ever.</summary>
    public async Task<ApiTokenResult> CreateAsync(
        long userId, string name, bool readOnly, int? expiresInDays, CancellationToken cancellationToken = default)
    {
        if (Refusal(name, expiresInDays) is { } refusal)
        {
            return new ApiTokenResult.Refused(refusal);
        }

        var token = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));
        var now = Now();
        var expiresAt = expiresInDays is { } days ? now.AddDays(days) : (DateTimeOffset?)null;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(database.Command(
            ApiTokenSql.DeleteDeadNamed, new { userId, name, now = now.ToUnixTimeSeconds() }, tx, cancellationToken));
        try
        {
            await connection.ExecuteAsync(database.Command(
                ApiTokenSql.Insert,
                new
                {
                    userId, name, tokenHash = Hash(token), createdAt = now.ToUnixTimeSeconds(),
                    expiresAt = expiresAt?.ToUnixTimeSeconds(), readOnly = readOnly ? 1 : 0,
                },
                tx, cancellationToken));
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return new ApiTokenResult.Refused(DuplicateName(name));
        }

        await tx.CommitAsync(cancellationToken);
        return new ApiTokenResult.Created(token, new ApiTokenInfo(name, now, expiresAt, null, readOnly, null));
    }

    /// <summary>The user's tokens by name, revoked and expired ones included; never a token or its hash.</summary>
    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ListRow>(database.Command(ApiTokenSql.OfUser, new { userId }, cancellationToken: cancellationToken));
        return rows.Select(r => new ApiTokenInfo(
            r.Name, At(r.CreatedAt), AtOrNull(r.ExpiresAt), AtOrNull(r.LastUsedAt), r.ReadOnly, AtOrNull(r.RevokedAt))).ToList();
    }

    /// <summary>Revokes the user's live token of that name at once; false when there is none.</summary>
    public async Task<bool> RevokeAsync(long userId, string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(database.Command(
            ApiTokenSql.Revoke, new { userId, name, now = Now().ToUnixTimeSeconds() }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The id of the user of that name, for the <c>users token</c> commands; null when there is none.</summary>
    public async Task<long?> UserIdAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(database.Command(
            UserAdministrationSql.UserIdByName, new { username }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The user a request's token acts as. Every refusal is the same <see cref="TokenCheck.Refused"/> and counts toward
    /// <paramref name="clientAddress"/>'s login throttle; while that address is locked, no token is looked at.
    /// </summary>
    public async Task<TokenCheck> CheckAsync(string? token, string clientAddress, CancellationToken cancellationToken = default)
    {
        if (await throttle.AddressLockedUntilAsync(clientAddress, cancellationToken) is { } lockedUntil)
        {
            return new TokenCheck.Throttled(lockedUntil - throttle.Now);
        }

        if (await AcceptAsync(token, cancellationToken) is { } user)
        {
            return new TokenCheck.Accepted(user);
        }

        await throttle.RecordFailureAsync(ThrottleName, clientAddress, cancellationToken);
        return new TokenCheck.Refused();
    }

    /// <summary><c>jrv_</c> and 43 base64url characters, as made here; anything else is never looked up.</summary>
    public static bool IsWellFormed(string? token) =>
        token is not null && token.Length == TokenLength && token.StartsWith(Prefix, StringComparison.Ordinal)
        && token.AsSpan(Prefix.Length).ContainsAnyExcept(Base64UrlAlphabet) is false;

    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private async Task<JarvisUser?> AcceptAsync(string? token, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(token))
        {
            return null;
        }

        var hash = Hash(token!);
        var now = Now();
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TokenRow>(database.Command(
            ApiTokenSql.ByHash, new { tokenHash = hash }, cancellationToken: cancellationToken));
        // The lookup by hash finds the row; the comparison that decides runs in constant time over the whole hash.
        if (row is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(row.TokenHash))
            || row.RevokedAt is not null
            || (row.ExpiresAt is { } expiresAt && expiresAt <= now.ToUnixTimeSeconds())
            || row.Locked)
        {
            return null;
        }

        var groups = await UserStore.GroupsAsync(database, connection, row.UserId, cancellationToken);
        var user = new UserRow { Id = row.UserId, Username = row.Username, UserType = row.UserType, CustomerId = row.CustomerId }
            .ToUser(groups) with { TokenName = row.Name, TokenReadOnly = row.ReadOnly };
        if (!policy.MayLogIn(user))
        {
            return null;
        }

        if (row.LastUsedAt is null || now.ToUnixTimeSeconds() - row.LastUsedAt >= (long)LastUseResolution.TotalSeconds)
        {
            await connection.ExecuteAsync(database.Command(
                ApiTokenSql.TouchLastUsed,
                new { id = row.Id, now = now.ToUnixTimeSeconds(), staleBefore = (now - LastUseResolution).ToUnixTimeSeconds() },
                cancellationToken: cancellationToken));
        }

        return user;
    }

    private static string? Refusal(string name, int? expiresInDays) =>
        name.Length is 0 or > MaxNameLength || name.Trim().Length != name.Length || name.Any(char.IsControl) ? BadName
        : expiresInDays is < 1 or > MaxExpiryDays ? BadExpiry
        : null;

    /// <summary>SHA-256 of the token, as 64 lower-case hex characters: what JARVIS_API_TOKEN.TOKEN_HASH holds.</summary>
    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    // Whole seconds, as stored, so that what CreateAsync answers equals what ListAsync reads back.
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());

    private static DateTimeOffset At(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

    private static DateTimeOffset? AtOrNull(long? unixSeconds) => unixSeconds is { } s ? At(s) : null;

    private sealed class TokenRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string TokenHash { get; set; } = "";
        public long? ExpiresAt { get; set; }
        public long? LastUsedAt { get; set; }
        public bool ReadOnly { get; set; }
        public long? RevokedAt { get; set; }
        public long UserId { get; set; }
        public string Username { get; set; } = "";
        public string UserType { get; set; } = "";
        public long? CustomerId { get; set; }
        public bool Locked { get; set; }
    }

    private sealed class ListRow
    {
        public string Name { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? ExpiresAt { get; set; }
        public long? LastUsedAt { get; set; }
        public bool ReadOnly { get; set; }
        public long? RevokedAt { get; set; }
    }
}
