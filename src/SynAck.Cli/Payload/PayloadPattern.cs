using System.Buffers.Binary;

namespace SynAck.Cli.Payload;

/// <summary>
/// The bytes <c>synack serve --http</c> answers <c>GET /N</c> with and <c>synack connect
/// --send-bytes N</c> sends. Each byte is a function of its offset in the stream alone, so a
/// receiver can check a stream of any length, and a lost, repeated or reordered range shows up
/// at its offset instead of merely changing a checksum.
/// </summary>
/// <remarks>
/// The 8-byte block at offset 8k holds, little-endian, the (k+1)-th output of SplitMix64 seeded
/// with 0 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014); the
/// stream starts AF CD 1D 7B 39 A8 20 E2, the bytes of 0xE220A8397B1DCDAF.
/// </remarks>
internal static class PayloadPattern
{
    private const ulong Golden = 0x9E37_79B9_7F4A_7C15;

    /// <summary>Writes the pattern's bytes from <paramref name="offset"/> on into <paramref name="destination"/>.</summary>
    public static void Fill(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var position = 0;
        while (position < destination.Length && ((offset + position) & 7) != 0)
        {
            destination[position] = ByteAt(offset + position);
            position++;
        }

        var block = (ulong)(offset + position) >> 3;
        for (; destination.Length - position >= 8; position += 8, block++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[position..], Block(block));
        }

        for (; position < destination.Length; position++)
        {
            destination[position] = ByteAt(offset + position);
        }
    }

    /// <summary>The pattern's byte at <paramref name="offset"/>.</summary>
    public static byte ByteAt(long offset) => (byte)(Block((ulong)offset >> 3) >> (int)(8 * (offset & 7)));

    /// <summary>The SHA-256 of the first <paramref name="length"/> bytes, as lowercase hex (what sha256sum prints).</summary>
    public static string Sha256Hex(long length)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        for (long offset = 0; offset < length; offset += buffer.Length)
        {
            var chunk = buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset));
            Fill(offset, chunk);
            hash.AppendData(chunk);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static ulong Block(ulong index)
    {
        var z = (index + 1) * Golden;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }
}
