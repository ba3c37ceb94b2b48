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

        CREATE TABLE IF NOT EXISTS JARVIS_API_TOKEN (
            ID           INTEGER PRIMARY KEY,
            USER_ID      INTEGER NOT NULL REFERENCES JARVIS_USER (ID),
            NAME         TEXT    NOT NULL CHECK (length(NAME) BETWEEN 1 AND 64),
            TOKEN_HASH   TEXT    NOT NULL UNIQUE,
            CREATED_AT   INTEGER NOT NULL,
            EXPIRES_AT   INTEGER NULL,
            LAST_USED_AT INTEGER NULL,
            READ_ONLY    INTEGER NOT NULL DEFAULT 0,
            REVOKED_AT   INTEGER NULL,
            UNIQUE (USER_ID, NAME)
        );

        CREATE TABLE IF NOT EXISTS JARVIS_DATA_PROTECTION_KEY (
            FRIENDLY_NAME TEXT    PRIMARY KEY,
            KEY_XML       TEXT    NOT NULL,
            CREATED_AT    INTEGER NOT NULL
        );

        CREATE TABLE IF NOT EXISTS JARVIS_LOGIN_FAILURE (
            USERNAME       TEXT    NOT NULL,
            CLIENT_ADDRESS TEXT    NOT NULL,
            FAILED_AT      INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS JARVIS_LOGIN_FAILURE_ADDRESS_IX ON JARVIS_LOGIN_FAILURE (CLIENT_ADDRESS, FAILED_AT);
        CREATE INDEX IF NOT EXISTS JARVIS_LOGIN_FAILURE_AT_IX ON JARVIS_LOGIN_FAILURE (FAILED_AT);

        CREATE TABLE IF NOT EXISTS JARVIS_CUSTOMER_HISTORY (
            ID          INTEGER PRIMARY KEY,
            CHANGED_AT  INTEGER NOT NULL,
            USERNAME    TEXT    NOT NULL,
            CUSTOMER_ID INTEGER NOT NULL,
            FIELD       TEXT    NOT NULL CHECK (FIELD IN ('customer_reference', 'description')),
            OLD_VALUE   TEXT    NULL,
            NEW_VALUE   TEXT    NULL,
            VIA         TEXT    NOT NULL CHECK (VIA IN ('api', 'portal'))
        );
        CREATE INDEX IF NOT EXISTS JARVIS_CUSTOMER_HISTORY_IX ON JARVIS_CUSTOMER_HISTORY (CUSTOMER_ID, CHANGED_AT, ID);
        """;

    /// <summary>1 once JARVIS_CUSTOMER_HISTORY has its TOKEN_NAME column (a database made before API tokens has not).</summary>
    public const string SqliteHistoryHasTokenName = """
        SELECT COUNT(*) FROM pragma_table_info('JARVIS_CUSTOMER_HISTORY') WHERE name = 'TOKEN_NAME'
        """;

    /// <summary>The API token a change came with (API.md section 10), added to new and existing databases alike.</summary>
    public const string SqliteAddHistoryTokenName = """
        ALTER TABLE JARVIS_CUSTOMER_HISTORY ADD COLUMN TOKEN_NAME TEXT NULL CHECK (length(TOKEN_NAME) <= 64)
        """;

    /// <summary>Present once the search index has been built (its triggers are created last, in the same transaction).</summary>
    public const string SearchIndexExists = """
        SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'JARVIS_SN_SEARCH_AD'
        """;

    /// <summary>
    /// The search index of the embedded database, kept by SQLite itself so that rows written by any program (the stock
    /// sqlite3 3.40 tool, an import script) are found at once: two FTS5 trigram tables (names, service numbers; rowid =
    /// the row's ID) maintained by triggers, and an index on <c>upper(NAME)</c> that gives name order without a sort.
    /// Only built-in functions and options SQLite 3.40 knows: no application function in a trigger or index.
    /// An insert deletes any stale entry first, so <c>INSERT OR REPLACE</c> (whose implicit delete fires no trigger)
    /// cannot leave a duplicate; a stale entry of a deleted row finds no row to join and is never returned.
    /// </summary>
    public const string SearchIndexTables = """
        CREATE INDEX IF NOT EXISTS ACS_CUSTOMER_NAME_ORDER_IX ON ACS_CUSTOMER (upper(NAME), ID);
        CREATE VIRTUAL TABLE IF NOT EXISTS JARVIS_NAME_SEARCH USING fts5(NAME, tokenize = 'trigram case_sensitive 0');
        CREATE VIRTUAL TABLE IF NOT EXISTS JARVIS_SN_SEARCH USING fts5(SN, tokenize = 'trigram case_sensitive 0');
        DELETE FROM JARVIS_NAME_SEARCH;
        DELETE FROM JARVIS_SN_SEARCH;
        """;

    public const string SearchIndexFillNames = """
        INSERT INTO JARVIS_NAME_SEARCH (rowid, NAME) SELECT ID, NAME FROM ACS_CUSTOMER WHERE ID > :after AND ID <= :up_to
        """;

    public const string SearchIndexFillNumbers = """
        INSERT INTO JARVIS_SN_SEARCH (rowid, SN) SELECT ID, SN FROM ACS_CUSTOMER_SN WHERE ID > :after AND ID <= :up_to
        """;

    public const string SearchIndexTriggers = """
        CREATE TRIGGER JARVIS_NAME_SEARCH_AI AFTER INSERT ON ACS_CUSTOMER BEGIN
            DELETE FROM JARVIS_NAME_SEARCH WHERE rowid = new.ID;
            INSERT INTO JARVIS_NAME_SEARCH (rowid, NAME) VALUES (new.ID, new.NAME);
        END;
        CREATE TRIGGER JARVIS_NAME_SEARCH_AU AFTER UPDATE OF ID, NAME ON ACS_CUSTOMER BEGIN
            DELETE FROM JARVIS_NAME_SEARCH WHERE rowid = old.ID;
            DELETE FROM JARVIS_NAME_SEARCH WHERE rowid = new.ID;
            INSERT INTO JARVIS_NAME_SEARCH (rowid, NAME) VALUES (new.ID, new.NAME);
        END;
        CREATE TRIGGER JARVIS_NAME_SEARCH_AD AFTER DELETE ON ACS_CUSTOMER BEGIN
            DELETE FROM JARVIS_NAME_SEARCH WHERE rowid = old.ID;
        END;
        CREATE TRIGGER JARVIS_SN_SEARCH_AI AFTER INSERT ON ACS_CUSTOMER_SN BEGIN
            DELETE FROM JARVIS_SN_SEARCH WHERE rowid = new.ID;
            INSERT INTO JARVIS_SN_SEARCH (rowid, SN) VALUES (new.ID, new.SN);
        END;
        CREATE TRIGGER JARVIS_SN_SEARCH_AU AFTER UPDATE OF ID, SN ON ACS_CUSTOMER_SN BEGIN
            DELETE FROM JARVIS_SN_SEARCH WHERE rowid = old.ID;
            DELETE FROM JARVIS_SN_SEARCH WHERE rowid = new.ID;
            INSERT INTO JARVIS_SN_SEARCH (rowid, SN) VALUES (new.ID, new.SN);
        END;
        CREATE TRIGGER JARVIS_SN_SEARCH_AD AFTER DELETE ON ACS_CUSTOMER_SN BEGIN
            DELETE FROM JARVIS_SN_SEARCH WHERE rowid = old.ID;
        END;
        """;
}
