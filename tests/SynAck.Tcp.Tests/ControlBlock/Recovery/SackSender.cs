using SynAck.Tcp.Recovery;
using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Tests.ControlBlock.Recovery;

/// <summary>A sender with SACK negotiated and a measured round-trip time, for the recovery tests.</summary>
internal static class SackSender
{
    public const uint Una = Endpoint.LocalIss + 1;
    public const int Mss = 1460;

    /// <summary>The round-trip time the handshake measures.</summary>
    public static readonly TimeSpan RoundTrip = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// An active open whose SYN+ACK offers SACK and arrives <see cref="RoundTrip"/> after the SYN, then
    /// <paramref name="segments"/> full segments sent at once (the window allows them).
    /// </summary>
    public static Endpoint Create(LossDetection detection, int segments, out List<Sent> flight, TcpSettings? settings = null)
    {
        settings ??= new TcpSettings();
        var endpoint = new Endpoint(new TcpSettings
        {
            LossDetection = detection,
            DelayedAcknowledgments = settings.DelayedAcknowledgments,
            Sack = settings.Sack,
            CongestionControlFactory = () => new global::SynAck.Tcp.Congestion.NewReno(initialWindowSegments: Math.Max(10, segments)),
        });
        endpoint.Tcb.OpenActive(endpoint.Now);
        endpoint.Single();
        endpoint.Advance(RoundTrip);
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack, options: Endpoint.SynOptions() with { SackPermitted = true });
        endpoint.Single();
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
        endpoint.Tcb.Send(new byte[segments * Mss]);
        flight = endpoint.Drain();
        Assert.Equal(segments, flight.Count);
        return endpoint;
    }

    /// <summary>The first sequence number of segment <paramref name="index"/> of the flight.</summary>
    public static SequenceNumber Seg(int index) => (SequenceNumber)Una + (index * Mss);

    /// <summary>The peer's duplicate or cumulative ACK of <paramref name="ack"/> carrying SACK blocks <c>[left, right)</c> of segment indices.</summary>
    public static void SackAck(Endpoint endpoint, int ack, params (int Left, int Right)[] blocks)
    {
        var list = default(SackBlockList);
        foreach (var (left, right) in blocks)
        {
            list = list.Add(new SackBlock(Seg(left), Seg(right)));
        }

        endpoint.FromPeer(TcpFlags.Ack, ack: Seg(ack), options: new TcpOptions { SackBlocks = list });
    }

    /// <summary>The segment indices among <paramref name="sent"/> that carry data, in order.</summary>
    public static List<int> Indices(IEnumerable<Sent> sent) => [.. sent.Where(s => s.Length > 0).Select(s => (s.Seq - Seg(0)) / Mss)];
}
