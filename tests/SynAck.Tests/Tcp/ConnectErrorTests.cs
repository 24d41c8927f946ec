using System.Net;
using SynAck.InMemory;
using SynAck.Links;
using SynAck.Runtime;
using SynAck.Stack;
using SynAck.Tcp;
using SynAck.Tests.Stack;

namespace SynAck.Tests.Tcp;

/// <summary>How an active open fails: refused, unreachable, timed out, cancelled.</summary>
public sealed class ConnectErrorTests
{
    [Fact]
    public void Connect_to_a_port_nobody_listens_on_fails_with_ConnectionRefused()
    {
        var bed = new StackTestBed();
        TcpException? failure = null;
        bed.Run(async () => failure = await Assert.ThrowsAsync<TcpException>(() => bed.ConnectAsync(port: 81)));

        Assert.Equal(TcpError.ConnectionRefused, failure!.Error);

        // RFC 9293 §3.10.7.1: the server's stack answered the SYN with <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK>.
        var syn = Assert.Single(bed.Trace.SentBy("client"));
        var reset = Assert.Single(bed.Trace.SentBy("server"));
        Assert.Equal(Wire.TcpFlags.Rst | Wire.TcpFlags.Ack, reset.Flags);
        Assert.Equal(syn.SequenceNumber + 1, reset.AcknowledgmentNumber);
        Assert.Equal(1, bed.Server.GetStatistics().TcpOutRsts);
        Assert.Equal(1, bed.Client.GetStatistics().TcpAttemptFails);
    }

    [Fact]
    public void Connect_to_an_address_no_route_leads_to_fails_with_NetworkUnreachable()
    {
        var bed = new StackTestBed();
        TcpException? failure = null;
        bed.Run(async () => failure = await Assert.ThrowsAsync<TcpException>(() => TcpConnection.ConnectAsync(new TcpClientConnectionOptions
        {
            Stack = bed.Client,
            RemoteEndPoint = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 80),
        }).AsTask()));

        Assert.Equal(TcpError.NetworkUnreachable, failure!.Error);
        Assert.Equal(1, bed.Client.GetStatistics().IpOutNoRoutes);
        Assert.Empty(bed.Trace.SentBy("client"));
    }

    [Fact]
    public void A_default_route_sends_off_link_destinations_out_of_its_interface()
    {
        var simulation = new Simulation();
        var network = new InMemoryNetwork(simulation);
        var link = network.Connect("client", "router");
        var stack = new NetworkStack(new NetworkStackOptions { Name = "client", Simulation = simulation, Seed = 1 });
        stack.AddInterface(link.A, new NetworkInterfaceOptions { Addresses = [InterfaceAddress.Parse("192.0.2.1/24")], DefaultRouteIPv4 = true });
        var seen = new List<byte[]>();
        link.B.Attach(new Recorder(seen), simulation.CreateLoop("router"));
        simulation.Run(async () =>
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2), simulation.Time);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TcpConnection.ConnectAsync(new TcpClientConnectionOptions
            {
                Stack = stack,
                RemoteEndPoint = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 80),
            }, cancel.Token).AsTask());
            await stack.DisposeAsync();
        });

        // The SYN and its retransmission left on the default route, from the interface's address.
        Assert.True(seen.Count >= 2);
        Assert.True(Wire.Ip.IpPacketView.TryCreate(seen[0], out var ip, out _));
        Assert.Equal(Wire.Ip.IpAddress.Parse("192.0.2.1"), ip.Source);
        Assert.Equal(Wire.Ip.IpAddress.Parse("198.51.100.7"), ip.Destination);
    }

    [Fact]
    public void A_SYN_that_is_never_answered_fails_with_TimedOut_after_the_SYN_retries()
    {
        var lossy = new PathOptions { Latency = TimeSpan.FromMilliseconds(5), Faults = new FaultOptions { LossProbability = 1 } };
        var bed = new StackTestBed(path: lossy, connectionOptions: new TcpConnectionOptions { SynRetries = 2 });
        TcpException? failure = null;
        bed.Run(async () => failure = await Assert.ThrowsAsync<TcpException>(() => bed.ConnectAsync()));

        Assert.Equal(TcpError.TimedOut, failure!.Error);

        // The SYN went out three times: at 0, after the 1 s initial RTO, after 2 s more; it gave up 4 s later.
        var syns = bed.Trace.SentBy("client");
        Assert.Equal(3, syns.Count);
        Assert.Equal(TimeSpan.FromSeconds(7), bed.Simulation.Time.Elapsed);
        Assert.Equal(2, bed.Client.GetStatistics().TcpRetransSegs);
    }

    [Fact]
    public void Cancelling_a_connect_drops_the_half_open_connection()
    {
        var lossy = new PathOptions { Faults = new FaultOptions { LossProbability = 1 } };
        var bed = new StackTestBed(path: lossy);
        bed.Run(async () =>
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500), bed.Simulation.Time);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bed.ConnectAsync(cancellationToken: cancel.Token));
            await bed.DelayAsync(TimeSpan.FromSeconds(10));
        });

        // One SYN, no retransmission after the cancel, and the attempt is counted as failed.
        Assert.Single(bed.Trace.SentBy("client"));
        Assert.Equal(1, bed.Client.GetStatistics().TcpAttemptFails);
        Assert.Equal([TcpState.Closed, TcpState.SynSent, TcpState.Closed], bed.Trace.States("client"));
    }

    private sealed class Recorder(List<byte[]> packets) : ILinkReceiver
    {
        public void OnPacketReceived(ReadOnlySpan<byte> ipPacket) => packets.Add(ipPacket.ToArray());
    }
}
