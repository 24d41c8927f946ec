using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using SynAck.Interop.Tests.Namespaces;
using SynAck.Links.Tun;
using SynAck.Runtime;

namespace SynAck.Interop.Tests.Links.Tun;

/// <summary>The TUN link against the Linux kernel, with raw ICMP packets: no stack is involved.</summary>
[SupportedOSPlatform("linux")]
public class TunLinkTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [RootTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_echo_request_the_kernel_sends_to_synacks_address_arrives_on_the_link_on_the_loop(bool ipv6)
    {
        await using var space = await TunNamespace.CreateAsync();
        using var loop = new ThreadEventLoop("tun");
        var inbox = new PacketInbox(loop);
        space.Link.Attach(inbox, loop);
        var data = EchoPackets.Pattern(56);
        using var socket = space.Run(() => ipv6
            ? new Socket(AddressFamily.InterNetworkV6, SocketType.Raw, ProtocolType.IcmpV6)
            : new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp));

        var message = ipv6 ? EchoPackets.RequestMessage6(0x5AC1, 7, data) : EchoPackets.RequestMessage4(0x5AC1, 7, data);
        socket.SendTo(message, new IPEndPoint(TunNamespace.SynAckAddress(ipv6).ToIPAddress(), 0));

        var echo = await inbox.WaitForAsync(p => EchoPackets.TryRead(p) is { IsReply: false } e ? e : null);
        Assert.Equal(TunNamespace.KernelAddress(ipv6), echo.Source);
        Assert.Equal(TunNamespace.SynAckAddress(ipv6), echo.Destination);
        Assert.Equal((0x5AC1, 7), (echo.Identifier, echo.Sequence));
        Assert.Equal(data, echo.Data);
        Assert.True(echo.ChecksumValid);
        Assert.Equal(0, inbox.DeliveredOffLoop);
    }

    [RootTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_echo_request_the_link_sends_gets_the_kernels_echo_reply(bool ipv6)
    {
        await using var space = await TunNamespace.CreateAsync();
        using var loop = new ThreadEventLoop("tun");
        var inbox = new PacketInbox(loop);
        space.Link.Attach(inbox, loop);
        var data = EchoPackets.Pattern(100, seed: 3);
        var request = EchoPackets.RequestPacket(TunNamespace.SynAckAddress(ipv6), TunNamespace.KernelAddress(ipv6), 0x5AC2, 1, data);

        await loop.InvokeAsync(() => space.Link.Send(request));

        var reply = await inbox.WaitForAsync(p => EchoPackets.TryRead(p) is { IsReply: true } e ? e : null);
        Assert.Equal(TunNamespace.KernelAddress(ipv6), reply.Source);
        Assert.Equal(TunNamespace.SynAckAddress(ipv6), reply.Destination);
        Assert.Equal((0x5AC2, 1), (reply.Identifier, reply.Sequence));
        Assert.Equal(data, reply.Data);
        Assert.True(reply.ChecksumValid);
        var counters = space.Link.Counters;
        Assert.Equal((1L, (long)request.Length, 0L), (counters.PacketsSent, counters.BytesSent, counters.SendErrors));
    }

    [RootTheory]
    [InlineData(null, 1500)]
    [InlineData(1280, 1280)]
    [InlineData(9000, 9000)]
    [InlineData(65535, 65535)]
    public async Task The_mtu_is_set_on_the_device_and_a_packet_of_that_size_crosses_whole_both_ways(int? mtu, int expected)
    {
        await using var space = await TunNamespace.CreateAsync(mtu);
        using var loop = new ThreadEventLoop("tun");
        var inbox = new PacketInbox(loop);
        space.Link.Attach(inbox, loop);

        Assert.Equal(expected, space.Link.Mtu);
        var shown = (await space.IpAsync("link", "show", TunNamespace.InterfaceName)).EnsureSuccess();
        Assert.Contains($" mtu {expected} ", shown.Output, StringComparison.Ordinal);

        var data = EchoPackets.Pattern(expected - 20 - 8, seed: 5);
        var request = EchoPackets.RequestPacket(TunNamespace.SynAckAddress4, TunNamespace.KernelAddress4, 0x5AC3, 9, data);
        Assert.Equal(expected, request.Length);
        await loop.InvokeAsync(() => space.Link.Send(request));

        var packet = await inbox.WaitForAsync(p => EchoPackets.TryRead(p) is { IsReply: true } ? p : null);
        var reply = EchoPackets.TryRead(packet)!;
        Assert.Equal(expected, packet.Length);
        Assert.Equal(data, reply.Data);
        Assert.True(reply.ChecksumValid);
    }

    [RootFact]
    public async Task A_burst_of_echo_requests_gets_every_reply_and_neither_direction_allocates_per_packet()
    {
        const int Warmup = 20;
        const int Burst = 300;
        await using var space = await TunNamespace.CreateAsync();
        using var loop = new ThreadEventLoop("tun");
        var replies = new ReplyTally(loop, Warmup, Burst);
        space.Link.Attach(replies, loop);
        var requests = Enumerable.Range(0, Warmup + Burst)
            .Select(i => EchoPackets.RequestPacket(TunNamespace.SynAckAddress4, TunNamespace.KernelAddress4, 0x5AC4, (ushort)i, EchoPackets.Pattern(64, i)))
            .ToArray();

        await loop.InvokeAsync(() => SendAll(space.Link, requests.AsSpan(0, Warmup)));
        await replies.WarmedUp.WaitAsync(HangGuard);
        var sendAllocated = await loop.InvokeAsync(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            SendAll(space.Link, requests.AsSpan(Warmup));
            return GC.GetAllocatedBytesForCurrentThread() - before;
        });
        await replies.AllSeen.WaitAsync(HangGuard);

        Assert.Equal(0, sendAllocated);
        Assert.Equal(0, replies.AllocatedWhileReceiving);
        Assert.Equal(0, replies.OffLoop);
        var counters = space.Link.Counters;
        Assert.Equal(Warmup + Burst, counters.PacketsSent);
        Assert.InRange(counters.PacketsReceived, Warmup + Burst, long.MaxValue);
        Assert.Equal((0L, 0L), (counters.SendErrors, counters.ReceiveErrors));
    }

    [RootFact]
    public async Task Disposing_while_a_read_is_pending_stops_the_reader_and_removes_the_device()
    {
        await using var space = await TunNamespace.CreateAsync();
        using var loop = new ThreadEventLoop("tun");
        space.Link.Attach(new PacketInbox(loop), loop);

        await space.Link.DisposeAsync().AsTask().WaitAsync(HangGuard);

        var shown = await space.IpAsync("link", "show", TunNamespace.InterfaceName);
        Assert.NotEqual(0, shown.ExitCode);
        Assert.Contains("does not exist", shown.Error, StringComparison.Ordinal);
        Assert.Null(space.Link.ReceiveFault);
        Assert.Throws<ObjectDisposedException>(() => space.Link.Send(new byte[20]));
        await space.Link.DisposeAsync();
    }

    [RootFact]
    public async Task Disposing_does_not_wait_for_a_blocked_loop_and_batches_still_queued_are_not_delivered()
    {
        await using var space = await TunNamespace.CreateAsync(receiveBatchCount: 2);
        using var loop = new ThreadEventLoop("tun");
        var inbox = new PacketInbox(loop);
        using var release = new ManualResetEventSlim();
        loop.Post(() => release.Wait());
        space.Link.Attach(inbox, loop);
        using var socket = space.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp));
        for (ushort i = 0; i < 50; i++)
        {
            socket.SendTo(EchoPackets.RequestMessage4(0x5AC5, i, EchoPackets.Pattern(32, i)), new IPEndPoint(TunNamespace.SynAckAddress4.ToIPAddress(), 0));
        }

        await space.Link.DisposeAsync().AsTask().WaitAsync(HangGuard);
        release.Set();
        await loop.InvokeAsync(() => { }).WaitAsync(HangGuard);

        Assert.Equal(0, inbox.Count);
    }

    [RootFact]
    public async Task Deleting_the_device_under_the_link_stops_the_reader_with_a_fault_and_sends_are_counted_as_errors()
    {
        await using var space = await TunNamespace.CreateAsync();
        using var loop = new ThreadEventLoop("tun");
        space.Link.Attach(new PacketInbox(loop), loop);

        (await space.IpAsync("link", "delete", TunNamespace.InterfaceName)).EnsureSuccess();
        await space.Link.ReceiveStopped.WaitAsync(HangGuard);
        await loop.InvokeAsync(() => space.Link.Send(EchoPackets.RequestPacket(TunNamespace.SynAckAddress4, TunNamespace.KernelAddress4, 1, 1, [])));

        Assert.IsType<IOException>(space.Link.ReceiveFault);
        Assert.Equal((0L, 1L), (space.Link.Counters.PacketsSent, space.Link.Counters.SendErrors));
    }

    [RootFact]
    public async Task Attaching_twice_or_sending_before_attaching_is_refused()
    {
        await using var space = await TunNamespace.CreateAsync();
        using var loop = new ThreadEventLoop("tun");

        Assert.Throws<InvalidOperationException>(() => space.Link.Send(new byte[20]));
        space.Link.Attach(new PacketInbox(loop), loop);
        Assert.Throws<InvalidOperationException>(() => space.Link.Attach(new PacketInbox(loop), loop));
    }

    [RootFact]
    public async Task Opening_a_device_another_link_holds_fails_and_a_number_pattern_picks_free_names()
    {
        await using var space = await TunNamespace.CreateAsync();

        var busy = Assert.Throws<IOException>(() => TunLink.Open(new TunLinkOptions { InterfaceName = TunNamespace.InterfaceName, NetworkNamespace = space.Name }));
        Assert.Contains("Another process holds the device open", busy.Message, StringComparison.Ordinal);

        await using var first = TunLink.Open(new TunLinkOptions { InterfaceName = "synack%d", NetworkNamespace = space.Name });
        await using var second = TunLink.Open(new TunLinkOptions { InterfaceName = "synack%d", NetworkNamespace = space.Name });
        Assert.Equal(["synack1", "synack2"], new[] { first.Name, second.Name }.Order());
        Assert.Equal(space.Name, first.NetworkNamespace);
    }

    private static void SendAll(TunLink link, ReadOnlySpan<byte[]> packets)
    {
        foreach (var packet in packets)
        {
            link.Send(packet);
        }
    }

    /// <summary>
    /// Counts IPv4 echo replies by sequence number without allocating, and measures what the loop
    /// thread allocates from the first measured reply to the last.
    /// </summary>
    private sealed class ReplyTally(EventLoop loop, int warmup, int burst) : SynAck.Links.ILinkReceiver
    {
        private readonly bool[] _seen = new bool[warmup + burst];
        private readonly TaskCompletionSource _warmedUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _allSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _warmupSeen;
        private int _burstSeen;
        private long _firstMeasured = -1;

        public Task WarmedUp => _warmedUp.Task;

        public Task AllSeen => _allSeen.Task;

        public long AllocatedWhileReceiving { get; private set; }

        public int OffLoop { get; private set; }

        public void OnPacketReceived(ReadOnlySpan<byte> ipPacket)
        {
            var now = GC.GetAllocatedBytesForCurrentThread();
            OffLoop += loop.IsCurrentThread ? 0 : 1;
            // IPv4 without options, ICMP, type 0 (echo reply): sequence at bytes 26-27.
            if (ipPacket.Length < 28 || ipPacket[0] != 0x45 || ipPacket[9] != 1 || ipPacket[20] != 0)
            {
                return;
            }

            var sequence = (ipPacket[26] << 8) | ipPacket[27];
            if (sequence >= _seen.Length || _seen[sequence])
            {
                return;
            }

            _seen[sequence] = true;
            if (sequence < warmup)
            {
                if (++_warmupSeen == warmup)
                {
                    _warmedUp.SetResult();
                }

                return;
            }

            if (_firstMeasured < 0)
            {
                _firstMeasured = now;
            }

            AllocatedWhileReceiving = now - _firstMeasured;
            if (++_burstSeen == burst)
            {
                _allSeen.SetResult();
            }
        }
    }
}
