namespace Jarvis.Core.Data;

/// <summary>
/// The embedded (SQLite) schema. Table and column names follow OCNCC's SMF schema where known; see docs/SCHEMA.md
/// for every table and column the code reads and writes. Oracle's script for the tables we own is
/// <c>Data/Oracle/install-jarvis-tables.sql</c>.
/// </summary>
internal static class SchemaSql
{
    public static readonly string Sqlite = $"""
        CREATE TABLE IF NOT EXISTS ACS_CUSTOMER (
            ID                 INTEGER PRIMARY KEY,
            NAME               TEXT    NOT NULL UNIQUE,
            CUSTOMER_REFERENCE TEXT    NULL UNIQUE CHECK (length(CUSTOMER_REFERENCE) <= 50),
            DESCRIPTION        TEXT    NULL CHECK (length(DESCRIPTION) <= 255),
            PARENT_CUSTOMER_ID INTEGER NULL REFERENCES ACS_CUSTOMER (ID)
        );
        CREATE INDEX IF NOT EXISTS ACS_CUSTOMER_PARENT_IX ON ACS_CUSTOMER (PARENT_CUSTOMER_ID);
        CREATE INDEX IF NOT EXISTS ACS_CUSTOMER_REFERENCE_ORDER_IX ON ACS_CUSTOMER (upper(CUSTOMER_REFERENCE), upper(NAME), ID)
            WHERE CUSTOMER_REFERENCE IS NOT NULL;

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

        {HistoryTable("JARVIS_CUSTOMER_HISTORY")}
        CREATE INDEX IF NOT EXISTS JARVIS_CUSTOMER_HISTORY_IX ON JARVIS_CUSTOMER_HISTORY (CUSTOMER_ID, CHANGED_AT, ID);
        """;

    private static string HistoryTable(string name) => $"""
        CREATE TABLE IF NOT EXISTS {name} (
            ID          INTEGER PRIMARY KEY,
            CHANGED_AT  INTEGER NOT NULL,
            USERNAME    TEXT    NOT NULL,
            CUSTOMER_ID INTEGER NOT NULL,
            FIELD       TEXT    NOT NULL CHECK (FIELD IN ('name', 'customer_reference', 'description', 'parent_id')),
            OLD_VALUE   TEXT    NULL,
            NEW_VALUE   TEXT    NULL,
            VIA         TEXT    NOT NULL CHECK (VIA IN ('api', 'portal'))
        );
        """;

    /// <summary>1 when the history table's FIELD check predates creates and deletes (it lacks <c>'parent_id'</c>).</summary>
    public const string SqliteHistoryNeedsCreateFields = """
        SELECT COUNT(*) FROM sqlite_master
        WHERE type = 'table' AND name = 'JARVIS_CUSTOMER_HISTORY' AND sql NOT LIKE '%parent_id%'
        """;

    /// <summary>
    /// Rebuilds the history table with the FIELD check of <see cref="Sqlite"/>, keeping every row and its ID (SQLite
    /// cannot change a CHECK in place). Run in one write transaction.
    /// </summary>
    public static readonly string HistoryWithCreateFields = $"""
        {HistoryTable("JARVIS_CUSTOMER_HISTORY_NEW")}
        INSERT INTO JARVIS_CUSTOMER_HISTORY_NEW (ID, CHANGED_AT, USERNAME, CUSTOMER_ID, FIELD, OLD_VALUE, NEW_VALUE, VIA)
        SELECT ID, CHANGED_AT, USERNAME, CUSTOMER_ID, FIELD, OLD_VALUE, NEW_VALUE, VIA FROM JARVIS_CUSTOMER_HISTORY;
        DROP TABLE JARVIS_CUSTOMER_HISTORY;
        ALTER TABLE JARVIS_CUSTOMER_HISTORY_NEW RENAME TO JARVIS_CUSTOMER_HISTORY;
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
        SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'JARVIS_SN_PENDING_AD'
        """;

    /// <summary>Present in a file whose index is kept by the triggers that write the FTS5 tables row by row.</summary>
    public const string SearchIndexRowByRowIndexExists = """
        SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'JARVIS_SN_SEARCH_AD'
        """;

    /// <summary>
    /// The search index of the embedded database: two FTS5 trigram tables (names, service numbers; rowid = the row's ID)
    /// and an index on <c>upper(NAME)</c> that gives name order without a sort. SQLite's own triggers record every row
    /// written, by any program (the stock sqlite3 3.40 tool, an import script), in two plain tables of pending IDs
    /// (<see cref="SearchIndexPendingTables"/>); the portal folds them into the FTS5 tables in batches (<see cref="SearchIndexFoldNames"/>),
    /// and a search reads the pending rows too, so a row is found at once. Triggers cost a plain insert per row however
    /// the rows arrive; an FTS5 write in a trigger would flush a segment at every statement (quadratic for a loop of
    /// single-row INSERTs in one transaction). Only built-in functions and options SQLite 3.40 knows.
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

    /// <summary>
    /// The IDs of customers (names) and service numbers written since they were last folded into the FTS5 tables: inserted,
    /// renamed (old and new ID) or deleted. Empty after a fold; each ID at most once.
    /// </summary>
    public const string SearchIndexPendingTables = """
        CREATE TABLE IF NOT EXISTS JARVIS_NAME_PENDING (ID INTEGER PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS JARVIS_SN_PENDING (ID INTEGER PRIMARY KEY);
        DELETE FROM JARVIS_NAME_PENDING;
        DELETE FROM JARVIS_SN_PENDING;
        """;

    /// <summary>The triggers that keep the FTS5 tables row by row, replaced by <see cref="SearchIndexTriggers"/>.</summary>
    public const string SearchIndexDropRowByRowTriggers = """
        DROP TRIGGER IF EXISTS JARVIS_NAME_SEARCH_AI;
        DROP TRIGGER IF EXISTS JARVIS_NAME_SEARCH_AU;
        DROP TRIGGER IF EXISTS JARVIS_NAME_SEARCH_AD;
        DROP TRIGGER IF EXISTS JARVIS_SN_SEARCH_AI;
        DROP TRIGGER IF EXISTS JARVIS_SN_SEARCH_AU;
        DROP TRIGGER IF EXISTS JARVIS_SN_SEARCH_AD;
        """;

    /// <summary>
    /// Each written row's ID into the pending tables. The insert is guarded by NOT EXISTS rather than a conflict clause:
    /// the outer statement's own clause (<c>INSERT OR ABORT ...</c>) would override one inside a trigger. An
    /// <c>INSERT OR REPLACE</c> that replaces a row fires no delete trigger; the insert's ID is pending, and the fold
    /// deletes before it inserts, so no entry is left twice; a stale entry of a vanished row joins no row and is never
    /// returned.
    /// </summary>
    public const string SearchIndexTriggers = """
        CREATE TRIGGER JARVIS_NAME_PENDING_AI AFTER INSERT ON ACS_CUSTOMER BEGIN
            INSERT INTO JARVIS_NAME_PENDING (ID) SELECT new.ID WHERE NOT EXISTS (SELECT 1 FROM JARVIS_NAME_PENDING WHERE ID = new.ID);
        END;
        CREATE TRIGGER JARVIS_NAME_PENDING_AU AFTER UPDATE OF ID, NAME ON ACS_CUSTOMER BEGIN
            INSERT INTO JARVIS_NAME_PENDING (ID) SELECT old.ID WHERE NOT EXISTS (SELECT 1 FROM JARVIS_NAME_PENDING WHERE ID = old.ID);
            INSERT INTO JARVIS_NAME_PENDING (ID) SELECT new.ID WHERE NOT EXISTS (SELECT 1 FROM JARVIS_NAME_PENDING WHERE ID = new.ID);
        END;
        CREATE TRIGGER JARVIS_NAME_PENDING_AD AFTER DELETE ON ACS_CUSTOMER BEGIN
            INSERT INTO JARVIS_NAME_PENDING (ID) SELECT old.ID WHERE NOT EXISTS (SELECT 1 FROM JARVIS_NAME_PENDING WHERE ID = old.ID);
        END;
        CREATE TRIGGER JARVIS_SN_PENDING_AI AFTER INSERT ON ACS_CUSTOMER_SN BEGIN
            INSERT INTO JARVIS_SN_PENDING (ID) SELECT new.ID WHERE NOT EXISTS (SELECT 1 FROM JARVIS_SN_PENDING WHERE ID = new.ID);
        END;
        CREATE TRIGGER JARVIS_SN_PENDING_AU AFTER UPDATE OF ID, SN ON ACS_CUSTOMER_SN BEGIN
            INSERT INTO JARVIS_SN_PENDING (ID) SELECT old.ID WHERE NOT EXISTS (SELECT 1 FROM JARVIS_SN_PENDING WHERE ID = old.ID);
            INSERT INTO JARVIS_SN_PENDING (ID) SELECT new.ID WHERE NOT EXISTS (SELECT 1 FROM JARVIS_SN_PENDING WHERE ID = new.ID);
        END;
        CREATE TRIGGER JARVIS_SN_PENDING_AD AFTER DELETE ON ACS_CUSTOMER_SN BEGIN
            INSERT INTO JARVIS_SN_PENDING (ID) SELECT old.ID WHERE NOT EXISTS (SELECT 1 FROM JARVIS_SN_PENDING WHERE ID = old.ID);
        END;
        """;

    /// <summary>True when rows wait to be folded (cheap: two primary-key probes).</summary>
    public const string SearchIndexAnyPending = """
        SELECT EXISTS (SELECT 1 FROM JARVIS_NAME_PENDING) + EXISTS (SELECT 1 FROM JARVIS_SN_PENDING)
        """;

    /// <summary>
    /// Folds the pending customer IDs up to <c>:up_to</c> into JARVIS_NAME_SEARCH: three statements, each over the whole
    /// batch (FTS5 flushes once per statement), in the caller's write transaction.
    /// </summary>
    public static readonly string[] SearchIndexFoldNames =
    [
        "DELETE FROM JARVIS_NAME_SEARCH WHERE rowid IN (SELECT ID FROM JARVIS_NAME_PENDING WHERE ID <= :up_to)",
        """
        INSERT INTO JARVIS_NAME_SEARCH (rowid, NAME)
        SELECT c.ID, c.NAME FROM JARVIS_NAME_PENDING p JOIN ACS_CUSTOMER c ON c.ID = p.ID WHERE p.ID <= :up_to
        """,
        "DELETE FROM JARVIS_NAME_PENDING WHERE ID <= :up_to",
    ];

    /// <inheritdoc cref="SearchIndexFoldNames"/>
    public static readonly string[] SearchIndexFoldNumbers =
    [
        "DELETE FROM JARVIS_SN_SEARCH WHERE rowid IN (SELECT ID FROM JARVIS_SN_PENDING WHERE ID <= :up_to)",
        """
        INSERT INTO JARVIS_SN_SEARCH (rowid, SN)
        SELECT s.ID, s.SN FROM JARVIS_SN_PENDING p JOIN ACS_CUSTOMER_SN s ON s.ID = p.ID WHERE p.ID <= :up_to
        """,
        "DELETE FROM JARVIS_SN_PENDING WHERE ID <= :up_to",
    ];

    /// <summary>The last ID of the next batch of at most <c>:batch</c> pending IDs (null when none is pending).</summary>
    public const string SearchIndexNextNameBatch = "SELECT MAX(ID) FROM (SELECT ID FROM JARVIS_NAME_PENDING ORDER BY ID LIMIT :batch)";

    /// <inheritdoc cref="SearchIndexNextNameBatch"/>
    public const string SearchIndexNextNumberBatch = "SELECT MAX(ID) FROM (SELECT ID FROM JARVIS_SN_PENDING ORDER BY ID LIMIT :batch)";
}
