using System.Net;
using SynAck.Diagnostics;
using SynAck.InMemory;
using SynAck.Links;
using SynAck.Runtime;
using SynAck.Stack;
using SynAck.Tcp;
using SynAck.Tests.Stack;

namespace SynAck.Tests.InMemory;

/// <summary>
/// A pair's event stream has one segment event per packet put on the network, in the order sent,
/// marked lost exactly when the network lost it (DESIGN.md, "The CLI contract").
/// </summary>
public sealed class SegmentFateJoinerTests
{
    [Fact]
    public void Each_segment_event_carries_the_fate_the_network_gave_its_packet()
    {
        var simulation = new Simulation(new SimulationOptions { Seed = 5 });
        var trace = new TraceRecorder();
        var fates = new FateRecorder();
        var path = new PathOptions { Latency = TimeSpan.FromMilliseconds(1), Faults = new FaultOptions { LossProbability = 0.25 } };
        var pair = InMemoryStackPair.Create(simulation, new InMemoryStackPairOptions
        {
            Seed = 5,
            ClientToServer = path,
            ServerToClient = path,
            TraceObserver = trace,
            PacketObserver = fates,
        });

        simulation.Run(async () =>
        {
            var endPoint = new IPEndPoint(InMemoryStackPair.ServerAddress, 80);
            await using var listener = await TcpConnectionListener.ListenAsync(new TcpListenerOptions { Stack = pair.Server, ListenEndPoint = endPoint });
            var accept = listener.AcceptConnectionAsync().AsTask();
            await using var client = await TcpConnection.ConnectAsync(new TcpClientConnectionOptions { Stack = pair.Client, RemoteEndPoint = endPoint });
            await using var server = await accept;
            await client.GetStream().WriteAsync(new byte[20_000]);
            await server.GetStream().ReadExactlyAsync(new byte[20_000]);
            await client.CloseAsync();
        });

        foreach (var (stack, outgoing) in new[] { ("client", pair.Link.AToB), ("server", pair.Link.BToA) })
        {
            var segments = trace.SentBy(stack);
            var sent = fates.SentOn(outgoing);
            var counters = outgoing.GetCounters();
            Assert.Equal(counters.Sent, segments.Count);
            Assert.Equal(sent.Select(fate => fate != PacketFate.Delivered), segments.Select(segment => segment.Lost));
            Assert.Equal(counters.Lost, segments.Count(segment => segment.Lost));
            Assert.True(counters.Lost > 0, $"the {stack}'s path must have lost packets for the test to mean something");
        }
    }

    [Fact]
    public void A_listener_shows_listen_once_when_it_opens_not_again_for_each_connection()
    {
        var bed = new StackTestBed();
        bed.Run(async () =>
        {
            var listener = await bed.ListenAsync();
            for (var i = 0; i < 2; i++)
            {
                var accept = listener.AcceptConnectionAsync().AsTask();
                await using var client = await bed.ConnectAsync();
                await using var server = await accept;
            }

            await listener.DisposeAsync();
        });

        var listens = bed.Trace.StateChanges("server").Where(s => s.To == TcpState.Listen).ToList();
        var listen = Assert.Single(listens);
        Assert.Equal((TcpState.Closed, TcpCauses.PassiveOpen), (listen.From, listen.Cause));
        Assert.True(listen.Time <= bed.Trace.SentBy("client")[0].Time);
        Assert.Equal(2, bed.Trace.StateChanges("server").Count(s => s is { From: TcpState.Listen, To: TcpState.SynReceived }));
    }

    [Fact]
    public void A_syn_to_a_port_nobody_listens_on_shows_the_port_staying_closed_before_its_reset()
    {
        var bed = new StackTestBed();
        bed.Run(async () =>
        {
            var error = await Assert.ThrowsAsync<TcpException>(() => bed.ConnectAsync());
            Assert.Equal(TcpError.ConnectionRefused, error.Error);
        });

        var refusal = Assert.Single(bed.Trace.StateChanges("server"));
        Assert.Equal((TcpState.Closed, TcpState.Closed, PassiveStateTracker.NoListener), (refusal.From, refusal.To, refusal.Cause));
        var reset = Assert.Single(bed.Trace.SentBy("server"));
        Assert.True(reset.Has(SynAck.Wire.TcpFlags.Rst));
        Assert.True(refusal.Time <= reset.Time);
    }

    /// <summary>The fate of every packet sent, per path, in order.</summary>
    private sealed class FateRecorder : IPacketObserver
    {
        private readonly List<(InMemoryPath Path, PacketFate Fate)> _sent = [];

        public void OnPacket(in PacketEvent packetEvent)
        {
            if (packetEvent.Kind == PacketEventKind.Sent)
            {
                _sent.Add((packetEvent.Path, packetEvent.Fate));
            }
        }

        public List<PacketFate> SentOn(InMemoryPath path) => [.. _sent.Where(s => s.Path == path).Select(s => s.Fate)];
    }
}
