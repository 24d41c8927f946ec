using System.Net;
using SynAck.Ip;
using SynAck.Runtime;
using SynAck.Stack;
using SynAck.Tcp;
using SynAck.Wire;
using SynAck.Wire.Checksums;
using SynAck.Wire.Ip;

namespace SynAck.Tests.Stack;

/// <summary>The IP services the stack runs: reassembly, echo replies, and ICMP errors for TCP.</summary>
public sealed class IpServicesTests
{
    private const string Peer = "192.0.2.1";
    private const string Us = "192.0.2.2";

    private readonly Simulation _simulation = new();
    private readonly TestLink _link = new();
    private readonly NetworkStack _stack;

    public IpServicesTests()
    {
        _stack = new NetworkStack(new NetworkStackOptions { Name = "us", Simulation = _simulation, Seed = 4 });
        _stack.AddInterface(_link, new NetworkInterfaceOptions { Addresses = [InterfaceAddress.Parse("192.0.2.2/24")] });
    }

    [Fact]
    public void A_SYN_that_arrives_in_two_IPv4_fragments_is_reassembled_and_answered()
    {
        _simulation.Run(async () => await TcpConnectionListener.ListenAsync(new TcpListenerOptions { Stack = _stack, ListenEndPoint = new IPEndPoint(IPAddress.Parse(Us), 80) }));
        var syn = Packets.Tcp(Peer, Us, 40000, 80, TcpFlags.Syn, 1000, payload: new byte[16]);
        var (first, second) = SplitAt(syn, 16);
        Inject(second);
        Assert.Empty(_link.Sent);
        Inject(first);

        var synAck = Packets.TcpHeaderOf(Assert.Single(_link.Sent));
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        var statistics = _stack.GetStatistics();
        Assert.Equal((2L, 1L, 0L), (statistics.IpReasmReqds, statistics.IpReasmOKs, statistics.IpReasmFails));
    }

    [Fact]
    public void An_echo_request_gets_an_echo_reply_with_the_same_identifier_sequence_and_data()
    {
        var request = EchoRequest(Peer, Us, identifier: 0x1234, sequence: 7, data: "ping"u8.ToArray());
        Inject(request);

        var reply = Assert.Single(_link.Sent);
        Assert.True(IpPacketView.TryCreate(reply, out var ip, out _));
        Assert.Equal((IpAddress.Parse(Us), IpAddress.Parse(Peer), IpProtocol.Icmp), (ip.Source, ip.Destination, ip.Protocol));
        var icmp = ip.UpperLayerData;
        Assert.Equal(0, icmp[0]);
        Assert.Equal(request.AsSpan(20 + 4).ToArray(), icmp[4..].ToArray());
        Assert.True(InternetChecksum.IsValid(InternetChecksum.Accumulate(0, icmp)));
        Assert.Equal(1, _stack.GetStatistics().IcmpOutMsgs);
    }

    [Fact]
    public void A_port_unreachable_quoting_our_SYN_fails_the_connect_with_ConnectionRefused()
    {
        TcpException? failure = null;
        _simulation.Run(async () =>
        {
            var connect = TcpConnection.ConnectAsync(new TcpClientConnectionOptions { Stack = _stack, RemoteEndPoint = new IPEndPoint(IPAddress.Parse(Peer), 9) }).AsTask();
            await Task.Delay(TimeSpan.FromMilliseconds(1), _simulation.Time);
            _link.Inject(IcmpErrorAbout(_link.Sent[0], type: 3, code: 3));
            failure = await Assert.ThrowsAsync<TcpException>(() => connect);
        });

        // RFC 9293 MUST-56 / RFC 1122 §4.2.3.9: a hard error aborts the connection in SYN-SENT.
        Assert.Equal(TcpError.ConnectionRefused, failure!.Error);
    }

    [Fact]
    public void An_ICMP_error_whose_quoted_sequence_number_is_not_in_flight_is_ignored()
    {
        var connected = false;
        _simulation.Run(async () =>
        {
            var connect = TcpConnection.ConnectAsync(new TcpClientConnectionOptions { Stack = _stack, RemoteEndPoint = new IPEndPoint(IPAddress.Parse(Peer), 80) }).AsTask();
            await Task.Delay(TimeSpan.FromMilliseconds(1), _simulation.Time);
            var syn = _link.Sent[0];
            var forged = (byte[])syn.Clone();
            forged[24] ^= 0x80;
            _link.Inject(IcmpErrorAbout(forged, type: 3, code: 3));
            await Task.Delay(TimeSpan.FromMilliseconds(1), _simulation.Time);
            Assert.False(connect.IsCompleted);

            // RFC 5927 §4.1: the error quoted a sequence number we never sent; the handshake goes on.
            var synHeader = Packets.TcpHeaderOf(syn);
            _link.Inject(Packets.Tcp(Peer, Us, 80, synHeader.SourcePort, TcpFlags.Syn | TcpFlags.Ack, 5000, synHeader.SequenceNumber.Value + 1));
            connected = (await connect).State == TcpState.Established;
        });

        Assert.True(connected);
        Assert.Equal(1, _stack.GetStatistics().IcmpInErrorsIgnored);
    }

    private void Inject(byte[] packet)
    {
        _link.Inject(packet);
        _simulation.RunFor(TimeSpan.FromMilliseconds(1));
    }

    /// <summary>An ICMP error from a router at 192.0.2.254 about a packet the stack sent.</summary>
    private static byte[] IcmpErrorAbout(byte[] offending, byte type, byte code)
    {
        Assert.True(IpPacketView.TryCreate(offending, out var view, out _));
        var buffer = new byte[IcmpErrorWriter.MaxIPv4ErrorLength];
        Assert.True(IcmpErrorWriter.TryWrite(view, type, code, 0, new IcmpSendParameters(IpAddress.Parse("192.0.2.254"), 64), buffer, out var length));
        return buffer[..length];
    }

    private static byte[] EchoRequest(string source, string destination, ushort identifier, ushort sequence, byte[] data)
    {
        var packet = new byte[20 + 8 + data.Length];
        new Ipv4Header { TotalLength = (ushort)packet.Length, TimeToLive = 64, Protocol = IpProtocol.Icmp, Source = IpAddress.Parse(source), Destination = IpAddress.Parse(destination) }.TryWriteBytes(packet, out _);
        packet[20] = 8;
        packet[24] = (byte)(identifier >> 8);
        packet[25] = (byte)identifier;
        packet[26] = (byte)(sequence >> 8);
        packet[27] = (byte)sequence;
        data.CopyTo(packet, 28);
        var checksum = InternetChecksum.Compute(packet.AsSpan(20));
        packet[22] = (byte)(checksum >> 8);
        packet[23] = (byte)checksum;
        return packet;
    }

    /// <summary>Splits an IPv4 packet (20-byte header) into two fragments; the first carries <paramref name="firstDataLength"/> bytes (a multiple of 8).</summary>
    private static (byte[] First, byte[] Second) SplitAt(byte[] packet, int firstDataLength)
    {
        var data = packet.AsSpan(20);
        var first = new byte[20 + firstDataLength];
        var second = new byte[20 + data.Length - firstDataLength];
        packet.AsSpan(0, 20).CopyTo(first);
        packet.AsSpan(0, 20).CopyTo(second);
        data[..firstDataLength].CopyTo(first.AsSpan(20));
        data[firstDataLength..].CopyTo(second.AsSpan(20));
        SetFragment(first, offsetUnits: 0, more: true);
        SetFragment(second, offsetUnits: firstDataLength / 8, more: false);
        return (first, second);
    }

    private static void SetFragment(byte[] fragment, int offsetUnits, bool more)
    {
        fragment[2] = (byte)(fragment.Length >> 8);
        fragment[3] = (byte)fragment.Length;
        fragment[4] = 0x12;
        fragment[5] = 0x34;
        var field = (more ? 0x2000 : 0) | offsetUnits;
        fragment[6] = (byte)(field >> 8);
        fragment[7] = (byte)field;
        fragment[10] = 0;
        fragment[11] = 0;
        var checksum = InternetChecksum.Compute(fragment.AsSpan(0, 20));
        fragment[10] = (byte)(checksum >> 8);
        fragment[11] = (byte)checksum;
    }
}
