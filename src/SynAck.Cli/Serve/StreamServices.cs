namespace SynAck.Cli.Serve;

/// <summary>The simplest services a server can run on a connection.</summary>
internal static class StreamServices
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>Sends back everything it reads until the peer closes its side (RFC 862's echo, over any stream).</summary>
    /// <returns>How many bytes were echoed.</returns>
    public static async Task<long> EchoAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[ChunkSize];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            total += read;
        }

        return total;
    }

    /// <summary>Reads and drops everything until the peer closes its side (RFC 863's discard).</summary>
    /// <returns>How many bytes were read.</returns>
    public static async Task<long> DiscardAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[ChunkSize];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }
}
