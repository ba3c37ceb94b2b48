namespace Jarvis.Core.Data;

/// <summary>The read-only catalogue queries of <see cref="SiteCheck"/>: data dictionary views on Oracle, pragmas on SQLite.</summary>
internal static class SiteCheckSql
{
    public const string SqliteColumns = """
        SELECT name AS Name, type AS DataType FROM pragma_table_info(:table_name)
        """;

    /// <summary>Single-column unique indexes (a UNIQUE constraint is one) on the column, on SQLite.</summary>
    public const string SqliteUniqueIndexes = """
        SELECT COUNT(*)
        FROM pragma_index_list(:table_name) l
        WHERE l."unique" = 1
          AND (SELECT COUNT(*) FROM pragma_index_info(l.name)) = 1
          AND (SELECT i.name FROM pragma_index_info(l.name) i) = :column_name
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

    /// <summary>Single-column unique indexes on the column (a unique or primary key constraint makes one).</summary>
    public const string OracleUniqueIndexes = """
        SELECT COUNT(*)
        FROM ALL_INDEXES i
        JOIN ALL_IND_COLUMNS c ON c.INDEX_OWNER = i.OWNER AND c.INDEX_NAME = i.INDEX_NAME
        WHERE i.TABLE_OWNER = :owner AND i.TABLE_NAME = :table_name AND i.UNIQUENESS = 'UNIQUE'
          AND c.COLUMN_NAME = :column_name
          AND (SELECT COUNT(*) FROM ALL_IND_COLUMNS a WHERE a.INDEX_OWNER = i.OWNER AND a.INDEX_NAME = i.INDEX_NAME) = 1
        """;

    /// <summary>The plan EXPLAIN PLAN wrote for <c>:statement_id</c> (PLAN_TABLE is a per-session temporary table).</summary>
    public const string OraclePlan = """
        SELECT PLAN_TABLE_OUTPUT FROM TABLE(DBMS_XPLAN.DISPLAY('PLAN_TABLE', :statement_id, 'TYPICAL'))
        """;
}
