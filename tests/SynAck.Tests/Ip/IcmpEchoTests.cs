using System.Buffers.Binary;
using CsCheck;
using SynAck.Ip;
using SynAck.Wire.Checksums;
using SynAck.Wire.Ip;
using static SynAck.Tests.Ip.FragmentBuilder;

namespace SynAck.Tests.Ip;

public class IcmpEchoTests
{
    [Fact]
    public void The_reply_to_the_kernels_IPv4_echo_request_is_the_reply_Linux_sent()
    {
        // The server answered with TTL 64, id 48350 and no DF; the router took the TTL to 63.
        var request = View(KernelPackets.EchoRequestV4);
        var send = new IcmpSendParameters(IpAddress.Parse("198.51.100.2"), 63) { Identification = 48350 };
        var reply = new byte[IcmpEcho.GetReplyLength(request)];

        Assert.True(IcmpEcho.IsEchoRequest(request));
        Assert.True(IcmpEcho.TryWriteReply(request, send, reply, out var written));

        Assert.Equal(KernelPackets.EchoReplyV4.Length, written);
        Assert.Equal(Convert.ToHexString(KernelPackets.EchoReplyV4), Convert.ToHexString(reply));
    }

    [Fact]
    public void The_reply_to_the_kernels_IPv6_echo_request_is_the_reply_Linux_sent()
    {
        // The server's reply had flow label 0x073fa and hop limit 64, 63 after the router.
        var request = View(KernelPackets.EchoRequestV6);
        var send = new IcmpSendParameters(IpAddress.Parse("2001:db8:2::2"), 63) { FlowLabel = 0x073FA };
        var reply = new byte[100];

        Assert.True(IcmpEcho.IsEchoRequest(request));
        Assert.True(IcmpEcho.TryWriteReply(request, send, reply, out var written));

        Assert.Equal(Convert.ToHexString(KernelPackets.EchoReplyV6), Convert.ToHexString(reply, 0, written));
    }

    [Fact]
    public void Echo_replies_and_errors_are_not_echo_requests()
    {
        Assert.False(IcmpEcho.IsEchoRequest(View(KernelPackets.EchoReplyV4)));
        Assert.False(IcmpEcho.IsEchoRequest(View(KernelPackets.EchoReplyV6)));
        Assert.False(IcmpEcho.IsEchoRequest(View(KernelPackets.PortUnreachableV4)));
        Assert.False(IcmpEcho.IsEchoRequest(View(KernelPackets.TimeExceededSynV4[28..])));
    }

    [Fact]
    public void A_request_with_a_bad_checksum_or_a_nonzero_code_is_not_answered()
    {
        var corrupt = KernelPackets.EchoRequestV6;
        corrupt[^1] ^= 1;
        var coded = KernelPackets.EchoRequestV4;
        coded[21] = 1;

        Assert.False(IcmpEcho.IsEchoRequest(View(corrupt)));
        Assert.False(IcmpEcho.IsEchoRequest(View(WithIcmpChecksum(coded))));
    }

    [Fact]
    public void A_fragment_of_a_request_is_not_answered_before_reassembly()
    {
        var message = KernelPackets.EchoRequestV4.AsSpan(20).ToArray();
        var fragment = FragmentV4(message, new Piece(0, 16, true), protocol: IpProtocol.Icmp);

        Assert.False(IcmpEcho.IsEchoRequest(View(fragment)));
    }

    [Fact]
    public void A_destination_too_short_gets_nothing_written()
    {
        var request = View(KernelPackets.EchoRequestV4);
        var reply = new byte[55];

        Assert.False(IcmpEcho.TryWriteReply(request, new IcmpSendParameters(IpAddress.Parse("198.51.100.2"), 64), reply, out var written));

        Assert.Equal(0, written);
        Assert.All(reply, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Misuse_throws()
    {
        var v4 = new IcmpSendParameters(IpAddress.Parse("198.51.100.2"), 64);
        var v6 = new IcmpSendParameters(IpAddress.Parse("2001:db8:2::2"), 64);
        var buffer = new byte[200];

        Assert.Throws<ArgumentException>(() => IcmpEcho.TryWriteReply(View(KernelPackets.EchoReplyV4), v4, buffer, out _));
        Assert.Throws<ArgumentException>(() => IcmpEcho.TryWriteReply(View(KernelPackets.EchoRequestV4), v6, buffer, out _));
        Assert.Throws<ArgumentException>(() => IcmpEcho.TryWriteReply(View(KernelPackets.EchoRequestV6), v6 with { FlowLabel = 0x10_0000 }, buffer, out _));
    }

    [Fact]
    public void Every_reply_echoes_identifier_sequence_and_data_to_the_requests_source_with_valid_checksums()
    {
        var gen = Gen.Select(Gen.Bool, Gen.UShort, Gen.UShort, Gen.Byte.Array[0, 1400]);
        Property.ForAll(gen, 1000, c =>
        {
            var (ipv6, identifier, sequence, data) = c;
            var message = new byte[8 + data.Length];
            message[0] = ipv6 ? (byte)Icmpv6Type.EchoRequest : (byte)IcmpType.EchoRequest;
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), identifier);
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), sequence);
            data.CopyTo(message, 8);
            var request = ipv6
                ? WithIcmpv6Checksum(WholeV6(message, IpProtocol.IcmpV6, payloadProtocol: IpProtocol.IcmpV6))
                : WithIcmpChecksum(WholeV4(message, protocol: IpProtocol.Icmp));
            var requestView = View(request);
            var local = ipv6 ? DestinationV6 : DestinationV4;
            var reply = new byte[IcmpEcho.GetReplyLength(requestView)];

            Assert.True(IcmpEcho.TryWriteReply(requestView, new IcmpSendParameters(local, 64), reply, out _));

            var replyView = View(reply);
            Assert.True(replyView.IsHeaderChecksumValid);
            Assert.True(IcmpMessageView.TryCreate(replyView, out var echo, out var error), error.ToString());
            Assert.Equal(ipv6 ? (byte)Icmpv6Type.EchoReply : (byte)IcmpType.EchoReply, echo.Type);
            Assert.Equal(identifier, echo.Identifier);
            Assert.Equal(sequence, echo.SequenceNumber);
            Assert.Equal(data, echo.Body.ToArray());
            Assert.Equal(local, replyView.Source);
            Assert.Equal(requestView.Source, replyView.Destination);
        });
    }

    /// <summary>Sets the ICMP checksum of an IPv4 packet without options.</summary>
    internal static byte[] WithIcmpChecksum(byte[] packet)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), 0);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), InternetChecksum.Compute(packet.AsSpan(20)));
        return packet;
    }

    /// <summary>Sets the ICMPv6 checksum of an IPv6 packet without extension headers.</summary>
    internal static byte[] WithIcmpv6Checksum(byte[] packet)
    {
        var message = packet.AsSpan(40);
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], 0);
        var pseudo = InternetChecksum.PseudoHeaderIPv6(packet.AsSpan(8, 16), packet.AsSpan(24, 16), (byte)IpProtocol.IcmpV6, (uint)message.Length);
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], InternetChecksum.Finish(InternetChecksum.Accumulate(pseudo, message)));
        return packet;
    }
}
