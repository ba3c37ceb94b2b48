namespace Jarvis.Core.Security;

/// <summary>The statements of <see cref="ApiTokenStore"/>; each binds exactly the names it uses.</summary>
internal static class ApiTokenSql
{
    /// <summary>A name is taken only by a live token: a revoked or expired one gives its name up when it is reused.</summary>
    public const string DeleteDeadNamed = """
        DELETE FROM JARVIS_API_TOKEN
        WHERE USER_ID = :userId AND NAME = :name AND (REVOKED_AT IS NOT NULL OR EXPIRES_AT <= :now)
        """;

    public const string Insert = """
        INSERT INTO JARVIS_API_TOKEN (USER_ID, NAME, TOKEN_HASH, CREATED_AT, EXPIRES_AT, READ_ONLY)
        VALUES (:userId, :name, :tokenHash, :createdAt, :expiresAt, :readOnly)
        """;

    public const string ByHash = """
        SELECT t.ID AS Id, t.NAME AS Name, t.TOKEN_HASH AS TokenHash, t.EXPIRES_AT AS ExpiresAt,
               t.LAST_USED_AT AS LastUsedAt, t.READ_ONLY AS ReadOnly, t.REVOKED_AT AS RevokedAt,
               u.ID AS UserId, u.USERNAME AS Username, u.USER_TYPE AS UserType, u.CUSTOMER_ID AS CustomerId, u.LOCKED AS Locked
        FROM JARVIS_API_TOKEN t
        JOIN JARVIS_USER u ON u.ID = t.USER_ID
        WHERE t.TOKEN_HASH = :tokenHash
        """;

    /// <summary>Only when the last recorded use is older than a minute, so that every process writes at most once a minute.</summary>
    public const string TouchLastUsed = """
        UPDATE JARVIS_API_TOKEN SET LAST_USED_AT = :now
        WHERE ID = :id AND (LAST_USED_AT IS NULL OR LAST_USED_AT <= :staleBefore)
        """;

    public const string OfUser = """
        SELECT NAME AS Name, CREATED_AT AS CreatedAt, EXPIRES_AT AS ExpiresAt, LAST_USED_AT AS LastUsedAt,
               READ_ONLY AS ReadOnly, REVOKED_AT AS RevokedAt
        FROM JARVIS_API_TOKEN
        WHERE USER_ID = :userId
        ORDER BY NAME, CREATED_AT
        """;

    public const string Revoke = """
        UPDATE JARVIS_API_TOKEN SET REVOKED_AT = :now
        WHERE USER_ID = :userId AND NAME = :name AND REVOKED_AT IS NULL
        """;
}
