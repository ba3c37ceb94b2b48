namespace Jarvis.Core.Security;

internal static class SecuritySql
{
    public const string UserByName = """
        SELECT ID, USERNAME, USER_TYPE AS UserType, CUSTOMER_ID AS CustomerId, PASSWORD_HASH AS PasswordHash, LOCKED
        FROM JARVIS_USER
        WHERE USERNAME = :username
        """;

    public const string AllPasswordHashes = """
        SELECT USERNAME, PASSWORD_HASH AS PasswordHash
        FROM JARVIS_USER
        ORDER BY USERNAME
        """;

    public const string GroupsOfUser = """
        SELECT GROUP_NAME
        FROM JARVIS_USER_GROUP
        WHERE USER_ID = :userId
        ORDER BY GROUP_NAME
        """;

    public const string InsertSession = """
        INSERT INTO JARVIS_SESSION (ID_HASH, USER_ID, CREATED_AT, EXPIRES_AT)
        VALUES (:idHash, :userId, :now, :expiresAt)
        """;

    public const string LiveSessionUser = """
        SELECT u.ID, u.USERNAME, u.USER_TYPE AS UserType, u.CUSTOMER_ID AS CustomerId, u.LOCKED, s.EXPIRES_AT AS ExpiresAt
        FROM JARVIS_SESSION s
        JOIN JARVIS_USER u ON u.ID = s.USER_ID
        WHERE s.ID_HASH = :idHash AND s.EXPIRES_AT > :now
        """;

    public const string SlideSession = """
        UPDATE JARVIS_SESSION SET EXPIRES_AT = :expiresAt WHERE ID_HASH = :idHash AND EXPIRES_AT > :now
        """;

    public const string DeleteSession = """
        DELETE FROM JARVIS_SESSION WHERE ID_HASH = :idHash
        """;

    public const string DeleteExpiredSessions = """
        DELETE FROM JARVIS_SESSION WHERE EXPIRES_AT <= :now
        """;
}
