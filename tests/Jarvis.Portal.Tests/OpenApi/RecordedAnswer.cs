using System.Net;

namespace Jarvis.Portal.Tests.OpenApi;

/// <summary>
/// One HTTP exchange of a test: the request line, and the answer's status, content type, headers and body as far as
/// the test read it (<see cref="Complete"/> tells whether it read to the end).
/// </summary>
public sealed class RecordedAnswer(string method, Uri uri, HttpStatusCode status, string? contentType, IReadOnlyDictionary<string, string[]> headers)
{
    private readonly MemoryStream _body = new();

    public string Method { get; } = method;

    public Uri Uri { get; } = uri;

    public int Status { get; } = (int)status;

    public string? ContentType { get; } = contentType;

    public IReadOnlyDictionary<string, string[]> Headers { get; } = headers;

    /// <summary>True once the test (or HttpClient's buffering) read the body to its end.</summary>
    public bool Complete { get; private set; }

    public byte[] Body
    {
        get
        {
            lock (_body)
            {
                return _body.ToArray();
            }
        }
    }

    public override string ToString() => $"{Method} {Uri.PathAndQuery} -> {Status} {ContentType}";

    internal void Append(ReadOnlySpan<byte> bytes)
    {
        lock (_body)
        {
            _body.Write(bytes);
        }
    }

    internal void End() => Complete = true;
}
