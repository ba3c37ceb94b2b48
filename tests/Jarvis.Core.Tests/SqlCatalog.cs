using System.Collections;
using System.Reflection;
using Jarvis.Core.Customers;
using Jarvis.Core.Data;

namespace Jarvis.Core.Tests;

/// <summary>
/// Every statement of every <c>*Sql</c> type in Jarvis.Core, rendered for one dialect and named
/// <c>Type.Member[.Key]</c>: constants, string properties and dictionaries of strings of types built from a dialect,
/// and every shape of <see cref="CustomerSql.AllStatements"/>. A new statement in a <c>*Sql.cs</c> file joins the catalog by
/// itself; a new statement method of CustomerSql joins it through AllStatements.
/// </summary>
public static class SqlCatalog
{
    /// <summary>Statements that run on Oracle only, or fragments never run alone: no SQLite run can show their binds.</summary>
    public static bool NotRunOnSqlite(string name) =>
        name is "OracleDialect.SessionSettings" || name.StartsWith("SiteCheckSql.Oracle", StringComparison.Ordinal);

    public static SortedDictionary<string, string> Render(ISqlDialect dialect)
    {
        var statements = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var types = typeof(JarvisDatabase).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Sql", StringComparison.Ordinal) && !t.IsNested);
        foreach (var type in types)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            {
                statements[$"{type.Name}.{field.Name}"] = (string)field.GetRawConstantValue()!;
            }

            if (type.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, [typeof(ISqlDialect)]) is not { } constructor)
            {
                continue;
            }

            var instance = constructor.Invoke([dialect]);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                switch (property.GetValue(instance))
                {
                    case string text:
                        statements[$"{type.Name}.{property.Name}"] = text;
                        break;
                    case IDictionary dictionary:
                        foreach (DictionaryEntry entry in dictionary)
                        {
                            statements[$"{type.Name}.{property.Name}.{entry.Key}"] = (string)entry.Value!;
                        }

                        break;
                }
            }
        }

        // SQLite-only statements (the embedded schema, the site check's pragmas) are named Sqlite*; Oracle never runs them.
        // SchemaSql.SearchIndex* build SQLite's FTS5 index; Oracle's trigram tables come from install-search-index.sql.
        foreach (var name in statements.Keys.Where(n => n.Split('.')[1].StartsWith("Sqlite", StringComparison.Ordinal)
                     || n.StartsWith("SchemaSql.SearchIndex", StringComparison.Ordinal)).ToList())
        {
            statements.Remove(name);
        }

        // The customer search is built per shape in C# (methods, not properties): every shape the dialect can produce.
        foreach (var (name, text) in new CustomerSql(dialect).AllStatements())
        {
            statements[$"CustomerSql.{name}"] = text;
        }

        foreach (var (name, text) in new CustomerLifecycleSql(dialect).ScopedStatements())
        {
            statements[$"CustomerLifecycleSql.{name}"] = text;
        }

        if (dialect.NextCustomerId is { } nextId)
        {
            statements["Dialect.NextCustomerId"] = nextId;
        }

        statements["OracleDialect.SessionSettings"] = OracleDialect.SessionSettings;
        return statements;
    }
}
