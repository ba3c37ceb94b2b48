using System.Collections;
using System.Data.Common;

namespace Jarvis.Testing;

/// <summary>
/// A reader that hands out values with the .NET types ODP.NET gives Oracle's columns: every number (SQLite INTEGER or
/// REAL, Oracle NUMBER) as <see cref="decimal"/>, text as <see cref="string"/>. Oracle's NUMBER(p) columns with p
/// under 19 come as Int16/Int32/Int64 from ODP.NET; decimal is the type a plain NUMBER (OCNCC's ids, COUNT(*),
/// every computed number) gives, and the one a mapping that assumes Int64 fails on.
/// </summary>
public sealed class StrictDataReader(DbDataReader inner) : DbDataReader
{
    private static object Oracle(object value) => value switch
    {
        long l => (decimal)l,
        int i => (decimal)i,
        double d => (decimal)d,
        _ => value,
    };

    private static Type Oracle(Type type) =>
        type == typeof(long) || type == typeof(int) || type == typeof(double) ? typeof(decimal) : type;

    public override object GetValue(int ordinal) => Oracle(inner.GetValue(ordinal));

    public override Type GetFieldType(int ordinal) => Oracle(inner.GetFieldType(ordinal));

    public override int GetValues(object[] values)
    {
        var n = inner.GetValues(values);
        for (var i = 0; i < n; i++)
        {
            values[i] = Oracle(values[i]);
        }

        return n;
    }

    public override T GetFieldValue<T>(int ordinal) => (T)Convert.ChangeType(GetValue(ordinal), typeof(T));

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override decimal GetDecimal(int ordinal) => Convert.ToDecimal(inner.GetValue(ordinal));

    public override int Depth => inner.Depth;

    public override int FieldCount => inner.FieldCount;

    public override bool HasRows => inner.HasRows;

    public override bool IsClosed => inner.IsClosed;

    public override int RecordsAffected => inner.RecordsAffected;

    public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);

    public override byte GetByte(int ordinal) => inner.GetByte(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

    public override char GetChar(int ordinal) => inner.GetChar(ordinal);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

    public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);

    public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);

    public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);

    public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);

    public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);

    public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);

    public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);

    public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);

    public override string GetName(int ordinal) => inner.GetName(ordinal);

    public override int GetOrdinal(string name) => inner.GetOrdinal(name);

    public override string GetString(int ordinal) => inner.GetString(ordinal);

    public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);

    public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) =>
        inner.IsDBNullAsync(ordinal, cancellationToken);

    public override bool NextResult() => inner.NextResult();

    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => inner.NextResultAsync(cancellationToken);

    public override bool Read() => inner.Read();

    public override Task<bool> ReadAsync(CancellationToken cancellationToken) => inner.ReadAsync(cancellationToken);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this);

    public override System.Data.DataTable? GetSchemaTable() => inner.GetSchemaTable();

    public override void Close() => inner.Close();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
