namespace Jarvis.Core.Data;

/// <summary>The statement of <see cref="DatabaseProbe"/>: cheap, on a Jarvis table, valid on SQLite and Oracle.</summary>
internal static class HealthSql
{
    public const string Probe = """
        SELECT COUNT(*) FROM JARVIS_USER WHERE 1 = 0
        """;
}
