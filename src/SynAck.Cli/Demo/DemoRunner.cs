using SynAck.Diagnostics;
using SynAck.InMemory;
using SynAck.Links;
using SynAck.Runtime;
using SynAck.Stack;
using SynAck.Tcp;
using SynAck.Wire;
using SynAck.Wire.Capture;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Cli.Demo;

/// <summary>
/// Runs a demo scenario: the seed's client (192.0.2.1) and server (192.0.2.2) as two SynAck stacks
/// on the in-memory network, in virtual time, so that a run is a pure function of its settings.
/// </summary>
internal static class DemoRunner
{
    /// <summary>The one-way delay of the path: each arrow takes half a millisecond.</summary>
    public static readonly TimeSpan OneWayDelay = TimeSpan.FromMilliseconds(0.5);

    /// <summary>Runs the scenario and returns the event stream.</summary>
    /// <exception cref="IOException">The capture file cannot be written.</exception>
    public static DemoResult Run(DemoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var simulation = new Simulation(new SimulationOptions { Seed = settings.Seed, TimeLimit = TimeSpan.FromHours(1) });
        var log = new TraceLog();
        var path = new PathOptions
        {
            Latency = OneWayDelay,
            Faults = settings.Loss > 0 ? new FaultOptions { LossProbability = settings.Loss } : FaultOptions.None,
        };
        var capture = settings.PcapPath is { } file ? new PcapWriter(new BufferedStream(File.Create(file))) : null;
        var pair = InMemoryStackPair.Create(simulation, new InMemoryStackPairOptions
        {
            Seed = settings.Seed,
            ClientToServer = path,
            ServerToClient = path,
            ConnectionOptions = new TcpConnectionOptions { MaximumSegmentSize = settings.Mss },
            TraceObserver = log,
            WrapClientLink = capture is null ? null : link => new PcapTapLink(link, capture),
        });
        if (settings.Scenario == DemoScenario.Lossy)
        {
            pair.Link.BToA.LossRule = LoseFirstSynAck();
        }

        string? failure = null;
        try
        {
            simulation.Run(async () =>
            {
                try
                {
                    await new DemoScript(pair, simulation.Time, settings).RunAsync();
                }
                catch (Exception e) when (e is IOException or TimeoutException)
                {
                    // A TcpException (an IOException) or an early end of stream under heavy loss, or a close that never ended.
                    failure = e.Message;
                }
            });
        }
        catch (SimulationException e)
        {
            failure = e.Message;
        }

        // The events up to here are the scenario; disposing the stacks (and flushing the capture) adds none worth drawing.
        var events = log.ToList();
        simulation.Run(async () => await pair.DisposeAsync());
        return new DemoResult(events, failure);
    }

    /// <summary>Picks the first SYN+ACK the server sends, and only it.</summary>
    private static PacketPredicate LoseFirstSynAck()
    {
        var lost = false;
        return packet =>
        {
            if (lost
                || !IpPacketView.TryCreate(packet, out var ip, out _)
                || ip.Protocol != IpProtocol.Tcp
                || !TcpHeader.TryParse(ip.UpperLayerData, out var header, out _, out _)
                || (header.Flags & (TcpFlags.Syn | TcpFlags.Ack)) != (TcpFlags.Syn | TcpFlags.Ack))
            {
                return false;
            }

            lost = true;
            return true;
        };
    }
}
