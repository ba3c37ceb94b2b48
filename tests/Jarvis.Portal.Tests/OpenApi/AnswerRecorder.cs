using System.Collections.Concurrent;
using System.Net;

namespace Jarvis.Portal.Tests.OpenApi;

/// <summary>
/// Keeps every answer that the API tests' clients receive, for <see cref="ServedDocumentTests"/> to check against the
/// served document once every other test has run. <see cref="Api.PortalFactory.Client"/> installs it.
/// </summary>
public sealed class AnswerRecorder : DelegatingHandler
{
    private static readonly ConcurrentQueue<RecordedAnswer> Recorded = new();

    public static IReadOnlyCollection<RecordedAnswer> All => Recorded;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var headers = response.Headers.Concat(response.Content.Headers)
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.SelectMany(h => h.Value).ToArray(), StringComparer.OrdinalIgnoreCase);
        var answer = new RecordedAnswer(request.Method.Method, request.RequestUri!, response.StatusCode, response.Content.Headers.ContentType?.ToString(), headers);
        Recorded.Enqueue(answer);
        response.Content = new RecordingContent(response.Content, answer);
        return response;
    }

    /// <summary>The answer's content as it was, copying what the test reads into the record (streaming stays streaming).</summary>
    private sealed class RecordingContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly RecordedAnswer _answer;

        public RecordingContent(HttpContent inner, RecordedAnswer answer)
        {
            _inner = inner;
            _answer = answer;
            foreach (var (name, values) in inner.Headers)
            {
                Headers.TryAddWithoutValidation(name, values);
            }
        }

        protected override async Task<Stream> CreateContentReadStreamAsync() =>
            new TeeStream(await _inner.ReadAsStreamAsync(), _answer);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await using var source = new TeeStream(await _inner.ReadAsStreamAsync(cancellationToken), _answer);
            await source.CopyToAsync(stream, cancellationToken);
        }

        /// <summary>Unknown here: a Content-Length the answer had is among the copied headers.</summary>
        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Reads from the answer's stream and appends what it read to the record; the end of the stream completes it.</summary>
    private sealed class TeeStream(Stream inner, RecordedAnswer answer) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Seen(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Seen(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Seen(ReadOnlySpan<byte> read)
        {
            if (read.Length == 0)
            {
                answer.End();
            }
            else
            {
                answer.Append(read);
            }

            return read.Length;
        }
    }
}
