using System.Buffers.Binary;
using CsCheck;
using SynAck.Wire.Ip;

namespace SynAck.Wire.Tests.Ip;

/// <summary>
/// Any bytes given to any IP parser yield a value or a typed reason, never an exception; and a
/// value's accessors stay inside the bytes (issue 2, bad input).
/// </summary>
public class MalformedInputTests
{
    [Fact]
    public void Random_bytes_give_a_packet_or_a_reason_from_every_parser()
    {
        // Bytes lean towards extension-header numbers and small lengths, the first byte towards
        // versions 4 and 6, and the length field is often made to fit, so most cases get deep.
        var fieldByte = Gen.OneOf(Gen.Byte, Gen.Byte[0, 3], Gen.Const((byte)0), Gen.Const((byte)43), Gen.Const((byte)44), Gen.Const((byte)51), Gen.Const((byte)60));
        var first = Gen.OneOf(Gen.Byte, Gen.Byte[0x40, 0x4F], Gen.Byte[0x60, 0x6F]);
        int ipv4 = 0, ipv6 = 0, chains = 0;
        Gen.Select(fieldByte.Array[0, 160], first, Gen.Bool).ForAll(seed: 1, iterations: 10_000, ((byte[] Bytes, byte First, bool FitLength) c) =>
        {
            var bytes = c.Bytes;
            if (bytes.Length > 0)
            {
                bytes[0] = c.First;
            }

            if (c.FitLength)
            {
                FitLengthField(bytes);
            }

            var (v4, v6) = ExerciseEveryParser(bytes);
            ipv4 += v4 ? 1 : 0;
            ipv6 += v6 ? 1 : 0;
            chains += v6 && bytes[6] is 0 or 43 or 44 or 51 or 60 ? 1 : 0;
        });

        // The cases must reach the accessors and the extension-header walk, not just the first checks.
        Assert.InRange(ipv4, 750, 10_000);
        Assert.InRange(ipv6, 500, 10_000);
        Assert.InRange(chains, 200, 10_000);
    }

    [Fact]
    public void Every_truncation_of_a_valid_packet_gives_a_packet_or_a_reason()
    {
        foreach (var packet in Packets.All)
        {
            for (var length = 0; length <= packet.Length; length++)
            {
                ExerciseEveryParser(packet[..length]);
            }
        }
    }

    [Fact]
    public void Every_single_bit_flip_in_the_headers_of_a_valid_packet_gives_a_packet_or_a_reason()
    {
        foreach (var packet in Packets.All)
        {
            for (var bit = 0; bit < Math.Min(packet.Length, 128) * 8; bit++)
            {
                var flipped = (byte[])packet.Clone();
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                ExerciseEveryParser(flipped);
            }
        }
    }

    private static void FitLengthField(byte[] bytes)
    {
        if (bytes.Length >= 4 && bytes[0] >> 4 == 4)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)bytes.Length);
        }
        else if (bytes.Length >= 40 && bytes[0] >> 4 == 6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), (ushort)(bytes.Length - 40));
        }
    }

    private static (bool Ipv4, bool Ipv6) ExerciseEveryParser(byte[] bytes)
    {
        var v4 = ExerciseIpv4(bytes);
        var v6 = ExerciseIpv6(bytes);
        var any = ExerciseIpPacket(bytes);
        var version = bytes.Length == 0 ? 0 : bytes[0] >> 4;

        Assert.Equal(version == 4 ? v4 : version == 6 && v6, any);
        return (v4, v6);
    }

    private static bool ExerciseIpv4(byte[] bytes)
    {
        var ok = Ipv4PacketView.TryCreate(bytes, out var view, out var error);
        var parsed = Ipv4Header.TryParse(bytes, out var header, out var headerLength, out var headerError);
        Assert.Equal(ok, parsed);
        Assert.Equal(error, headerError);
        AssertReason(ok, error, Ipv4ParseError.None);
        if (!ok)
        {
            return false;
        }

        Assert.InRange(view.HeaderLength, 20, 60);
        Assert.Equal(view.TotalLength, view.Packet.Length);
        Assert.True(view.Packet.Length <= bytes.Length);
        Assert.Equal(view.Packet.Length, view.HeaderLength + view.Payload.Length);
        Assert.Equal(view.HeaderLength - 20, view.Options.Length);
        Touch(view.Dscp, (int)view.Ecn, view.Identification, view.DontFragment, view.MoreFragments, view.FragmentOffset,
            view.IsFragment, view.TimeToLive, (int)view.Protocol, view.HeaderChecksum, view.IsHeaderChecksumValid,
            view.Source.GetHashCode(), view.Destination.GetHashCode(), (int)view.PseudoHeaderSum(), view.Fragment.GetHashCode());

        // What parses writes back (without options) and parses to the same values.
        Assert.Equal(headerLength, view.HeaderLength);
        var rewritten = new byte[Math.Max(view.TotalLength - header.OptionsLength, 20)];
        Assert.True((header with { OptionsLength = 0, TotalLength = (ushort)rewritten.Length }).TryWriteBytes(rewritten, out _));
        Assert.True(Ipv4Header.TryParse(rewritten, out var again, out _, out _));
        Assert.Equal(header with { OptionsLength = 0, TotalLength = (ushort)rewritten.Length }, again with { HeaderChecksum = header.HeaderChecksum });
        return true;
    }

    private static bool ExerciseIpv6(byte[] bytes)
    {
        var ok = Ipv6PacketView.TryCreate(bytes, out var view, out var error);
        var parsed = Ipv6Header.TryParse(bytes, out var header, out _, out var headerError);
        Assert.Equal(ok, parsed);
        Assert.Equal(error, headerError);
        AssertReason(ok, error, Ipv6ParseError.None);
        if (!ok)
        {
            return false;
        }

        Assert.Equal(40 + view.PayloadLength, view.Packet.Length);
        Assert.True(view.Packet.Length <= bytes.Length);
        Touch(view.TrafficClass, view.Dscp, (int)view.Ecn, (int)view.FlowLabel, (int)view.NextHeader, view.HopLimit,
            view.Source.GetHashCode(), view.Destination.GetHashCode(), view.Payload.Length, (int)view.PseudoHeaderSum(IpProtocol.Tcp, view.Payload.Length));

        var rewritten = new byte[40];
        Assert.True(header.TryWriteBytes(rewritten, out _));
        Assert.Equal(bytes[..40], rewritten);

        var walked = view.TryWalkExtensionHeaders(out var chain, out var walkError);
        AssertReason(walked, walkError, Ipv6ParseError.None);
        if (walked)
        {
            Assert.InRange(chain.UpperLayerOffset, 40, view.Packet.Length);
            Assert.InRange(chain.ExtensionHeaderCount, 0, Ipv6PacketView.MaxExtensionHeaders);
            Touch(view.Packet[chain.UpperLayerOffset..].Length, chain.IsFragment, chain.Fragment.ByteOffset);
        }
        else
        {
            Assert.Equal(default, chain);
        }

        return walked;
    }

    private static bool ExerciseIpPacket(byte[] bytes)
    {
        var ok = IpPacketView.TryCreate(bytes, out var view, out var error);
        AssertReason(ok, error, IpPacketParseError.None);
        if (!ok)
        {
            return false;
        }

        Assert.True(view.Packet.Length <= bytes.Length);
        Assert.Equal(view.Packet.Length, view.HeaderLength + view.UpperLayerData.Length);
        Assert.Equal(view.IsIPv4 ? 4 : 16, view.SourceBytes.Length);
        Touch(view.Version, (int)view.AddressFamily, (int)view.Protocol, view.HopLimit, view.TrafficClass, view.Dscp,
            (int)view.Ecn, view.IsFragment, view.Fragment.GetHashCode(), view.IsHeaderChecksumValid,
            view.Source.GetHashCode(), view.Destination.GetHashCode(), view.DestinationBytes.Length, (int)view.PseudoHeaderSum());
        return true;
    }

    private static void AssertReason<TError>(bool ok, TError error, TError none)
        where TError : struct, Enum
    {
        Assert.True(Enum.IsDefined(error));
        Assert.Equal(ok, EqualityComparer<TError>.Default.Equals(error, none));
    }

    private static void Touch(params object[] values) => Assert.Equal(values.Length, values.Count(v => v is not null));
}
