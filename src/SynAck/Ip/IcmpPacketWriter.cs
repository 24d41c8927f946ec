using System.Buffers.Binary;
using SynAck.Wire.Checksums;
using SynAck.Wire.Ip;

namespace SynAck.Ip;

/// <summary>Writes an IP header and an ICMP or ICMPv6 message behind it, with both checksums.</summary>
internal static class IcmpPacketWriter
{
    /// <summary>The IPv4 header length the writer uses (no options).</summary>
    public const int IPv4HeaderLength = Ipv4Header.Length;

    /// <summary>The IPv6 header length the writer uses (no extension headers).</summary>
    public const int IPv6HeaderLength = Ipv6Header.Length;

    public static int HeaderLength(bool ipv6) => ipv6 ? IPv6HeaderLength : IPv4HeaderLength;

    /// <summary>Checks the caller's header fields for a message of the given family.</summary>
    /// <exception cref="ArgumentException">The source is not of the family, or the flow label does not fit 20 bits.</exception>
    public static void Validate(in IcmpSendParameters send, bool ipv6, string paramName)
    {
        if (send.Source.IsIPv6 != ipv6)
        {
            throw new ArgumentException("The source address is not of the packet's family.", paramName);
        }

        if (send.FlowLabel > 0xF_FFFF)
        {
            throw new ArgumentException("The flow label is 20 bits long.", paramName);
        }
    }

    /// <summary>
    /// Writes the IP header in front of the message already in place after it (the rest of
    /// <paramref name="packet"/>), then the message's checksum (bytes 2-3 of the message).
    /// </summary>
    /// <param name="packet">The packet: room for the header, then the message.</param>
    /// <param name="send">The header fields the caller chose.</param>
    /// <param name="destination">Where the message goes.</param>
    /// <param name="typeOfService">The IPv4 TOS or IPv6 Traffic Class.</param>
    public static void Finish(Span<byte> packet, in IcmpSendParameters send, IpAddress destination, byte typeOfService)
    {
        var ipv6 = send.Source.IsIPv6;
        var headerLength = HeaderLength(ipv6);
        var message = packet[headerLength..];
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], 0);
        if (ipv6)
        {
            var header = new Ipv6Header
            {
                Dscp = (byte)(typeOfService >> 2),
                Ecn = (EcnCodepoint)(typeOfService & 3),
                FlowLabel = send.FlowLabel,
                PayloadLength = (ushort)message.Length,
                NextHeader = IpProtocol.IcmpV6,
                HopLimit = send.HopLimit,
                Source = send.Source,
                Destination = destination,
            };
            header.TryWriteBytes(packet, out _);

            // RFC 4443 §2.3: the ICMPv6 checksum covers the IPv6 pseudo-header (RFC 8200 §8.1).
            var pseudo = InternetChecksum.PseudoHeaderIPv6(packet.Slice(8, 16), packet.Slice(24, 16), (byte)IpProtocol.IcmpV6, (uint)message.Length);
            BinaryPrimitives.WriteUInt16BigEndian(message[2..], InternetChecksum.Finish(InternetChecksum.Accumulate(pseudo, message)));
        }
        else
        {
            var header = new Ipv4Header
            {
                Dscp = (byte)(typeOfService >> 2),
                Ecn = (EcnCodepoint)(typeOfService & 3),
                TotalLength = (ushort)packet.Length,
                Identification = send.Identification,
                TimeToLive = send.HopLimit,
                Protocol = IpProtocol.Icmp,
                Source = send.Source,
                Destination = destination,
            };
            header.TryWriteBytes(packet, out _);

            // RFC 792: the ICMP checksum covers the ICMP message alone.
            BinaryPrimitives.WriteUInt16BigEndian(message[2..], InternetChecksum.Compute(message));
        }
    }
}
