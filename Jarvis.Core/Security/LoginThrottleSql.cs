namespace Jarvis.Core.Security;

internal static class LoginThrottleSql
{
    public const string InsertFailure = """
        INSERT INTO JARVIS_LOGIN_FAILURE (USERNAME, CLIENT_ADDRESS, FAILED_AT)
        VALUES (:username, :address, :failedAt)
        """;

    public const string FailuresFromAddress = """
        SELECT USERNAME AS Username, FAILED_AT AS FailedAt
        FROM JARVIS_LOGIN_FAILURE
        WHERE CLIENT_ADDRESS = :address AND FAILED_AT > :since
        ORDER BY FAILED_AT
        """;

    public const string DeletePair = """
        DELETE FROM JARVIS_LOGIN_FAILURE WHERE USERNAME = :username AND CLIENT_ADDRESS = :address
        """;

    public const string DeleteOlderThan = """
        DELETE FROM JARVIS_LOGIN_FAILURE WHERE FAILED_AT <= :before
        """;
}
