using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Jarvis.Core.Customers;

/// <summary>
/// The version of a customer as a strong validator (the API's ETag, API.md section 7), computed from its values because
/// OCNCC's table has no version column: the lower-case hex SHA-256 of name, reference and description in that order,
/// each framed as one byte 0 for NULL, or one byte 1, its UTF-8 length as 4 bytes big-endian and its UTF-8 bytes.
/// The framing keeps ("ab", "c") and ("a", "bc"), and NULL and "", apart.
/// </summary>
public static class CustomerVersion
{
    public static string Of(string name, string? reference, string? description)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, name);
        Append(hash, reference);
        Append(hash, description);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, string? value)
    {
        if (value is null)
        {
            hash.AppendData([0]);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> header = stackalloc byte[5];
        header[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], bytes.Length);
        hash.AppendData(header);
        hash.AppendData(bytes);
    }
}
