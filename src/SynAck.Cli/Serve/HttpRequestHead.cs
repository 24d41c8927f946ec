using System.Globalization;
using System.Text;

namespace SynAck.Cli.Serve;

/// <summary>Why a request head could not be served.</summary>
internal enum HttpHeadError
{
    /// <summary>It parsed.</summary>
    None,

    /// <summary>The request line or a header line is malformed (400).</summary>
    Malformed,

    /// <summary>Not HTTP/1.0 or HTTP/1.1 (505).</summary>
    UnsupportedVersion,

    /// <summary>A Transfer-Encoding body, which this responder does not read (501).</summary>
    TransferEncoding,
}

/// <summary>The parts of an HTTP/1.x request head (RFC 9112 §3, §5) that the responder acts on.</summary>
/// <param name="Method">The method, case-sensitive as RFC 9110 §9.1 says.</param>
/// <param name="Path">The target's path, percent-encoding kept, query removed.</param>
/// <param name="MinorVersion">0 for HTTP/1.0, 1 for HTTP/1.1.</param>
/// <param name="KeepAlive">Whether the connection stays open after the response (RFC 9112 §9.3).</param>
/// <param name="ContentLength">The length of the request body to skip.</param>
internal sealed record HttpRequestHead(string Method, string Path, int MinorVersion, bool KeepAlive, long ContentLength)
{
    /// <summary>Parses a head: the bytes before the empty line, without the final CRLF CRLF.</summary>
    public static HttpHeadError TryParse(ReadOnlySpan<byte> head, out HttpRequestHead? request)
    {
        request = null;
        if (head.ContainsAnyExceptInRange((byte)0x01, (byte)0x7F))
        {
            return HttpHeadError.Malformed;
        }

        var lines = Encoding.ASCII.GetString(head).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0].Length == 0 || !requestLine[1].StartsWith('/'))
        {
            return HttpHeadError.Malformed;
        }

        var minor = requestLine[2] switch
        {
            "HTTP/1.1" => 1,
            "HTTP/1.0" => 0,
            _ => -1,
        };
        if (minor < 0)
        {
            return requestLine[2].StartsWith("HTTP/", StringComparison.Ordinal) ? HttpHeadError.UnsupportedVersion : HttpHeadError.Malformed;
        }

        var close = false;
        var keepAlive = false;
        long contentLength = 0;
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            // RFC 9112 §5.1: no whitespace before the colon; §5.2: obsolete line folding is rejected.
            if (colon <= 0 || line[0] is ' ' or '\t' || line[colon - 1] is ' ' or '\t')
            {
                return HttpHeadError.Malformed;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim([' ', '\t']);
            if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var option in value.Split(',', StringSplitOptions.TrimEntries))
                {
                    close |= option.Equals("close", StringComparison.OrdinalIgnoreCase);
                    keepAlive |= option.Equals("keep-alive", StringComparison.OrdinalIgnoreCase);
                }
            }
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out contentLength))
                {
                    return HttpHeadError.Malformed;
                }
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                return HttpHeadError.TransferEncoding;
            }
        }

        var target = requestLine[1];
        var query = target.IndexOf('?', StringComparison.Ordinal);
        // RFC 9112 §9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".
        var persistent = !close && (minor == 1 || keepAlive);
        request = new HttpRequestHead(requestLine[0], query < 0 ? target : target[..query], minor, persistent, contentLength);
        return HttpHeadError.None;
    }
}
