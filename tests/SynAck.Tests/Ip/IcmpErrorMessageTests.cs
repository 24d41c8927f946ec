using System.Buffers.Binary;
using CsCheck;
using SynAck.Ip;
using SynAck.Wire;
using SynAck.Wire.Ip;
using static SynAck.Tests.Ip.FragmentBuilder;
using static SynAck.Tests.Ip.IcmpEchoTests;

namespace SynAck.Tests.Ip;

public class IcmpErrorMessageTests
{
    public static TheoryData<string, IcmpErrorKind, IcmpTcpReaction, string, string, uint> KernelSynErrors => new()
    {
        // Linux failed each of these connects: EHOSTUNREACH, EHOSTUNREACH, EHOSTUNREACH, EACCES, ENETUNREACH, ENETUNREACH, EHOSTUNREACH, EHOSTUNREACH.
        { nameof(KernelPackets.TimeExceededSynV4), IcmpErrorKind.TimeExceeded, IcmpTcpReaction.SoftError, "192.0.2.1:34882", "198.51.100.2:8080", 1646364837 },
        { nameof(KernelPackets.TimeExceededSynV6), IcmpErrorKind.TimeExceeded, IcmpTcpReaction.SoftError, "[2001:db8:1::1]:45840", "[2001:db8:2::2]:8080", 1340243436 },
        { nameof(KernelPackets.AdminProhibitedSynV4), IcmpErrorKind.AdministrativelyProhibited, IcmpTcpReaction.HardError, "192.0.2.1:47646", "203.0.113.5:80", 1471384131 },
        { nameof(KernelPackets.AdminProhibitedSynV6), IcmpErrorKind.AdministrativelyProhibited, IcmpTcpReaction.HardError, "[2001:db8:1::1]:41214", "[2001:db8:dead::5]:80", 3854964083 },
        { nameof(KernelPackets.NetUnreachableSynV4), IcmpErrorKind.NetworkUnreachable, IcmpTcpReaction.SoftError, "192.0.2.1:38912", "100.64.0.1:80", 1103524833 },
        { nameof(KernelPackets.NoRouteSynV6), IcmpErrorKind.NetworkUnreachable, IcmpTcpReaction.SoftError, "[2001:db8:1::1]:54458", "[2001:db8:99::1]:80", 3083658558 },
        { nameof(KernelPackets.HostUnreachableSynV4), IcmpErrorKind.HostUnreachable, IcmpTcpReaction.SoftError, "192.0.2.1:47892", "198.51.100.77:80", 3718502694 },
        { nameof(KernelPackets.AddressUnreachableSynV6), IcmpErrorKind.HostUnreachable, IcmpTcpReaction.SoftError, "[2001:db8:1::1]:34172", "[2001:db8:2::77]:80", 2473625774 },
    };

    [Theory]
    [MemberData(nameof(KernelSynErrors))]
    public void Kernel_errors_about_a_SYN_name_the_connection_its_ISS_and_what_TCP_does(
        string packet, IcmpErrorKind kind, IcmpTcpReaction reaction, string source, string destination, uint iss)
    {
        Assert.True(IcmpErrorMessage.TryParse(View(Kernel(packet)), out var error, out var reason), reason.ToString());

        Assert.Equal(kind, error.Kind);
        Assert.Equal(reaction, error.TcpReaction);
        Assert.Equal(IpEndpoint.Parse(source), error.QuotedSource);
        Assert.Equal(IpEndpoint.Parse(destination), error.QuotedDestination);
        Assert.Equal(IpProtocol.Tcp, error.QuotedProtocol);
        Assert.True(error.HasQuotedSequenceNumber);
        Assert.Equal(new SequenceNumber(iss), error.QuotedSequenceNumber);

        // RFC 5927 §4.1: in SYN-SENT, SND.UNA = ISS and SND.NXT = ISS + 1.
        Assert.True(error.IsQuotedSequenceInFlight(iss, iss + 1));
        Assert.False(error.IsQuotedSequenceInFlight(iss + 1, iss + 1));
        Assert.False(error.IsQuotedSequenceInFlight(iss - 100, iss));
    }

    [Fact]
    public void A_kernel_port_unreachable_is_a_hard_error_about_a_UDP_datagram()
    {
        Assert.True(IcmpErrorMessage.TryParse(View(KernelPackets.PortUnreachableV4), out var v4, out _));
        Assert.True(IcmpErrorMessage.TryParse(View(KernelPackets.PortUnreachableV6), out var v6, out _));

        Assert.Equal(new IcmpErrorMessage
        {
            Type = 3,
            Code = 3,
            Kind = IcmpErrorKind.PortUnreachable,
            TcpReaction = IcmpTcpReaction.HardError,
            Reporter = IpAddress.Parse("198.51.100.2"),
            QuotedSource = IpEndpoint.Parse("192.0.2.1:45140"),
            QuotedDestination = IpEndpoint.Parse("198.51.100.2:9"),
            QuotedProtocol = IpProtocol.Udp,
            HasQuotedPorts = true,
        }, v4);
        Assert.False(v4.HasQuotedSequenceNumber);
        Assert.Equal((true, IcmpErrorKind.PortUnreachable, IcmpTcpReaction.HardError), (v6.IsIPv6, v6.Kind, v6.TcpReaction));
        Assert.Equal(IpEndpoint.Parse("[2001:db8:1::1]:56545"), v6.QuotedSource);
        Assert.Equal(IpEndpoint.Parse("[2001:db8:2::2]:9"), v6.QuotedDestination);
    }

    [Fact]
    public void Kernel_fragmentation_needed_and_packet_too_big_give_the_path_MTU_and_the_segment_in_flight()
    {
        Assert.True(IcmpErrorMessage.TryParse(View(KernelPackets.FragmentationNeededV4), out var v4, out _));
        Assert.True(IcmpErrorMessage.TryParse(View(KernelPackets.PacketTooBigV6), out var v6, out _));

        Assert.Equal((IcmpErrorKind.PacketTooBig, IcmpTcpReaction.PathMtu, 1280), (v4.Kind, v4.TcpReaction, v4.Mtu));
        Assert.Equal((IcmpErrorKind.PacketTooBig, IcmpTcpReaction.PathMtu, 1280), (v6.Kind, v6.TcpReaction, v6.Mtu));
        Assert.Equal(IpAddress.Parse("192.0.2.254"), v4.Reporter);
        Assert.Equal(IpAddress.Parse("2001:db8:1::fe"), v6.Reporter);

        // The segments carried relative sequence numbers 1:1537 after the handshake.
        Assert.Equal(new SequenceNumber(2158983730), v4.QuotedSequenceNumber);
        Assert.True(v4.IsQuotedSequenceInFlight(2158983730, 2158983730u + 1536));
        Assert.False(v4.IsQuotedSequenceInFlight(2158983730u + 1536, 2158983730u + 1536));
        Assert.Equal(new SequenceNumber(2488647659), v6.QuotedSequenceNumber);
        Assert.Equal(IpEndpoint.Parse("[2001:db8:1::1]:39300"), v6.QuotedSource);
    }

    [Theory]
    [InlineData(0, IcmpErrorKind.NetworkUnreachable, IcmpTcpReaction.SoftError)]
    [InlineData(1, IcmpErrorKind.HostUnreachable, IcmpTcpReaction.SoftError)]
    [InlineData(2, IcmpErrorKind.ProtocolUnreachable, IcmpTcpReaction.HardError)]
    [InlineData(3, IcmpErrorKind.PortUnreachable, IcmpTcpReaction.HardError)]
    [InlineData(4, IcmpErrorKind.PacketTooBig, IcmpTcpReaction.PathMtu)]
    [InlineData(5, IcmpErrorKind.SourceRouteFailed, IcmpTcpReaction.SoftError)]
    [InlineData(6, IcmpErrorKind.NetworkUnreachable, IcmpTcpReaction.HardError)]
    [InlineData(7, IcmpErrorKind.HostUnreachable, IcmpTcpReaction.HardError)]
    [InlineData(8, IcmpErrorKind.HostUnreachable, IcmpTcpReaction.HardError)]
    [InlineData(9, IcmpErrorKind.AdministrativelyProhibited, IcmpTcpReaction.HardError)]
    [InlineData(10, IcmpErrorKind.AdministrativelyProhibited, IcmpTcpReaction.HardError)]
    [InlineData(11, IcmpErrorKind.NetworkUnreachable, IcmpTcpReaction.SoftError)]
    [InlineData(12, IcmpErrorKind.HostUnreachable, IcmpTcpReaction.SoftError)]
    [InlineData(13, IcmpErrorKind.AdministrativelyProhibited, IcmpTcpReaction.HardError)]
    [InlineData(14, IcmpErrorKind.AdministrativelyProhibited, IcmpTcpReaction.HardError)]
    [InlineData(15, IcmpErrorKind.AdministrativelyProhibited, IcmpTcpReaction.HardError)]
    [InlineData(16, IcmpErrorKind.HostUnreachable, IcmpTcpReaction.SoftError)]
    public void IPv4_destination_unreachable_codes_follow_RFC_9293_then_Linux(byte code, IcmpErrorKind kind, IcmpTcpReaction reaction)
    {
        // RFC 9293 §3.9.2.2: codes 0, 1, 5 soft; 2-4 hard (4 is path MTU discovery's). The rest as
        // Linux's icmp_err_convert: fatal for 6-10 and 13-15.
        var error = Parse(Retyped(KernelPackets.NetUnreachableSynV4, 3, code));

        Assert.Equal((kind, reaction), (error.Kind, error.TcpReaction));
    }

    [Theory]
    [InlineData(0, IcmpErrorKind.NetworkUnreachable, IcmpTcpReaction.SoftError)]
    [InlineData(1, IcmpErrorKind.AdministrativelyProhibited, IcmpTcpReaction.HardError)]
    [InlineData(2, IcmpErrorKind.HostUnreachable, IcmpTcpReaction.SoftError)]
    [InlineData(3, IcmpErrorKind.HostUnreachable, IcmpTcpReaction.SoftError)]
    [InlineData(4, IcmpErrorKind.PortUnreachable, IcmpTcpReaction.HardError)]
    [InlineData(5, IcmpErrorKind.AdministrativelyProhibited, IcmpTcpReaction.HardError)]
    [InlineData(6, IcmpErrorKind.AdministrativelyProhibited, IcmpTcpReaction.HardError)]
    [InlineData(7, IcmpErrorKind.SourceRouteFailed, IcmpTcpReaction.SoftError)]
    [InlineData(99, IcmpErrorKind.HostUnreachable, IcmpTcpReaction.SoftError)]
    public void IPv6_destination_unreachable_codes_follow_RFC_9293_then_Linux(byte code, IcmpErrorKind kind, IcmpTcpReaction reaction)
    {
        // RFC 9293 §3.9.2.2: codes 0 and 3 soft. Linux's icmpv6_err_convert: fatal for 1, 4, 5, 6.
        var error = Parse(Retyped(KernelPackets.NoRouteSynV6, 1, code));

        Assert.Equal((kind, reaction), (error.Kind, error.TcpReaction));
    }

    [Fact]
    public void Source_quench_is_ignored()
    {
        // RFC 9293 §3.9.2.2 MUST-55, RFC 6633.
        var error = Parse(Retyped(KernelPackets.TimeExceededSynV4, 4, 0));

        Assert.Equal((IcmpErrorKind.SourceQuench, IcmpTcpReaction.Ignore), (error.Kind, error.TcpReaction));
    }

    [Fact]
    public void Time_exceeded_and_parameter_problems_are_soft_errors_with_their_pointer()
    {
        var v4 = Parse(Retyped(KernelPackets.TimeExceededSynV4, 12, 0, restOfHeader: 0x0900_0000));
        var v6 = Parse(Retyped(KernelPackets.TimeExceededSynV6, 4, 1, restOfHeader: 6));
        var reassembly = Parse(Retyped(KernelPackets.TimeExceededSynV6, 3, 1));

        Assert.Equal((IcmpErrorKind.ParameterProblem, IcmpTcpReaction.SoftError, 9u), (v4.Kind, v4.TcpReaction, v4.Pointer));
        Assert.Equal((IcmpErrorKind.ParameterProblem, IcmpTcpReaction.SoftError, 6u), (v6.Kind, v6.TcpReaction, v6.Pointer));
        Assert.Equal((IcmpErrorKind.TimeExceeded, IcmpTcpReaction.SoftError), (reassembly.Kind, reassembly.TcpReaction));
    }

    [Theory]
    [InlineData(0, 1492)] // RFC 1191 §5: the plateau below the quoted total length, 1588
    [InlineData(30, 68)] // RFC 1191 §3: never below 68
    [InlineData(1400, 1400)]
    public void Fragmentation_needed_gives_the_next_hop_MTU_or_a_plateau_guess(uint nextHopMtu, int mtu)
    {
        var error = Parse(Retyped(KernelPackets.FragmentationNeededV4, 3, 4, restOfHeader: nextHopMtu));

        Assert.Equal(mtu, error.Mtu);
        Assert.Equal(IcmpTcpReaction.PathMtu, error.TcpReaction);
    }

    [Fact]
    public void A_packet_too_big_below_the_IPv6_minimum_MTU_is_ignored()
    {
        // RFC 8201 §4.
        var error = Parse(Retyped(KernelPackets.PacketTooBigV6, 2, 0, restOfHeader: 1000));

        Assert.Equal((1000, IcmpTcpReaction.Ignore), (error.Mtu, error.TcpReaction));
    }

    [Fact]
    public void Messages_that_are_not_usable_errors_say_why()
    {
        Assert.Equal(IcmpParseError.WrongType, Reason(KernelPackets.EchoRequestV4));
        Assert.Equal(IcmpParseError.WrongType, Reason(KernelPackets.EchoReplyV6));
        Assert.Equal(IcmpParseError.WrongType, Reason(Retyped(KernelPackets.TimeExceededSynV4, 5, 1)));
        Assert.Equal(IcmpParseError.NotIcmp, Reason(KernelPackets.TimeExceededSynV4[28..]));
        Assert.Equal(IcmpParseError.TooShort, Reason(WholeV4(new byte[7], protocol: IpProtocol.Icmp)));

        var corrupt = KernelPackets.PortUnreachableV6;
        corrupt[^1] ^= 0x80;
        Assert.Equal(IcmpParseError.BadChecksum, Reason(corrupt));

        var shortQuote = WithIcmpChecksum([.. KernelPackets.PortUnreachableV4[..47]]);
        Assert.Equal(IcmpParseError.QuotedPacketTooShort, Reason(WithTotalLength(shortQuote)));

        var v6Quote = KernelPackets.PortUnreachableV4;
        v6Quote[28] = 0x65;
        Assert.Equal(IcmpParseError.QuotedPacketMalformed, Reason(WithIcmpChecksum(v6Quote)));

        var fragment = FragmentV4(KernelPackets.PortUnreachableV4.AsSpan(20).ToArray(), new Piece(0, 24, true), protocol: IpProtocol.Icmp);
        Assert.Equal(IcmpParseError.Fragment, Reason(fragment));
    }

    [Fact]
    public void A_quoted_fragment_other_than_the_first_has_no_ports()
    {
        var packet = KernelPackets.TimeExceededSynV4;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(28 + 6), 0x00B9);
        var error = Parse(WithIcmpChecksum(packet));

        Assert.False(error.HasQuotedPorts);
        Assert.False(error.HasQuotedSequenceNumber);
        Assert.False(error.IsQuotedSequenceInFlight(1646364837, 1646364838));
        Assert.Equal(IpAddress.Parse("198.51.100.2"), error.QuotedDestination.Address);
    }

    [Fact]
    public void IPv6_extension_headers_in_the_quote_are_walked_to_the_TCP_header()
    {
        // A SYN with a Destination Options header, and the Packet Too Big a router sends about it.
        var syn = KernelPackets.TimeExceededSynV6.AsSpan(48).ToArray();
        byte[] tcp = syn[40..];
        var offending = WholeV6(tcp, IpProtocol.DestinationOptions, [(byte)IpProtocol.Tcp, 0, 1, 4, 0, 0, 0, 0]);
        var packet = new byte[1280];
        var router = new IcmpSendParameters(IpAddress.Parse("2001:db8::fe"), 64);
        Assert.True(IcmpErrorWriter.TryWrite(View(offending), 2, 0, 1280, router, packet, out var written));

        var error = Parse(packet[..written]);

        Assert.Equal(IpProtocol.Tcp, error.QuotedProtocol);
        Assert.Equal(new SequenceNumber(1340243436), error.QuotedSequenceNumber);
        Assert.Equal(45840, error.QuotedSource.Port);
    }

    [Fact]
    public void A_quote_that_ends_inside_an_extension_header_has_no_ports()
    {
        var message = new byte[8 + 40 + 6];
        message[0] = (byte)Icmpv6Type.DestinationUnreachable;
        var quote = WholeV6(new byte[16], IpProtocol.HopByHop, [(byte)IpProtocol.Tcp, 0, 1, 4, 0, 0, 0, 0]);
        quote.AsSpan(0, 46).CopyTo(message.AsSpan(8));
        var packet = WithIcmpv6Checksum(WholeV6(message, IpProtocol.IcmpV6, payloadProtocol: IpProtocol.IcmpV6));

        var error = Parse(packet);

        Assert.Equal(IpProtocol.HopByHop, error.QuotedProtocol);
        Assert.False(error.HasQuotedPorts);
    }

    [Fact]
    public void Random_errors_never_throw()
    {
        // Random types, codes and quotes behind valid ICMP and ICMPv6 checksums, so that parsing
        // gets past the checksum.
        var gen = Gen.Select(Gen.Bool, Gen.Byte[0, 5], Gen.Byte, Gen.Byte.Array[0, 100]);
        Property.ForAll(gen, 3000, c =>
        {
            var (ipv6, type, code, body) = c;
            byte[] message = [ipv6 ? type : (byte)(type * 3 % 13), code, 0, 0, .. body];
            if (body.Length > 4)
            {
                message[8] = (byte)((ipv6 ? 0x60 : 0x45) | (body[4] & 0x0F));
            }

            var packet = ipv6
                ? WithIcmpv6Checksum(WholeV6(message, IpProtocol.IcmpV6, payloadProtocol: IpProtocol.IcmpV6))
                : WithIcmpChecksum(WholeV4(message, protocol: IpProtocol.Icmp));
            var view = View(packet);
            if (IcmpErrorMessage.TryParse(view, out var error, out var reason))
            {
                Assert.Equal(IcmpParseError.None, reason);
                Assert.True(error.HasQuotedPorts || !error.HasQuotedSequenceNumber);
            }
            else
            {
                Assert.NotEqual(IcmpParseError.BadChecksum, reason);
                Assert.Equal(default, error);
            }
        });
    }

    [Fact]
    public void Parsing_errors_and_answering_echo_requests_allocate_nothing()
    {
        var error = KernelPackets.FragmentationNeededV4;
        var request = KernelPackets.EchoRequestV6;
        var reply = new byte[200];
        var send = new IcmpSendParameters(IpAddress.Parse("2001:db8:2::2"), 64);
        Run(10);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(1000);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void Run(int times)
        {
            for (var i = 0; i < times; i++)
            {
                IpPacketView.TryCreate(error, out var view, out _);
                Assert.True(IcmpErrorMessage.TryParse(view, out var parsed, out _) && parsed.IsQuotedSequenceInFlight(2158983730, 2158983731));
                IpPacketView.TryCreate(request, out view, out _);
                Assert.True(IcmpEcho.TryWriteReply(view, send, reply, out _));
            }
        }
    }

    private static byte[] Kernel(string name)
        => (byte[])typeof(KernelPackets).GetProperty(name)!.GetValue(null)!;

    private static IcmpErrorMessage Parse(byte[] packet)
    {
        Assert.True(IcmpErrorMessage.TryParse(View(packet), out var error, out var reason), reason.ToString());
        return error;
    }

    private static IcmpParseError Reason(byte[] packet)
    {
        Assert.False(IcmpErrorMessage.TryParse(View(packet), out _, out var reason));
        return reason;
    }

    /// <summary>A kernel error with another type, code and rest of header, and its checksum redone.</summary>
    private static byte[] Retyped(byte[] packet, byte type, byte code, uint? restOfHeader = null)
    {
        var ipv6 = packet[0] >> 4 == 6;
        var icmp = ipv6 ? 40 : 20;
        packet[icmp] = type;
        packet[icmp + 1] = code;
        if (restOfHeader is { } rest)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(icmp + 4), rest);
        }

        return ipv6 ? WithIcmpv6Checksum(packet) : WithIcmpChecksum(packet);
    }

    /// <summary>Sets an IPv4 packet's total length to its byte count and redoes the header checksum.</summary>
    private static byte[] WithTotalLength(byte[] packet)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), 0);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Wire.Checksums.InternetChecksum.Compute(packet.AsSpan(0, 20)));
        return packet;
    }
}
