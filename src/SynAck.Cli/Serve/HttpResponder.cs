using System.Globalization;
using System.Text;
using SynAck.Cli.Payload;

namespace SynAck.Cli.Serve;

/// <summary>
/// A small HTTP/1.1 origin server for one connection at a time: <c>GET /N</c> answers N bytes of
/// <see cref="PayloadPattern"/>, any other path a file under <see cref="Root"/> (when given).
/// Responses carry Content-Length; connections persist as RFC 9112 §9.3 says (HTTP/1.1 unless
/// "Connection: close", HTTP/1.0 only with "keep-alive"), and pipelined requests are answered in
/// order. GET and HEAD only.
/// </summary>
/// <param name="root">The folder files are served from, or null to serve only <c>/N</c>.</param>
internal sealed class HttpResponder(string? root)
{
    /// <summary>The longest request head accepted (request line and headers).</summary>
    public const int MaxHeadLength = 8 * 1024;

    private const int ChunkSize = 64 * 1024;

    /// <summary>The folder files are served from (a full path), or null.</summary>
    public string? Root { get; } = root is null ? null : Path.GetFullPath(root);

    /// <summary>
    /// Answers requests on <paramref name="stream"/> until the client closes, asks to close, or
    /// sends something that ends the connection (a malformed head). Returns without closing the
    /// stream; the caller closes the connection.
    /// </summary>
    /// <returns>How many requests were answered.</returns>
    public async Task<int> ServeAsync(Stream stream, Action<HttpExchange>? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new RequestReader(stream);
        var chunk = new byte[ChunkSize];
        var answered = 0;
        while (true)
        {
            var (outcome, head) = await reader.ReadHeadAsync(cancellationToken);
            if (outcome == ReadOutcome.EndOfStream)
            {
                return answered;
            }

            if (outcome == ReadOutcome.TooLarge)
            {
                await WriteErrorAsync(stream, 431, "Request Header Fields Too Large", keepAlive: false, cancellationToken);
                log?.Invoke(new HttpExchange("-", "-", 431, 0));
                return answered + 1;
            }

            var error = HttpRequestHead.TryParse(head.Span, out var request);
            if (error != HttpHeadError.None)
            {
                var (status, reason) = error switch
                {
                    HttpHeadError.UnsupportedVersion => (505, "HTTP Version Not Supported"),
                    HttpHeadError.TransferEncoding => (501, "Not Implemented"),
                    _ => (400, "Bad Request"),
                };
                await WriteErrorAsync(stream, status, reason, keepAlive: false, cancellationToken);
                log?.Invoke(new HttpExchange("-", "-", status, 0));
                return answered + 1;
            }

            if (!await reader.SkipAsync(request!.ContentLength, cancellationToken))
            {
                return answered;
            }

            var exchange = await RespondAsync(stream, request, chunk, cancellationToken);
            answered++;
            log?.Invoke(exchange);
            if (!request.KeepAlive)
            {
                return answered;
            }
        }
    }

    private async Task<HttpExchange> RespondAsync(Stream stream, HttpRequestHead request, byte[] chunk, CancellationToken cancellationToken)
    {
        var head = request.Method == "HEAD";
        if (!head && request.Method != "GET")
        {
            await WriteHeadAsync(stream, 405, "Method Not Allowed", 0, "text/plain", request.KeepAlive, "Allow: GET, HEAD\r\n", cancellationToken);
            return new HttpExchange(request.Method, request.Path, 405, 0);
        }

        if (TryParseLength(request.Path, out var length))
        {
            await WriteHeadAsync(stream, 200, "OK", length, "application/octet-stream", request.KeepAlive, null, cancellationToken);
            if (!head)
            {
                await WritePatternAsync(stream, length, chunk, cancellationToken);
            }

            return new HttpExchange(request.Method, request.Path, 200, length);
        }

        if (ResolveFile(request.Path) is not { } file)
        {
            await WriteErrorAsync(stream, 404, "Not Found", request.KeepAlive, cancellationToken);
            return new HttpExchange(request.Method, request.Path, 404, 0);
        }

        await using var content = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
        await WriteHeadAsync(stream, 200, "OK", content.Length, ContentType(file), request.KeepAlive, null, cancellationToken);
        if (!head)
        {
            // Content-Length was promised, so send exactly that many bytes even if the file changes.
            var left = content.Length;
            while (left > 0)
            {
                var read = await content.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)), cancellationToken);
                if (read == 0)
                {
                    Array.Clear(chunk);
                    read = (int)Math.Min(chunk.Length, left);
                }

                await stream.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
                left -= read;
            }
        }

        return new HttpExchange(request.Method, request.Path, 200, content.Length);
    }

    /// <summary><c>/N</c> with N decimal digits only: a request for N pattern bytes.</summary>
    private static bool TryParseLength(string path, out long length)
        => long.TryParse(path.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out length);

    /// <summary>The file a path names under <see cref="Root"/>, or null (no root, no such file, or outside the root).</summary>
    private string? ResolveFile(string path)
    {
        if (Root is null)
        {
            return null;
        }

        string relative;
        try
        {
            relative = Uri.UnescapeDataString(path).TrimStart('/');
        }
        catch (UriFormatException)
        {
            return null;
        }

        if (relative.Contains('\0', StringComparison.Ordinal) || relative.Split('/').Any(segment => segment == ".."))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Join(Root, relative));
        if (Directory.Exists(full))
        {
            full = Path.Join(full, "index.html");
        }

        var inside = full.StartsWith(Path.TrimEndingDirectorySeparator(Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return inside && File.Exists(full) ? full : null;
    }

    private static string ContentType(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".html" or ".htm" => "text/html; charset=utf-8",
        ".txt" or ".md" => "text/plain; charset=utf-8",
        ".json" => "application/json",
        ".css" => "text/css",
        ".js" => "text/javascript",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private static async Task WritePatternAsync(Stream stream, long length, byte[] chunk, CancellationToken cancellationToken)
    {
        for (long offset = 0; offset < length;)
        {
            var size = (int)Math.Min(chunk.Length, length - offset);
            PayloadPattern.Fill(offset, chunk.AsSpan(0, size));
            await stream.WriteAsync(chunk.AsMemory(0, size), cancellationToken);
            offset += size;
        }
    }

    private static async Task WriteErrorAsync(Stream stream, int status, string reason, bool keepAlive, CancellationToken cancellationToken)
    {
        var body = Encoding.ASCII.GetBytes($"{status} {reason}\n");
        await WriteHeadAsync(stream, status, reason, body.Length, "text/plain", keepAlive, null, cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
    }

    private static async Task WriteHeadAsync(Stream stream, int status, string reason, long contentLength, string contentType, bool keepAlive, string? extra, CancellationToken cancellationToken)
    {
        var head = string.Create(
            CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {reason}\r\nServer: synack\r\nContent-Type: {contentType}\r\nContent-Length: {contentLength}\r\n{extra}{(keepAlive ? string.Empty : "Connection: close\r\n")}\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
    }

    private enum ReadOutcome
    {
        Head,
        EndOfStream,
        TooLarge,
    }

    /// <summary>Reads request heads, keeping bytes that arrive after one (a pipelined request).</summary>
    private sealed class RequestReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[MaxHeadLength];
        private int _start;
        private int _end;

        /// <summary>The next head, without its final CRLF CRLF; empty lines before it are skipped (RFC 9112 §2.2).</summary>
        public async ValueTask<(ReadOutcome Outcome, ReadOnlyMemory<byte> Head)> ReadHeadAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                while (_end - _start >= 2 && _buffer[_start] == '\r' && _buffer[_start + 1] == '\n')
                {
                    _start += 2;
                }

                var end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
                if (end >= 0)
                {
                    var head = _buffer.AsMemory(_start, end);
                    _start += end + 4;
                    return (ReadOutcome.Head, head);
                }

                if (_end - _start == _buffer.Length)
                {
                    return (ReadOutcome.TooLarge, default);
                }

                Compact();
                var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
                if (read == 0)
                {
                    return (ReadOutcome.EndOfStream, default);
                }

                _end += read;
            }
        }

        /// <summary>Reads and drops a request body; false if the stream ended first.</summary>
        public async ValueTask<bool> SkipAsync(long length, CancellationToken cancellationToken)
        {
            var buffered = (int)Math.Min(length, _end - _start);
            _start += buffered;
            length -= buffered;
            while (length > 0)
            {
                Compact();
                var read = await stream.ReadAsync(_buffer.AsMemory(0, (int)Math.Min(_buffer.Length, length)), cancellationToken);
                if (read == 0)
                {
                    return false;
                }

                length -= read;
            }

            return true;
        }

        private void Compact()
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
        }
    }
}
