namespace Jarvis.Core.Security;

/// <summary>The statements of <see cref="UserAdministration"/>; each binds exactly the names it uses.</summary>
internal static class UserAdministrationSql
{
    public const string ListUsers = """
        SELECT ID, USERNAME, USER_TYPE AS UserType, CUSTOMER_ID AS CustomerId, LOCKED
        FROM JARVIS_USER
        ORDER BY USERNAME
        """;

    public const string ListGroups = """
        SELECT USER_ID AS UserId, GROUP_NAME AS GroupName
        FROM JARVIS_USER_GROUP
        ORDER BY USER_ID, GROUP_NAME
        """;

    public const string UserIdByName = """
        SELECT ID FROM JARVIS_USER WHERE USERNAME = :username
        """;

    public const string CustomerExists = """
        SELECT COUNT(*) FROM ACS_CUSTOMER WHERE ID = :customerId
        """;

    // No identity column on Oracle's JARVIS_USER: the next id is taken inside the insert; a concurrent insert of the
    // same id fails on the primary key and the command reports it.
    public const string InsertUser = """
        INSERT INTO JARVIS_USER (ID, USERNAME, USER_TYPE, CUSTOMER_ID, PASSWORD_HASH, LOCKED)
        SELECT COALESCE(MAX(ID), 0) + 1, :username, :userType, :customerId, :passwordHash, 0
        FROM JARVIS_USER
        """;

    public const string InsertGroup = """
        INSERT INTO JARVIS_USER_GROUP (USER_ID, GROUP_NAME) VALUES (:userId, :groupName)
        """;

    public const string DeleteGroup = """
        DELETE FROM JARVIS_USER_GROUP WHERE USER_ID = :userId AND GROUP_NAME = :groupName
        """;

    public const string UpdatePassword = """
        UPDATE JARVIS_USER SET PASSWORD_HASH = :passwordHash WHERE ID = :userId
        """;

    public const string UpdateLocked = """
        UPDATE JARVIS_USER SET LOCKED = :locked WHERE ID = :userId
        """;

    public const string DeleteSessionsOfUser = """
        DELETE FROM JARVIS_SESSION WHERE USER_ID = :userId
        """;
}
