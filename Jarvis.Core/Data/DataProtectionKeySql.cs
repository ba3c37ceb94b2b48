namespace Jarvis.Core.Data;

/// <summary>The statements of <see cref="DataProtectionKeyStore"/>.</summary>
internal static class DataProtectionKeySql
{
    public const string SelectAll = """
        SELECT KEY_XML FROM JARVIS_DATA_PROTECTION_KEY ORDER BY CREATED_AT, FRIENDLY_NAME
        """;

    public const string Insert = """
        INSERT INTO JARVIS_DATA_PROTECTION_KEY (FRIENDLY_NAME, KEY_XML, CREATED_AT) VALUES (:friendlyName, :keyXml, :createdAt)
        """;
}
