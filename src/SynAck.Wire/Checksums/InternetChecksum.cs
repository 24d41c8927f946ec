using System.Buffers.Binary;

namespace SynAck.Wire.Checksums;

/// <summary>
/// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit
/// big-endian words, with RFC 1624 incremental updates and the IPv4 and IPv6 pseudo-headers.
/// </summary>
/// <remarks>
/// A partial sum is a <see cref="uint"/> that can be carried from one call to the next, so a
/// pseudo-header, a header and a payload can be summed separately. Every chunk but the last must
/// have an even length, or the words of the next chunk would be misaligned.
/// <see cref="Accumulate"/> uses 256-bit or 128-bit vectors where the hardware accelerates them;
/// every path returns the same partial sum, bit for bit.
/// </remarks>
public static partial class InternetChecksum
{
    /// <summary>Adds the 16-bit big-endian words of <paramref name="data"/> to a partial sum.</summary>
    /// <param name="partialSum">A sum from an earlier call, or 0.</param>
    /// <param name="data">The bytes; an odd final byte is padded with a zero byte (RFC 1071 §4.1).</param>
    /// <returns>The new partial sum, folded so that it can be carried into another call.</returns>
    public static uint Accumulate(uint partialSum, ReadOnlySpan<byte> data)
    {
        ulong sum = partialSum;
        var consumed = 0;
        if (data.Length >= VectorThreshold)
        {
            sum += SumVectorized(data, out consumed);
        }

        return FoldTo32(sum + SumScalar(data[consumed..]));
    }

    /// <summary>Folds a partial sum to 16 bits and complements it: the value to put in a header.</summary>
    public static ushort Finish(uint partialSum) => (ushort)~FoldTo16(partialSum);

    /// <summary>The checksum of <paramref name="data"/> alone.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Accumulate(0, data));

    /// <summary>
    /// Whether data whose checksum field is included in the sum verifies: the folded sum of
    /// everything, checksum included, is 0xFFFF.
    /// </summary>
    public static bool IsValid(uint partialSumIncludingChecksum) => FoldTo16(partialSumIncludingChecksum) == 0xFFFF;

    /// <summary>The partial sum of the IPv4 pseudo-header (RFC 9293 §3.1).</summary>
    /// <param name="source">The 4-byte source address.</param>
    /// <param name="destination">The 4-byte destination address.</param>
    /// <param name="protocol">The IP protocol number (6 for TCP).</param>
    /// <param name="upperLayerLength">The length of the TCP header plus data.</param>
    public static uint PseudoHeaderIPv4(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte protocol, ushort upperLayerLength)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(source.Length, 4);
        ArgumentOutOfRangeException.ThrowIfNotEqual(destination.Length, 4);
        var sum = Accumulate(0, source);
        sum = Accumulate(sum, destination);
        return FoldTo32((ulong)sum + protocol + upperLayerLength);
    }

    /// <summary>The partial sum of the IPv6 pseudo-header (RFC 8200 §8.1).</summary>
    /// <param name="source">The 16-byte source address.</param>
    /// <param name="destination">The 16-byte destination address (the final one, if a routing header is present).</param>
    /// <param name="nextHeader">The upper-layer protocol number (6 for TCP).</param>
    /// <param name="upperLayerLength">The length of the upper-layer header plus data.</param>
    public static uint PseudoHeaderIPv6(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte nextHeader, uint upperLayerLength)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(source.Length, 16);
        ArgumentOutOfRangeException.ThrowIfNotEqual(destination.Length, 16);
        var sum = Accumulate(0, source);
        sum = Accumulate(sum, destination);
        return FoldTo32((ulong)sum + (upperLayerLength >> 16) + (upperLayerLength & 0xFFFF) + nextHeader);
    }

    /// <summary>
    /// Updates a checksum after a 16-bit field changed from <paramref name="oldValue"/> to
    /// <paramref name="newValue"/>, without summing the data again (RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m')).
    /// </summary>
    public static ushort Update(ushort checksum, ushort oldValue, ushort newValue)
    {
        uint sum = (ushort)~checksum;
        sum += (ushort)~oldValue;
        sum += newValue;
        return (ushort)~FoldTo16(sum);
    }

    /// <summary>Updates a checksum after a 32-bit field (an address, a sequence number) changed (RFC 1624).</summary>
    public static ushort Update(ushort checksum, uint oldValue, uint newValue)
    {
        var updated = Update(checksum, (ushort)(oldValue >> 16), (ushort)(newValue >> 16));
        return Update(updated, (ushort)oldValue, (ushort)newValue);
    }

    /// <summary>
    /// <see cref="Accumulate"/> without vectors: the reference every vector path must match.
    /// </summary>
    internal static uint AccumulateScalar(uint partialSum, ReadOnlySpan<byte> data)
        => FoldTo32(partialSum + SumScalar(data));

    /// <summary>
    /// The exact sum of the big-endian 32-bit words of <paramref name="data"/>, an odd tail padded
    /// with zeros. Summing 32-bit words gives the same ones' complement result as 16-bit words,
    /// since 2^16 ≡ 1 (mod 2^16 - 1) (RFC 1071 §2). Exact up to 2^32 words, far beyond any span.
    /// </summary>
    private static ulong SumScalar(ReadOnlySpan<byte> data)
    {
        ulong sum = 0;
        var i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
        }

        if (i + 2 <= data.Length)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
            i += 2;
        }

        if (i < data.Length)
        {
            sum += (uint)data[i] << 8;
        }

        return sum;
    }

    private static uint FoldTo32(ulong sum)
    {
        sum = (sum & 0xFFFF_FFFF) + (sum >> 32);
        sum = (sum & 0xFFFF_FFFF) + (sum >> 32);
        return (uint)sum;
    }

    private static ushort FoldTo16(uint sum)
    {
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }
}
