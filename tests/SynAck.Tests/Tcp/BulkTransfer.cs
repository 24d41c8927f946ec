using SynAck.Tcp;

namespace SynAck.Tests.Tcp;

/// <summary>
/// Writes and checks a deterministic byte pattern, so a transfer of any size is verified byte for
/// byte without holding it: the pattern repeats with a prime period, so no segment boundary or
/// power-of-two buffer lines up with it, and each chunk is compared with one memory comparison.
/// </summary>
internal static class BulkTransfer
{
    public const int ChunkSize = 64 * 1024;

    /// <summary>The pattern's period: a prime, larger than any chunk.</summary>
    private const int Period = 1_000_003;

    private static readonly byte[] Pattern = MakePattern();

    /// <summary>The bytes of stream <paramref name="stream"/> from <paramref name="offset"/> on, into <paramref name="destination"/>.</summary>
    public static void Fill(Span<byte> destination, long offset, int stream)
    {
        var start = (int)((offset + (stream * 7919L)) % Period);
        Pattern.AsSpan(start, destination.Length).CopyTo(destination);
    }

    /// <summary>Whether <paramref name="bytes"/> are the bytes of stream <paramref name="stream"/> at <paramref name="offset"/>.</summary>
    public static bool Matches(ReadOnlySpan<byte> bytes, long offset, int stream)
    {
        var start = (int)((offset + (stream * 7919L)) % Period);
        return bytes.SequenceEqual(Pattern.AsSpan(start, bytes.Length));
    }

    /// <summary>Writes <paramref name="total"/> bytes of the pattern, then completes writes (FIN).</summary>
    public static async Task SendAsync(TcpStream stream, long total, int streamId, bool completeWrites = true)
    {
        var buffer = new byte[ChunkSize];
        long sent = 0;
        while (sent < total)
        {
            var length = (int)Math.Min(buffer.Length, total - sent);
            Fill(buffer.AsSpan(0, length), sent, streamId);
            await stream.WriteAsync(buffer.AsMemory(0, length));
            sent += length;
        }

        if (completeWrites)
        {
            stream.CompleteWrites();
        }
    }

    /// <summary>Reads until the end of the stream and returns how many bytes came; throws at the first chunk that differs from the pattern.</summary>
    public static async Task<long> ReceiveAsync(TcpStream stream, int streamId)
    {
        var buffer = new byte[ChunkSize];
        long received = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return received;
            }

            if (!Matches(buffer.AsSpan(0, read), received, streamId))
            {
                throw new InvalidDataException($"The {read} bytes of stream {streamId} at offset {received} differ from what was sent.");
            }

            received += read;
        }
    }

    private static byte[] MakePattern()
    {
        // Period bytes of a xorshift sequence, then a copy of the first chunk so any window of
        // ChunkSize bytes starting inside the period is contiguous.
        var pattern = new byte[Period + ChunkSize];
        var state = 0x2545F491u;
        for (var i = 0; i < Period; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            pattern[i] = (byte)state;
        }

        pattern.AsSpan(0, ChunkSize).CopyTo(pattern.AsSpan(Period));
        return pattern;
    }
}
