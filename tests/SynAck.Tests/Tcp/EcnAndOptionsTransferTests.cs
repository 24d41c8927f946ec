using SynAck.InMemory;
using SynAck.Links;
using SynAck.Tcp;
using SynAck.Tests.Stack;
using SynAck.Wire;
using Xunit.Abstractions;

namespace SynAck.Tests.Tcp;

/// <summary>
/// Two SynAck stacks negotiate the modern options (issue 6): the default SYN's MSS, SACK-permitted,
/// timestamps and window scale, and ECN when the client asks for it; a path that marks CE instead
/// of dropping makes the sender reduce its window without any loss (RFC 3168).
/// </summary>
public sealed class EcnAndOptionsTransferTests(ITestOutputHelper output)
{
    [Fact]
    public void Default_stacks_agree_on_sack_timestamps_and_window_scale()
    {
        var bed = new StackTestBed(seed: 3);
        bool timestamps = false, sack = false;
        int shift = -1;
        bed.Run(async () =>
        {
            var (listener, client, server) = await bed.EstablishAsync();
            timestamps = client.Tcb.TimestampsEnabled && server.Tcb.TimestampsEnabled;
            sack = client.Tcb.SackEnabled && server.Tcb.SackEnabled;
            shift = client.Tcb.SendWindowShift;
            await client.DisposeAsync();
            await server.DisposeAsync();
            await listener.DisposeAsync();
        });

        var syn = bed.Trace.SentBy("client")[0];
        Assert.Equal(TcpFlags.Syn, syn.Flags);
        Assert.Matches(@"^mss 1460,sackOK,TS val \d+ ecr 0,nop,wscale 2$", syn.Options);
        Assert.True(timestamps);
        Assert.True(sack);
        Assert.Equal(2, shift);

        // Once agreed, every segment carries timestamps (RFC 7323 §3.2).
        Assert.All(bed.Trace.SentBy("server").Skip(1), s => Assert.Contains("TS val", s.Options));
    }

    [Fact]
    public void Marked_packets_make_the_sender_reduce_its_window_without_loss()
    {
        const long Bytes = 2_000_000;
        var path = new PathOptions
        {
            Latency = TimeSpan.FromMilliseconds(10),
            Faults = new FaultOptions { CongestionMarkProbability = 0.01 },
        };
        var bed = new StackTestBed(seed: 7, path: path, connectionOptions: new TcpConnectionOptions { Ecn = TcpEcnMode.Request });
        long received = 0;
        TcpConnectionCounters sender = default, receiver = default;
        var ecn = false;
        bed.Run(async () =>
        {
            var (listener, client, server) = await bed.EstablishAsync();
            ecn = client.Tcb.EcnEnabled && server.Tcb.EcnEnabled;
            var send = BulkTransfer.SendAsync(client.GetStream(), Bytes, streamId: 1);
            received = await BulkTransfer.ReceiveAsync(server.GetStream(), streamId: 1);
            await send;
            sender = client.Tcb.Counters;
            receiver = server.Tcb.Counters;
            await client.DisposeAsync();
            await server.DisposeAsync();
            await listener.DisposeAsync();
        });

        output.WriteLine($"{Bytes} bytes, 1 % CE marks: {receiver.CongestionExperiencedReceived} CE segments received, {sender.EcnReductions} window reductions, "
            + $"{sender.SegmentsRetransmitted} retransmissions, {bed.Simulation.Time.Elapsed.TotalSeconds:F2} s virtual");
        Assert.True(ecn);
        Assert.Equal(Bytes, received);
        Assert.Equal(0, bed.Pair.Link.AToB.GetCounters().Lost);
        Assert.True(receiver.CongestionExperiencedReceived > 0);
        Assert.True(sender.EcnReductions > 0);
        Assert.Equal(0, sender.SegmentsRetransmitted);

        var clientSegments = bed.Trace.SentBy("client");
        var serverSegments = bed.Trace.SentBy("server");
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ece | TcpFlags.Cwr, clientSegments[0].Flags);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Ece, serverSegments[0].Flags);
        Assert.Contains(serverSegments.Skip(1), s => s.Has(TcpFlags.Ece));
        Assert.Contains(clientSegments.Skip(1), s => s.Has(TcpFlags.Cwr) && s.Length > 0);
    }
}
