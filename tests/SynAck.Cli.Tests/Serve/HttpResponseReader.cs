using System.Globalization;
using System.Text;

namespace SynAck.Cli.Tests.Serve;

/// <summary>A response as the client saw it.</summary>
internal sealed record HttpResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public long ContentLength => long.Parse(Headers["content-length"], CultureInfo.InvariantCulture);

    public bool Closes => Headers.TryGetValue("connection", out var value) && value == "close";
}

/// <summary>Reads HTTP/1.1 responses framed by Content-Length from a stream, as a test client.</summary>
internal sealed class HttpResponseReader(Stream stream)
{
    private readonly List<byte> _buffered = [];

    /// <summary>Reads the next response; a HEAD response has no body whatever its Content-Length says.</summary>
    public async Task<HttpResponse?> ReadAsync(bool toHead = false)
    {
        int end;
        while ((end = IndexOfHeadEnd()) < 0)
        {
            if (!await FillAsync())
            {
                return null;
            }
        }

        var head = Encoding.ASCII.GetString([.. _buffered.Take(end)]).Split("\r\n");
        _buffered.RemoveRange(0, end + 4);
        var status = int.Parse(head[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = head.Skip(1).Select(line => line.Split(':', 2)).ToDictionary(p => p[0].ToLowerInvariant(), p => p[1].Trim());
        var length = toHead ? 0 : long.Parse(headers["content-length"], CultureInfo.InvariantCulture);
        while (_buffered.Count < length)
        {
            if (!await FillAsync())
            {
                throw new EndOfStreamException($"The body ended after {_buffered.Count} of {length} bytes.");
            }
        }

        var body = _buffered.Take((int)length).ToArray();
        _buffered.RemoveRange(0, (int)length);
        return new HttpResponse(status, headers, body);
    }

    /// <summary>Whether the server closed with nothing more sent.</summary>
    public async Task<bool> AtEndAsync() => _buffered.Count == 0 && !await FillAsync();

    private async Task<bool> FillAsync()
    {
        var chunk = new byte[65536];
        var read = await stream.ReadAsync(chunk);
        _buffered.AddRange(chunk.AsSpan(0, read));
        return read > 0;
    }

    private int IndexOfHeadEnd()
    {
        for (var i = 0; i + 3 < _buffered.Count; i++)
        {
            if (_buffered[i] == '\r' && _buffered[i + 1] == '\n' && _buffered[i + 2] == '\r' && _buffered[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
