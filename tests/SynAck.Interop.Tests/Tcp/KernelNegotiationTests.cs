using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using SynAck.Cli.Payload;
using SynAck.Interop.Tests.Cli;
using SynAck.Interop.Tests.Namespaces;
using SynAck.Links;
using SynAck.Stack;
using SynAck.Wire;
using SynAck.Wire.Capture;
using SynAck.Wire.Ip;
using TcpOptions = SynAck.Tcp.TcpConnectionOptions;

namespace SynAck.Interop.Tests.Tcp;

/// <summary>
/// SynAck's modern TCP options negotiated with the Linux kernel over TUN, read back from a capture
/// of the device (SynAck's pcap tap, below a decorator that loses one of SynAck's data segments):
/// SACK-permitted, timestamps and window scale on SYN and SYN-ACK (RFC 2018, RFC 7323), timestamps
/// echoed afterwards, ECN (RFC 3168) with net.ipv4.tcp_ecn=1 in the namespace, and a SACK block in
/// the kernel's ACK for the hole.
/// </summary>
[SupportedOSPlatform("linux")]
public class KernelNegotiationTests
{
    private const int Port = 5001;
    private const long Bytes = 300_000;

    /// <summary>Which of SynAck's data segments is lost: inside the initial window, so later ones arrive past the hole.</summary>
    private const int LostSegment = 4;

    [RootTheory(Tools = ["sysctl"])]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task Sack_timestamps_window_scale_and_ecn_are_negotiated_with_the_kernel_and_seen_in_the_capture(bool synAckIsClient, bool ipv6)
    {
        await using var space = await TunNamespace.CreateAsync();
        // RFC 3168 on the kernel's side: ask for ECN on its SYNs and accept it on others' (per namespace).
        (await space.ExecAsync("sysctl", "-w", "net.ipv4.tcp_ecn=1")).EnsureSuccess();
        using var capture = new MemoryStream();
        var dropper = new DropOneDataSegmentLink(
            new PcapTapLink(space.Link, new PcapWriter(capture, new PcapWriterOptions { LinkType = LinkType.Raw }, leaveOpen: true)),
            LostSegment);

        await using (var stack = CreateStack(dropper))
        {
            var received = synAckIsClient
                ? await SynAckClientSendsAsync(space, stack, ipv6)
                : await KernelClientReceivesAsync(space, stack, ipv6);
            Assert.Null(received.FirstMismatch);
            Assert.Equal(Bytes, received.Length);
        }

        capture.Position = 0;
        var segments = CapturedSegment.ReadAll(capture);
        var synAck = TunNamespace.SynAckAddress(ipv6);
        var kernel = TunNamespace.KernelAddress(ipv6);
        var (client, server) = synAckIsClient ? (synAck, kernel) : (kernel, synAck);

        // RFC 2018, RFC 7323: both SYNs carry SACK-permitted, timestamps and window scale; RFC 3168 §6.1.1: ECE+CWR on the SYN, ECE alone on the SYN-ACK.
        // A handshake segment may be sent twice (the kernel's IPv6 on a device just brought up can miss the first SYN-ACK); the first of each decides.
        var syns = segments.Where(s => s.Has(TcpFlags.Syn) && !s.Has(TcpFlags.Ack)).ToList();
        var synAcks = segments.Where(s => s.Has(TcpFlags.Syn | TcpFlags.Ack)).ToList();
        Assert.True(syns.Count > 0 && synAcks.Count > 0, "no SYN or no SYN-ACK in the capture:\n" + string.Join('\n', segments.Take(12)));
        var (syn, synAckSegment) = (syns[0], synAcks[0]);
        Assert.All(syns, s => Assert.Equal(client, s.Source));
        Assert.All(synAcks, s => Assert.Equal(server, s.Source));
        foreach (var handshake in syns.Concat(synAcks))
        {
            Assert.True(handshake.Header.Options.SackPermitted, $"no SACK-permitted on {handshake}");
            Assert.NotNull(handshake.Header.Options.Timestamps);
            Assert.NotNull(handshake.Header.Options.WindowScale);
            Assert.NotNull(handshake.Header.Options.MaximumSegmentSize);
            Assert.Equal(EcnCodepoint.NotEct, handshake.Ecn);
        }

        Assert.True(syn.Has(TcpFlags.Ece | TcpFlags.Cwr), $"the SYN asks for ECN: {syn.Header.Flags}");
        Assert.True(synAckSegment.Has(TcpFlags.Ece), $"the SYN-ACK accepts ECN: {synAckSegment.Header.Flags}");
        Assert.False(synAckSegment.Has(TcpFlags.Cwr), "RFC 3168 §6.1.1: the SYN-ACK sets ECE but not CWR");
        var synValues = syns.Select(s => s.Header.Options.Timestamps!.Value.Value).ToHashSet();
        Assert.Contains(synAckSegment.Header.Options.Timestamps!.Value.EchoReply, synValues);

        // RFC 7323 §3.2: every later segment carries timestamps, and each echoes a TSval the other end sent before.
        var sentValues = new Dictionary<IpAddress, HashSet<uint>>
        {
            [client] = synValues,
            [server] = [.. synAcks.Select(s => s.Header.Options.Timestamps!.Value.Value)],
        };
        foreach (var segment in segments.Where(s => !s.Has(TcpFlags.Syn) && !s.Has(TcpFlags.Rst)))
        {
            var timestamps = segment.Header.Options.Timestamps;
            Assert.True(timestamps is not null, $"no timestamps on {segment}");
            var other = segment.Source == client ? server : client;
            Assert.Contains(timestamps.Value.EchoReply, sentValues[other]);
            sentValues[segment.Source].Add(timestamps.Value.Value);
        }

        // RFC 3168 §6.1.2: SynAck's new data goes out ECT(0).
        var synAckData = segments.Where(s => s.Source == synAck && s.PayloadLength > 0).ToList();
        Assert.NotEmpty(synAckData);
        var highest = synAckData[0].Header.SequenceNumber;
        foreach (var data in synAckData)
        {
            var end = data.Header.SequenceNumber + data.PayloadLength;
            if (end > highest)
            {
                Assert.Equal(EcnCodepoint.Ect0, data.Ecn);
                highest = end;
            }
        }

        // RFC 2018 §4: the kernel reports the data that arrived past the hole in a SACK block.
        var (lostSequence, lostLength) = dropper.Dropped ?? throw new InvalidOperationException("No data segment was lost.");
        Assert.Contains(segments, s => s.Source == kernel
            && s.Header.AcknowledgmentNumber == lostSequence
            && s.Header.Options.SackBlocks.Count > 0
            && s.Header.Options.SackBlocks[0].Left == lostSequence + lostLength);
    }

    private static NetworkStack CreateStack(ILink link)
    {
        var stack = new NetworkStack(new NetworkStackOptions
        {
            Name = "synack",
            Seed = 6,
            DefaultConnectionOptions = new TcpOptions { Ecn = SynAck.Tcp.TcpEcnMode.Request },
        });
        stack.AddInterface(link, new NetworkInterfaceOptions
        {
            Addresses = [new InterfaceAddress(TunNamespace.SynAckAddress4.ToIPAddress(), 24), new InterfaceAddress(TunNamespace.SynAckAddress6.ToIPAddress(), 64)],
        });
        return stack;
    }

    /// <summary>SynAck connects to a kernel server and sends the pattern; the kernel reads it all and closes.</summary>
    private static async Task<PayloadVerifier> SynAckClientSendsAsync(TunNamespace space, NetworkStack stack, bool ipv6)
    {
        using var listener = KernelPeers.Listener(space, ipv6, Port);
        var accepted = listener.AcceptAsync();
        await using var connection = await SynAck.Tcp.TcpConnection.ConnectAsync(new SynAck.Tcp.TcpClientConnectionOptions
        {
            Stack = stack,
            RemoteEndPoint = new IPEndPoint(TunNamespace.KernelAddress(ipv6).ToIPAddress(), Port),
        }).AsTask().WaitAsync(CliRun.HangGuard);
        using var kernelSide = await accepted.WaitAsync(CliRun.HangGuard);
        return await ExchangeAsync(connection, kernelSide);
    }

    /// <summary>A kernel client connects to SynAck, which sends the pattern; the kernel reads it all and closes.</summary>
    private static async Task<PayloadVerifier> KernelClientReceivesAsync(TunNamespace space, NetworkStack stack, bool ipv6)
    {
        await using var listener = await SynAck.Tcp.TcpConnectionListener.ListenAsync(new SynAck.Tcp.TcpListenerOptions
        {
            Stack = stack,
            ListenEndPoint = KernelPeers.SynAck(ipv6, Port),
        });
        var accepted = listener.AcceptConnectionAsync();
        using var kernelSide = KernelPeers.Client(space, ipv6);
        await kernelSide.ConnectAsync(KernelPeers.SynAck(ipv6, Port)).WaitAsync(CliRun.HangGuard);
        await using var connection = await accepted.AsTask().WaitAsync(CliRun.HangGuard);
        return await ExchangeAsync(connection, kernelSide);
    }

    /// <summary>SynAck sends the pattern and its FIN; the kernel reads to the FIN and closes; SynAck reads to the kernel's FIN.</summary>
    private static async Task<PayloadVerifier> ExchangeAsync(SynAck.Tcp.TcpConnection connection, Socket kernelSide)
    {
        var received = KernelPeers.ReceivePatternAsync(kernelSide);
        var stream = connection.GetStream();
        var chunk = new byte[16 * 1024];
        for (long sent = 0; sent < Bytes;)
        {
            var length = (int)Math.Min(chunk.Length, Bytes - sent);
            PayloadPattern.Fill(sent, chunk.AsSpan(0, length));
            await stream.WriteAsync(chunk.AsMemory(0, length)).AsTask().WaitAsync(CliRun.HangGuard);
            sent += length;
        }

        stream.CompleteWrites();
        var verifier = await received.WaitAsync(CliRun.HangGuard);
        kernelSide.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, await stream.ReadAsync(chunk).AsTask().WaitAsync(CliRun.HangGuard));
        return verifier;
    }
}
