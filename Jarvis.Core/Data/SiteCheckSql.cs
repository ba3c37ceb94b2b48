namespace Jarvis.Core.Data;

/// <summary>The read-only catalogue queries of <see cref="SiteCheck"/>: data dictionary views on Oracle, pragmas on SQLite.</summary>
internal static class SiteCheckSql
{
    public const string SqliteColumns = """
        SELECT name AS Name, type AS DataType FROM pragma_table_info(:table_name)
        """;

    /// <summary>The table's indexes (a UNIQUE constraint makes one), with the statement that made each (none for a constraint's).</summary>
    public const string SqliteIndexes = """
        SELECT l.name AS IndexName, CASE l."unique" WHEN 1 THEN 'UNIQUE' ELSE 'NONUNIQUE' END AS Uniqueness,
               0 AS Position, COALESCE(m.sql, '') AS KeyText
        FROM pragma_index_list(:table_name) l
        LEFT JOIN sqlite_master m ON m.type = 'index' AND m.name = l.name
        """;

    public const string SqliteIndexColumns = """
        SELECT name FROM pragma_index_info(:index_name) ORDER BY seqno
        """;

    /// <summary>
    /// Where an unqualified name resolves for the connected user, as Oracle resolves it: a table or view in the
    /// current schema, then a private synonym, then a public one (one level; a synonym of a synonym is not followed).
    /// </summary>
    public const string OracleResolve = """
        SELECT OWNER AS Owner, OBJECT_NAME AS Name
        FROM (
            SELECT o.OWNER, o.OBJECT_NAME, 1 AS PRIORITY
            FROM ALL_OBJECTS o
            WHERE o.OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND o.OBJECT_NAME = :table_name
              AND o.OBJECT_TYPE IN ('TABLE', 'VIEW')
            UNION ALL
            SELECT s.TABLE_OWNER, s.TABLE_NAME, 2
            FROM ALL_SYNONYMS s
            WHERE s.OWNER = SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AND s.SYNONYM_NAME = :table_name
            UNION ALL
            SELECT s.TABLE_OWNER, s.TABLE_NAME, 3
            FROM ALL_SYNONYMS s
            WHERE s.OWNER = 'PUBLIC' AND s.SYNONYM_NAME = :table_name
        )
        ORDER BY PRIORITY
        FETCH FIRST 1 ROW ONLY
        """;

    /// <summary>Type and length of each column; CHAR_USED is B (byte semantics) or C (char semantics) for text.</summary>
    public const string OracleColumns = """
        SELECT COLUMN_NAME AS Name, DATA_TYPE AS DataType, DATA_LENGTH AS ByteLength, CHAR_LENGTH AS CharLength,
               CHAR_USED AS CharUsed
        FROM ALL_TAB_COLUMNS
        WHERE OWNER = :owner AND TABLE_NAME = :table_name
        """;

    /// <summary>
    /// Every key of every index on the table, in order; a function-based key (<c>UPPER(NAME)</c>) is a hidden virtual
    /// column whose expression ALL_TAB_COLS.DATA_DEFAULT_VC (12.2 and later) gives as text, where the LONG of
    /// ALL_IND_EXPRESSIONS would need a LONG fetch.
    /// </summary>
    public const string OracleIndexKeys = """
        SELECT c.INDEX_NAME AS IndexName, i.UNIQUENESS AS Uniqueness, c.COLUMN_POSITION AS Position,
               COALESCE(t.DATA_DEFAULT_VC, c.COLUMN_NAME) AS KeyText
        FROM ALL_INDEXES i
        JOIN ALL_IND_COLUMNS c ON c.INDEX_OWNER = i.OWNER AND c.INDEX_NAME = i.INDEX_NAME
        LEFT JOIN ALL_TAB_COLS t ON t.OWNER = c.TABLE_OWNER AND t.TABLE_NAME = c.TABLE_NAME AND t.COLUMN_NAME = c.COLUMN_NAME
              AND t.HIDDEN_COLUMN = 'YES' AND t.VIRTUAL_COLUMN = 'YES'
        WHERE i.TABLE_OWNER = :owner AND i.TABLE_NAME = :table_name
        ORDER BY c.INDEX_NAME, c.COLUMN_POSITION
        """;

    /// <summary>A sequence of that name that Jarvis's user can see (its own, or one it was granted).</summary>
    public const string OracleSequence = """
        SELECT COUNT(*) FROM ALL_SEQUENCES WHERE SEQUENCE_NAME = :sequence_name
        """;

    /// <summary>
    /// Whether Jarvis's user holds the privilege on the table: as its owner, granted to it, to PUBLIC or to an enabled
    /// role, on the whole table or on the column (<c>:column_name</c> empty: the whole table only), or as an ANY privilege.
    /// </summary>
    public const string OraclePrivilege = """
        SELECT COUNT(*) FROM DUAL
        WHERE :owner = SYS_CONTEXT('USERENV', 'CURRENT_USER')
           OR EXISTS (SELECT 1 FROM ALL_TAB_PRIVS p
                      WHERE p.TABLE_SCHEMA = :owner AND p.TABLE_NAME = :table_name AND p.PRIVILEGE = :privilege
                        AND (p.GRANTEE IN (USER, 'PUBLIC') OR p.GRANTEE IN (SELECT ROLE FROM SESSION_ROLES)))
           OR EXISTS (SELECT 1 FROM ALL_COL_PRIVS p
                      WHERE p.TABLE_SCHEMA = :owner AND p.TABLE_NAME = :table_name AND p.PRIVILEGE = :privilege
                        AND p.COLUMN_NAME = :column_name
                        AND (p.GRANTEE IN (USER, 'PUBLIC') OR p.GRANTEE IN (SELECT ROLE FROM SESSION_ROLES)))
           OR EXISTS (SELECT 1 FROM SESSION_PRIVS s WHERE s.PRIVILEGE = :privilege || ' ANY TABLE')
        """;

    /// <summary>The plan EXPLAIN PLAN wrote for <c>:statement_id</c> (PLAN_TABLE is a per-session temporary table).</summary>
    public const string OraclePlan = """
        SELECT PLAN_TABLE_OUTPUT FROM TABLE(DBMS_XPLAN.DISPLAY('PLAN_TABLE', :statement_id, 'TYPICAL'))
        """;
}
