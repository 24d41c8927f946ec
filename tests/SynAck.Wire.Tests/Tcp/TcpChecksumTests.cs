using System.Buffers.Binary;
using SynAck.Wire.Checksums;
using SynAck.Wire.Tcp;

namespace SynAck.Wire.Tests.Tcp;

public class TcpChecksumTests
{
    [Theory]
    [MemberData(nameof(KernelSegments.Names), MemberType = typeof(KernelSegments))]
    public void Computed_checksum_matches_what_tcpdump_computed_for_the_kernel_segment(string name)
    {
        var captured = KernelSegments.Get(name);
        Assert.Equal(captured.CorrectChecksum, Compute(captured));
    }

    [Theory]
    [MemberData(nameof(TcpHeaderTests.FullChecksumSegments), MemberType = typeof(TcpHeaderTests))]
    public void Kernel_segments_with_a_full_checksum_verify(string name)
    {
        var captured = KernelSegments.Get(name);
        Assert.True(captured.ChecksumOnWireIsFull);
        Assert.True(IsValid(captured));
    }

    [Theory]
    [InlineData(nameof(KernelSegments.LoopbackSyn))]
    [InlineData(nameof(KernelSegments.LoopbackIPv6RstAck))]
    public void Loopback_segments_carry_only_the_pseudo_header_sum_and_do_not_verify(string name)
    {
        // Linux hands loopback segments to the "device" with checksum offload: the field holds the
        // folded pseudo-header sum (not complemented), for hardware to finish.
        var captured = KernelSegments.Get(name);
        var pseudoHeader = captured.Source.Length == 4
            ? InternetChecksum.PseudoHeaderIPv4(captured.Source, captured.Destination, 6, (ushort)captured.Bytes.Length)
            : InternetChecksum.PseudoHeaderIPv6(captured.Source, captured.Destination, 6, (uint)captured.Bytes.Length);

        Assert.False(captured.ChecksumOnWireIsFull);
        Assert.Equal((ushort)~InternetChecksum.Finish(pseudoHeader), BinaryPrimitives.ReadUInt16BigEndian(captured.Bytes.AsSpan(16)));
        Assert.False(IsValid(captured));
    }

    [Fact]
    public void Write_fills_offset_16_whatever_the_field_held_before()
    {
        var captured = KernelSegments.Data;
        var segment = captured.Bytes.ToArray();
        segment[16] = 0x12;
        segment[17] = 0x34;

        TcpChecksum.WriteIPv4(captured.Source, captured.Destination, segment);

        Assert.Equal(captured.Bytes, segment);
    }

    [Fact]
    public void Write_over_an_ipv6_pseudo_header_gives_the_checksum_tcpdump_expected()
    {
        var captured = KernelSegments.LoopbackIPv6RstAck;
        var segment = captured.Bytes.ToArray();

        TcpChecksum.WriteIPv6(captured.Source, captured.Destination, segment);

        Assert.Equal(captured.CorrectChecksum, BinaryPrimitives.ReadUInt16BigEndian(segment.AsSpan(16)));
        Assert.True(TcpChecksum.IsValidIPv6(captured.Source, captured.Destination, segment));
    }

    [Fact]
    public void Every_single_bit_flip_of_a_segment_fails_verification()
    {
        var captured = KernelSegments.Sack;
        var segment = captured.Bytes.ToArray();
        for (var bit = 0; bit < segment.Length * 8; bit++)
        {
            segment[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(TcpChecksum.IsValidIPv4(captured.Source, captured.Destination, segment), $"bit {bit}");
            segment[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        Assert.True(TcpChecksum.IsValidIPv4(captured.Source, captured.Destination, segment));
    }

    [Fact]
    public void The_pseudo_header_binds_the_checksum_to_the_addresses()
    {
        var captured = KernelSegments.Data;
        Assert.False(TcpChecksum.IsValidIPv4(captured.Destination, [192, 0, 2, 3], captured.Bytes));
    }

    [Fact]
    public void An_odd_length_segment_is_summed_with_a_zero_pad_byte()
    {
        // RFC 9293 §3.1: an odd last octet is padded on the right with zeros to form a 16-bit word.
        var captured = KernelSegments.Data;
        Assert.Equal(1, captured.Bytes.Length % 2);
        var padded = new byte[captured.Bytes.Length + 1];
        captured.Bytes.CopyTo(padded, 0);
        var pseudoOdd = InternetChecksum.PseudoHeaderIPv4(captured.Source, captured.Destination, 6, (ushort)captured.Bytes.Length);

        Assert.Equal(TcpChecksum.Compute(pseudoOdd, captured.Bytes), TcpChecksum.Compute(pseudoOdd, padded));
    }

    [Fact]
    public void Segments_shorter_than_a_header_never_verify()
    {
        Assert.False(TcpChecksum.IsValidIPv4([0, 0, 0, 0], [0, 0, 0, 0], new byte[19]));
        Assert.False(TcpChecksum.IsValidIPv6(new byte[16], new byte[16], []));
    }

    [Fact]
    public void Misuse_throws_argument_exceptions()
    {
        Assert.Throws<ArgumentException>(() => TcpChecksum.ComputeIPv4([1, 2, 3, 4], [1, 2, 3, 4], new byte[19]));
        Assert.Throws<ArgumentException>(() => TcpChecksum.ComputeIPv4([1, 2, 3, 4], [1, 2, 3, 4], new byte[65536]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpChecksum.ComputeIPv4([1, 2, 3], [1, 2, 3, 4], new byte[20]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpChecksum.IsValidIPv6(new byte[4], new byte[16], new byte[20]));
        Assert.False(TcpChecksum.IsValidIPv4([1, 2, 3, 4], [1, 2, 3, 4], new byte[65536]));
    }

    private static ushort Compute(CapturedSegment captured) => captured.Source.Length == 4
        ? TcpChecksum.ComputeIPv4(captured.Source, captured.Destination, captured.Bytes)
        : TcpChecksum.ComputeIPv6(captured.Source, captured.Destination, captured.Bytes);

    private static bool IsValid(CapturedSegment captured) => captured.Source.Length == 4
        ? TcpChecksum.IsValidIPv4(captured.Source, captured.Destination, captured.Bytes)
        : TcpChecksum.IsValidIPv6(captured.Source, captured.Destination, captured.Bytes);
}
