using System.Buffers.Binary;
using SynAck.Wire;
using SynAck.Wire.Ip;

namespace SynAck.Ip;

/// <summary>Reading an error message and the packet it quotes.</summary>
public readonly partial record struct IcmpErrorMessage
{
    private const int IPv4MinimumMtu = 68;
    private const int IPv6MinimumMtu = 1280;
    private const int TransportBytesQuoted = 8;

    /// <summary>RFC 1191 §7: the common MTUs, largest first, for guessing a next hop's MTU.</summary>
    private static ReadOnlySpan<ushort> MtuPlateaus => [65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68];

    /// <summary>
    /// Reads an ICMP error from an IPv4 packet or an ICMPv6 error from an IPv6 packet: Destination
    /// Unreachable, Source Quench (IPv4), Packet Too Big (IPv6), Time Exceeded or Parameter
    /// Problem, with a valid checksum, quoting at least the IP header of a packet of the same version.
    /// </summary>
    /// <param name="packet">The packet carrying the error.</param>
    /// <param name="error">The error; <c>default</c> on failure.</param>
    /// <param name="reason">Why the packet is not a usable error; <see cref="IcmpParseError.None"/> on success.</param>
    public static bool TryParse(in IpPacketView packet, out IcmpErrorMessage error, out IcmpParseError reason)
    {
        error = default;
        if (!IcmpMessageView.TryCreate(packet, out var message, out reason))
        {
            return false;
        }

        var ipv6 = packet.IsIPv6;
        if (!TryClassify(ipv6, message.Type, message.Code, out var kind, out var reaction))
        {
            reason = IcmpParseError.WrongType;
            return false;
        }

        if (!TryReadQuote(ipv6, message.Body, out var quote, out reason))
        {
            return false;
        }

        var mtu = 0;
        uint pointer = 0;
        if (kind == IcmpErrorKind.PacketTooBig)
        {
            if (ipv6)
            {
                mtu = (int)Math.Min(message.RestOfHeader, int.MaxValue);

                // RFC 8201 §4: a Packet Too Big reporting less than the IPv6 minimum link MTU is discarded.
                reaction = mtu < IPv6MinimumMtu ? IcmpTcpReaction.Ignore : reaction;
            }
            else
            {
                // RFC 1191 §4: the next-hop MTU is in the low 16 bits; §5: a zero from an old router
                // means a guess from the plateau table; §3: never below 68.
                mtu = (int)(message.RestOfHeader & 0xFFFF);
                mtu = Math.Max(mtu == 0 ? PlateauBelow(quote.TotalLength) : mtu, IPv4MinimumMtu);
            }
        }
        else if (kind == IcmpErrorKind.ParameterProblem)
        {
            // RFC 792: an 8-bit pointer in the first byte; RFC 4443 §3.4: a 32-bit pointer.
            pointer = ipv6 ? message.RestOfHeader : message.RestOfHeader >> 24;
        }

        error = new IcmpErrorMessage
        {
            IsIPv6 = ipv6,
            Type = message.Type,
            Code = message.Code,
            Kind = kind,
            TcpReaction = reaction,
            Reporter = packet.Source,
            Mtu = mtu,
            Pointer = pointer,
            QuotedSource = new IpEndpoint(quote.Source, quote.SourcePort),
            QuotedDestination = new IpEndpoint(quote.Destination, quote.DestinationPort),
            QuotedProtocol = quote.Protocol,
            HasQuotedPorts = quote.HasPorts,
            QuotedSequenceNumber = quote.Sequence,
        };
        return true;
    }

    private static bool TryReadQuote(bool ipv6, ReadOnlySpan<byte> quoted, out Quote quote, out IcmpParseError reason)
    {
        quote = default;
        var headerLength = ipv6 ? 40 : 20;
        if (quoted.Length < headerLength)
        {
            reason = IcmpParseError.QuotedPacketTooShort;
            return false;
        }

        if (quoted[0] >> 4 != (ipv6 ? 6 : 4))
        {
            reason = IcmpParseError.QuotedPacketMalformed;
            return false;
        }

        IpProtocol protocol;
        int transport;
        bool firstFragment;
        int totalLength;
        IpAddress source, destination;
        if (ipv6)
        {
            // The quote may end anywhere, even inside an extension header: walk what there is.
            var walked = Ipv6HeaderWalk.TryWalk(quoted, stopAtFragment: false, out var stop);
            protocol = stop.Next;
            transport = walked ? stop.Offset : quoted.Length;
            firstFragment = protocol != IpProtocol.Fragment;
            totalLength = 40 + BinaryPrimitives.ReadUInt16BigEndian(quoted[4..]);
            source = IpAddress.FromBytes(quoted.Slice(8, 16));
            destination = IpAddress.FromBytes(quoted.Slice(24, 16));
        }
        else
        {
            transport = (quoted[0] & 0x0F) * 4;
            if (transport < headerLength)
            {
                reason = IcmpParseError.QuotedPacketMalformed;
                return false;
            }

            if (quoted.Length < transport)
            {
                reason = IcmpParseError.QuotedPacketTooShort;
                return false;
            }

            protocol = (IpProtocol)quoted[9];
            firstFragment = (BinaryPrimitives.ReadUInt16BigEndian(quoted[6..]) & 0x1FFF) == 0;
            totalLength = BinaryPrimitives.ReadUInt16BigEndian(quoted[2..]);
            source = IpAddress.FromBytes(quoted.Slice(12, 4));
            destination = IpAddress.FromBytes(quoted.Slice(16, 4));
        }

        var hasPorts = firstFragment
            && quoted.Length - transport >= TransportBytesQuoted
            && protocol is IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.UdpLite or IpProtocol.Sctp;
        quote = new Quote(source, destination, protocol, totalLength, hasPorts);
        if (hasPorts)
        {
            var bytes = quoted[transport..];
            quote = quote with
            {
                SourcePort = BinaryPrimitives.ReadUInt16BigEndian(bytes),
                DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]),
                Sequence = protocol == IpProtocol.Tcp ? new SequenceNumber(BinaryPrimitives.ReadUInt32BigEndian(bytes[4..])) : default,
            };
        }

        reason = IcmpParseError.None;
        return true;
    }

    private static int PlateauBelow(int totalLength)
    {
        foreach (var plateau in MtuPlateaus)
        {
            if (plateau < totalLength)
            {
                return plateau;
            }
        }

        return IPv4MinimumMtu;
    }

    private readonly record struct Quote(IpAddress Source, IpAddress Destination, IpProtocol Protocol, int TotalLength, bool HasPorts)
    {
        public ushort SourcePort { get; init; }

        public ushort DestinationPort { get; init; }

        public SequenceNumber Sequence { get; init; }
    }
}
