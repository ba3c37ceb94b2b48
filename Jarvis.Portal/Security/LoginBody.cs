namespace Jarvis.Portal.Security;

/// <summary>A login body is small: over <see cref="MaxBytes"/> it is refused with 413 before anything parses it.</summary>
public static class LoginBody
{
    public const int MaxBytes = 16 * 1024;

    public const string TooLarge = "The login request body is too large: it may hold at most 16 KiB.";

    /// <summary>
    /// Reads the whole body into memory if it holds at most <see cref="MaxBytes"/> and puts it back for the form or
    /// JSON reader; false (nothing more read) when it is larger, by its Content-Length or by what arrives.
    /// </summary>
    public static async Task<bool> BufferAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return false;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return false;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        request.Body = buffer;
        request.HttpContext.Response.RegisterForDispose(buffer);
        return true;
    }
}
