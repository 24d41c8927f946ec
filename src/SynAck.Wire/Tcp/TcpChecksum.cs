using System.Buffers.Binary;
using SynAck.Wire.Checksums;
using L = SynAck.Wire.Tcp.TcpHeaderLayout;

namespace SynAck.Wire.Tcp;

/// <summary>
/// The TCP checksum (RFC 9293 §3.1): the Internet checksum of a pseudo-header, the TCP header and
/// the payload. The IPv4 pseudo-header is RFC 9293 §3.1's, the IPv6 one RFC 8200 §8.1's. Every
/// method takes the whole segment, header and payload, as it sits in the IP payload.
/// </summary>
public static class TcpChecksum
{
    private const byte TcpProtocol = 6;

    /// <summary>
    /// The checksum of <paramref name="segment"/> over a pseudo-header sum from
    /// <see cref="InternetChecksum.PseudoHeaderIPv4"/> or <see cref="InternetChecksum.PseudoHeaderIPv6"/>,
    /// computed as if the checksum field were zero, whatever it holds.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="segment"/> is shorter than a TCP header.</exception>
    public static ushort Compute(uint pseudoHeaderSum, ReadOnlySpan<byte> segment)
    {
        ThrowIfTooShort(segment.Length);
        var sum = InternetChecksum.Accumulate(pseudoHeaderSum, segment[..L.Checksum]);
        sum = InternetChecksum.Accumulate(sum, segment[(L.Checksum + 2)..]);
        return InternetChecksum.Finish(sum);
    }

    /// <summary>Whether the checksum field of <paramref name="segment"/> verifies over the pseudo-header sum; false for fewer than 20 bytes.</summary>
    public static bool IsValid(uint pseudoHeaderSum, ReadOnlySpan<byte> segment)
        => segment.Length >= L.MinimumLength && InternetChecksum.IsValid(InternetChecksum.Accumulate(pseudoHeaderSum, segment));

    /// <summary>Computes the checksum over the pseudo-header sum and writes it into the checksum field (offset 16).</summary>
    /// <exception cref="ArgumentException"><paramref name="segment"/> is shorter than a TCP header.</exception>
    public static void Write(uint pseudoHeaderSum, Span<byte> segment)
        => BinaryPrimitives.WriteUInt16BigEndian(segment[L.Checksum..], Compute(pseudoHeaderSum, segment));

    /// <summary>The checksum of a segment carried in IPv4 from <paramref name="source"/> to <paramref name="destination"/> (4 bytes each).</summary>
    /// <exception cref="ArgumentException">An address is not 4 bytes, or the segment is shorter than a header or longer than 65535 bytes.</exception>
    public static ushort ComputeIPv4(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> segment)
        => Compute(PseudoHeaderIPv4(source, destination, segment.Length), segment);

    /// <summary>Whether a segment carried in IPv4 has a valid checksum; false for fewer than 20 or more than 65535 bytes.</summary>
    /// <exception cref="ArgumentException">An address is not 4 bytes.</exception>
    public static bool IsValidIPv4(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> segment)
        => segment.Length <= ushort.MaxValue && IsValid(PseudoHeaderIPv4(source, destination, segment.Length), segment);

    /// <summary>Computes the checksum of a segment carried in IPv4 and writes it into the checksum field.</summary>
    /// <exception cref="ArgumentException">An address is not 4 bytes, or the segment is shorter than a header or longer than 65535 bytes.</exception>
    public static void WriteIPv4(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, Span<byte> segment)
        => Write(PseudoHeaderIPv4(source, destination, segment.Length), segment);

    /// <summary>The checksum of a segment carried in IPv6 from <paramref name="source"/> to <paramref name="destination"/> (16 bytes each; the final destination when a routing header is present).</summary>
    /// <exception cref="ArgumentException">An address is not 16 bytes, or the segment is shorter than a header.</exception>
    public static ushort ComputeIPv6(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> segment)
        => Compute(InternetChecksum.PseudoHeaderIPv6(source, destination, TcpProtocol, (uint)segment.Length), segment);

    /// <summary>Whether a segment carried in IPv6 has a valid checksum; false for fewer than 20 bytes.</summary>
    /// <exception cref="ArgumentException">An address is not 16 bytes.</exception>
    public static bool IsValidIPv6(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> segment)
        => IsValid(InternetChecksum.PseudoHeaderIPv6(source, destination, TcpProtocol, (uint)segment.Length), segment);

    /// <summary>Computes the checksum of a segment carried in IPv6 and writes it into the checksum field.</summary>
    /// <exception cref="ArgumentException">An address is not 16 bytes, or the segment is shorter than a header.</exception>
    public static void WriteIPv6(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, Span<byte> segment)
        => Write(InternetChecksum.PseudoHeaderIPv6(source, destination, TcpProtocol, (uint)segment.Length), segment);

    private static uint PseudoHeaderIPv4(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, int segmentLength)
    {
        // RFC 9293 §3.1: the pseudo-header's TCP length is 16 bits, so a longer segment cannot be summed.
        if (segmentLength > ushort.MaxValue)
        {
            throw new ArgumentException($"A TCP segment in IPv4 is at most {ushort.MaxValue} bytes, not {segmentLength}.", "segment");
        }

        return InternetChecksum.PseudoHeaderIPv4(source, destination, TcpProtocol, (ushort)segmentLength);
    }

    private static void ThrowIfTooShort(int segmentLength)
    {
        if (segmentLength < L.MinimumLength)
        {
            throw new ArgumentException($"A TCP segment is at least {L.MinimumLength} bytes, not {segmentLength}.", "segment");
        }
    }
}
