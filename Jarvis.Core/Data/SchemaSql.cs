namespace Jarvis.Core.Data;

/// <summary>
/// The embedded (SQLite) schema. Table and column names follow OCNCC's SMF schema where known; see docs/SCHEMA.md
/// for every table and column the code reads and writes. Oracle's script for the tables we own is
/// <c>Data/Oracle/install-jarvis-tables.sql</c>.
/// </summary>
internal static class SchemaSql
{
    public const string Sqlite = """
        CREATE TABLE IF NOT EXISTS ACS_CUSTOMER (
            ID                 INTEGER PRIMARY KEY,
            NAME               TEXT    NOT NULL UNIQUE,
            CUSTOMER_REFERENCE TEXT    NULL UNIQUE CHECK (length(CUSTOMER_REFERENCE) <= 50),
            DESCRIPTION        TEXT    NULL CHECK (length(DESCRIPTION) <= 255),
            PARENT_CUSTOMER_ID INTEGER NULL REFERENCES ACS_CUSTOMER (ID)
        );
        CREATE INDEX IF NOT EXISTS ACS_CUSTOMER_PARENT_IX ON ACS_CUSTOMER (PARENT_CUSTOMER_ID);

        CREATE TABLE IF NOT EXISTS ACS_CUSTOMER_SN (
            ID          INTEGER PRIMARY KEY,
            CUSTOMER_ID INTEGER NOT NULL REFERENCES ACS_CUSTOMER (ID),
            SN          TEXT    NOT NULL UNIQUE CHECK (length(SN) <= 32)
        );
        CREATE INDEX IF NOT EXISTS ACS_CUSTOMER_SN_CUSTOMER_IX ON ACS_CUSTOMER_SN (CUSTOMER_ID);

        CREATE TABLE IF NOT EXISTS JARVIS_USER (
            ID            INTEGER PRIMARY KEY,
            USERNAME      TEXT    NOT NULL UNIQUE,
            USER_TYPE     TEXT    NOT NULL CHECK (USER_TYPE IN ('SMF', 'ACS')),
            CUSTOMER_ID   INTEGER NULL REFERENCES ACS_CUSTOMER (ID) ON DELETE SET NULL,
            PASSWORD_HASH TEXT    NOT NULL,
            LOCKED        INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS JARVIS_USER_CUSTOMER_IX ON JARVIS_USER (CUSTOMER_ID);

        CREATE TABLE IF NOT EXISTS JARVIS_USER_GROUP (
            USER_ID    INTEGER NOT NULL REFERENCES JARVIS_USER (ID),
            GROUP_NAME TEXT    NOT NULL,
            PRIMARY KEY (USER_ID, GROUP_NAME)
        );

        CREATE TABLE IF NOT EXISTS JARVIS_SESSION (
            ID_HASH    TEXT    PRIMARY KEY,
            USER_ID    INTEGER NOT NULL REFERENCES JARVIS_USER (ID),
            CREATED_AT INTEGER NOT NULL,
            EXPIRES_AT INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS JARVIS_SESSION_EXPIRES_IX ON JARVIS_SESSION (EXPIRES_AT);
        CREATE INDEX IF NOT EXISTS JARVIS_SESSION_USER_IX ON JARVIS_SESSION (USER_ID);

        CREATE TABLE IF NOT EXISTS JARVIS_DATA_PROTECTION_KEY (
            FRIENDLY_NAME TEXT    PRIMARY KEY,
            KEY_XML       TEXT    NOT NULL,
            CREATED_AT    INTEGER NOT NULL
        );
        """;
}
