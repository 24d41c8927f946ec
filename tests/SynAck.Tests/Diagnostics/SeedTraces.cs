using SynAck.Diagnostics;
using SynAck.Tcp;
using SynAck.Wire;
using SynAck.Wire.Ip;

namespace SynAck.Tests.Diagnostics;

/// <summary>
/// The seed's handshake and wave (seed README §3-4) as events with fixed numbers: client
/// 192.0.2.1:49152 with ISN x = 1000, server 192.0.2.2:80 with ISN y = 5000, a 100-byte request
/// and a 300-byte answer, then the client closes first. Half a millisecond between events.
/// </summary>
internal static class SeedTraces
{
    public const string Client = "client";
    public const string Server = "server";
    public static readonly IpEndpoint ClientEndpoint = IpEndpoint.Parse("192.0.2.1:49152");
    public static readonly IpEndpoint ServerEndpoint = IpEndpoint.Parse("192.0.2.2:80");
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double milliseconds) => Start.AddTicks((long)(milliseconds * TimeSpan.TicksPerMillisecond));

    public static SegmentTrace FromClient(double ms, TcpFlags flags, uint seq, uint ack, int len = 0, ushort win = 64240, string options = "", bool lost = false, bool retransmission = false)
        => new(At(ms), Client, Server, ClientEndpoint, ServerEndpoint, flags, seq, ack, len, win, options, lost, retransmission);

    public static SegmentTrace FromServer(double ms, TcpFlags flags, uint seq, uint ack, int len = 0, ushort win = 65160, string options = "", bool lost = false, bool retransmission = false)
        => new(At(ms), Server, Client, ServerEndpoint, ClientEndpoint, flags, seq, ack, len, win, options, lost, retransmission);

    public static StateTrace State(double ms, string endpoint, TcpState from, TcpState to, string cause) => new(At(ms), endpoint, from, to, cause);

    /// <summary>The handshake, a request and its answer, and the wave with the client closing first.</summary>
    public static List<TraceEvent> HandshakeAndWave() =>
    [
        State(0, Server, TcpState.Closed, TcpState.Listen, TcpCauses.PassiveOpen),
        State(0, Client, TcpState.Closed, TcpState.SynSent, TcpCauses.ActiveOpen),
        FromClient(0, TcpFlags.Syn, 1000, 0, options: "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7"),
        State(0.5, Server, TcpState.Listen, TcpState.SynReceived, TcpCauses.ReceivedSyn),
        FromServer(0.5, TcpFlags.Syn | TcpFlags.Ack, 5000, 1001, options: "mss 1460,sackOK,TS val 9 ecr 1,nop,wscale 7"),
        State(1, Client, TcpState.SynSent, TcpState.Established, TcpCauses.ReceivedSynAck),
        FromClient(1, TcpFlags.Ack, 1001, 5001),
        State(1.5, Server, TcpState.SynReceived, TcpState.Established, TcpCauses.ReceivedAckOfSyn),
        FromClient(2, TcpFlags.Psh | TcpFlags.Ack, 1001, 5001, len: 100),
        FromServer(2.5, TcpFlags.Ack, 5001, 1101),
        FromServer(3, TcpFlags.Psh | TcpFlags.Ack, 5001, 1101, len: 300),
        FromClient(3.5, TcpFlags.Ack, 1101, 5301),
        State(4, Client, TcpState.Established, TcpState.FinWait1, TcpCauses.ShutdownSend),
        FromClient(4, TcpFlags.Fin | TcpFlags.Ack, 1101, 5301),
        State(4.5, Server, TcpState.Established, TcpState.CloseWait, TcpCauses.ReceivedFin),
        FromServer(4.5, TcpFlags.Ack, 5301, 1102),
        State(5, Client, TcpState.FinWait1, TcpState.FinWait2, TcpCauses.ReceivedAckOfFin),
        State(6, Server, TcpState.CloseWait, TcpState.LastAck, TcpCauses.ShutdownSend),
        FromServer(6, TcpFlags.Fin | TcpFlags.Ack, 5301, 1102),
        State(6.5, Client, TcpState.FinWait2, TcpState.TimeWait, TcpCauses.ReceivedFin),
        FromClient(6.5, TcpFlags.Ack, 1102, 5302),
        State(7, Server, TcpState.LastAck, TcpState.Closed, TcpCauses.ReceivedAckOfFin),
    ];

    /// <summary>A handshake whose first SYN+ACK the network loses, so the server sends it again after its timeout.</summary>
    public static List<TraceEvent> LostSynAck() =>
    [
        State(0, Server, TcpState.Closed, TcpState.Listen, TcpCauses.PassiveOpen),
        State(0, Client, TcpState.Closed, TcpState.SynSent, TcpCauses.ActiveOpen),
        FromClient(0, TcpFlags.Syn, 1000, 0),
        State(0.5, Server, TcpState.Listen, TcpState.SynReceived, TcpCauses.ReceivedSyn),
        FromServer(0.5, TcpFlags.Syn | TcpFlags.Ack, 5000, 1001, lost: true),
        FromServer(1000.5, TcpFlags.Syn | TcpFlags.Ack, 5000, 1001, retransmission: true),
        State(1001, Client, TcpState.SynSent, TcpState.Established, TcpCauses.ReceivedSynAck),
        FromClient(1001, TcpFlags.Ack, 1001, 5001),
        State(1001.5, Server, TcpState.SynReceived, TcpState.Established, TcpCauses.ReceivedAckOfSyn),
    ];
}
