using System.Buffers.Binary;
using SynAck.Wire.Checksums;
using SynAck.Wire.Ip;

namespace SynAck.Interop.Tests.Links.Tun;

/// <summary>An ICMP or ICMPv6 echo message read from an IP packet.</summary>
internal sealed record Echo(IpAddress Source, IpAddress Destination, bool IsReply, ushort Identifier, ushort Sequence, byte[] Data, bool ChecksumValid);

/// <summary>Builds and reads ICMP echo messages (RFC 792, RFC 4443 §4) for link tests that need no stack.</summary>
internal static class EchoPackets
{
    private const byte EchoRequest4 = 8;
    private const byte EchoReply4 = 0;
    private const byte EchoRequest6 = 128;
    private const byte EchoReply6 = 129;

    /// <summary>The ICMP echo request message alone (no IP header), checksum filled in: what an IPv4 raw socket sends.</summary>
    public static byte[] RequestMessage4(ushort identifier, ushort sequence, ReadOnlySpan<byte> data)
    {
        var message = Message(EchoRequest4, identifier, sequence, data);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), InternetChecksum.Compute(message));
        return message;
    }

    /// <summary>The ICMPv6 echo request message with a zero checksum: an ICMPv6 raw socket fills it in.</summary>
    public static byte[] RequestMessage6(ushort identifier, ushort sequence, ReadOnlySpan<byte> data)
        => Message(EchoRequest6, identifier, sequence, data);

    /// <summary>A whole IPv4 or IPv6 packet carrying an echo request.</summary>
    public static byte[] RequestPacket(IpAddress source, IpAddress destination, ushort identifier, ushort sequence, ReadOnlySpan<byte> data)
    {
        if (source.IsIPv6)
        {
            var message = Message(EchoRequest6, identifier, sequence, data);
            var packet = new byte[Ipv6Header.Length + message.Length];
            new Ipv6Header
            {
                PayloadLength = (ushort)message.Length,
                NextHeader = IpProtocol.IcmpV6,
                HopLimit = 64,
                Source = source,
                Destination = destination,
            }.TryWriteBytes(packet, out _);
            var sum = InternetChecksum.PseudoHeaderIPv6(packet.AsSpan(8, 16), packet.AsSpan(24, 16), (byte)IpProtocol.IcmpV6, (uint)message.Length);
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), InternetChecksum.Finish(InternetChecksum.Accumulate(sum, message)));
            message.CopyTo(packet, Ipv6Header.Length);
            return packet;
        }
        else
        {
            var message = RequestMessage4(identifier, sequence, data);
            var packet = new byte[Ipv4Header.Length + message.Length];
            new Ipv4Header
            {
                TotalLength = (ushort)packet.Length,
                Identification = sequence,
                TimeToLive = 64,
                Protocol = IpProtocol.Icmp,
                Source = source,
                Destination = destination,
            }.TryWriteBytes(packet, out _);
            message.CopyTo(packet, Ipv4Header.Length);
            return packet;
        }
    }

    /// <summary>Reads an echo request or reply; null for any other packet (MLD, router solicitations...).</summary>
    public static Echo? TryRead(ReadOnlySpan<byte> packet)
    {
        if (!IpPacketView.TryCreate(packet, out var view, out _) || view.IsFragment)
        {
            return null;
        }

        var message = view.UpperLayerData;
        if (message.Length < 8)
        {
            return null;
        }

        bool isReply;
        uint sum;
        if (view.IsIPv6 && view.Protocol == IpProtocol.IcmpV6 && message[0] is EchoRequest6 or EchoReply6)
        {
            isReply = message[0] == EchoReply6;
            sum = view.PseudoHeaderSum();
        }
        else if (view.IsIPv4 && view.Protocol == IpProtocol.Icmp && message[0] is EchoRequest4 or EchoReply4)
        {
            isReply = message[0] == EchoReply4;
            sum = 0;
        }
        else
        {
            return null;
        }

        return new Echo(
            view.Source,
            view.Destination,
            isReply,
            BinaryPrimitives.ReadUInt16BigEndian(message[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
            message[8..].ToArray(),
            message[1] == 0 && InternetChecksum.IsValid(InternetChecksum.Accumulate(sum, message)));
    }

    /// <summary>A deterministic payload of the given length.</summary>
    public static byte[] Pattern(int length, int seed = 0)
    {
        var data = new byte[length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)((i * 31) + seed);
        }

        return data;
    }

    private static byte[] Message(byte type, ushort identifier, ushort sequence, ReadOnlySpan<byte> data)
    {
        var message = new byte[8 + data.Length];
        message[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), identifier);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), sequence);
        data.CopyTo(message.AsSpan(8));
        return message;
    }
}
