using System.Net;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Tests.Harness;

/// <summary>
/// One control block driven by a scripted peer: the test builds the peer's segments from a
/// template (<see cref="Segment"/>), feeds them, and inspects what comes out. The local end is
/// 192.0.2.1:40000 with ISS <see cref="LocalIss"/>; the peer is 192.0.2.2:80 with ISS <see cref="PeerIss"/>.
/// </summary>
internal sealed class Endpoint : IDisposable
{
    public const uint LocalIss = 1000;
    public const uint PeerIss = 5000;
    public const ushort LocalPort = 40000;
    public const ushort RemotePort = 80;

    public static readonly TcpConnectionIdentity Identity =
        new(IPAddress.Parse("192.0.2.1"), LocalPort, IPAddress.Parse("192.0.2.2"), RemotePort);

    public Endpoint(TcpSettings? settings = null, uint iss = LocalIss)
    {
        Tcb = new TcpControlBlock(Identity, settings ?? TcpSettings.Default, new FixedSequenceNumbers(iss));
    }

    public TcpControlBlock Tcb { get; }

    /// <summary>The virtual clock; it starts at 1 s.</summary>
    public TimeSpan Now { get; private set; } = TimeSpan.FromSeconds(1);

    /// <summary>The peer's next sequence number, advanced by <see cref="FromPeer"/>.</summary>
    public SequenceNumber PeerNxt { get; set; } = PeerIss;

    /// <summary>Every event raised so far, in order.</summary>
    public List<TcpEvent> Events { get; } = [];

    /// <summary>The state changes so far, as the states entered.</summary>
    public IEnumerable<TcpState> StatesEntered => Events.Where(e => e.Kind == TcpEventKind.StateChanged).Select(e => e.To);

    /// <summary>A segment from the peer: ports swapped, SEQ = the peer's next, ACK = our SND.NXT unless given.</summary>
    public TcpHeader Segment(TcpFlags flags, SequenceNumber? seq = null, SequenceNumber? ack = null, ushort window = 65535, TcpOptions options = default, ushort urgentPointer = 0) => new()
    {
        SourcePort = RemotePort,
        DestinationPort = LocalPort,
        SequenceNumber = seq ?? PeerNxt,
        AcknowledgmentNumber = (flags & TcpFlags.Ack) != 0 ? ack ?? Tcb.SndNxt : default,
        Flags = flags,
        Window = window,
        Options = options,
        UrgentPointer = urgentPointer,
    };

    /// <summary>Feeds a segment as it is.</summary>
    public void Feed(in TcpHeader header, ReadOnlySpan<byte> payload = default)
    {
        Tcb.OnSegment(header, payload, Now);
        DrainEvents();
    }

    /// <summary>Feeds the peer's next segment in sequence and advances <see cref="PeerNxt"/> over it.</summary>
    public void FromPeer(TcpFlags flags, byte[]? payload = null, ushort window = 65535, TcpOptions options = default, SequenceNumber? ack = null, ushort urgentPointer = 0)
    {
        payload ??= [];
        var header = Segment(flags, ack: ack, window: window, options: options, urgentPointer: urgentPointer);
        PeerNxt += payload.Length + ((flags & TcpFlags.Syn) != 0 ? 1 : 0) + ((flags & TcpFlags.Fin) != 0 ? 1 : 0);
        Feed(header, payload);
    }

    /// <summary>Takes every segment the control block has to send now.</summary>
    public List<Sent> Drain()
    {
        var sent = new List<Sent>();
        var buffer = new byte[65536];
        while (Tcb.TryGetSegment(Now, buffer, out var header, out var length))
        {
            sent.Add(new Sent(header, buffer[..length]));
        }

        DrainEvents();
        return sent;
    }

    /// <summary>Takes the output and asserts it is exactly one segment.</summary>
    public Sent Single()
    {
        var sent = Drain();
        return Assert.Single(sent);
    }

    /// <summary>Asserts nothing is sent.</summary>
    public void AssertSilent() => Assert.Empty(Drain());

    /// <summary>Moves the clock forward, running every timer that falls due on the way; returns what was sent (with when).</summary>
    public List<(TimeSpan Time, Sent Segment)> Advance(TimeSpan span)
    {
        var target = Now + span;
        var sent = new List<(TimeSpan, Sent)>();
        while (Tcb.NextDeadline <= target)
        {
            Now = Tcb.NextDeadline > Now ? Tcb.NextDeadline : Now;
            Tcb.OnTimer(Now);
            sent.AddRange(Drain().Select(s => (Now, s)));
        }

        Now = target;
        DrainEvents();
        return sent;
    }

    public void DrainEvents()
    {
        while (Tcb.TryGetEvent(out var e))
        {
            Events.Add(e);
        }
    }

    public void Dispose() => Tcb.Dispose();

    /// <summary>MSS 1460 and, when given, a window scale: what a Linux peer's SYN carries (less SACK and timestamps).</summary>
    public static TcpOptions SynOptions(ushort mss = 1460, byte? windowScale = null) => new() { MaximumSegmentSize = mss, WindowScale = windowScale };

    /// <summary>An active open completed: SYN out, SYN+ACK in, ACK out; ESTABLISHED.</summary>
    public static Endpoint Established(TcpSettings? settings = null, ushort window = 65535, TcpOptions? options = null)
    {
        var endpoint = new Endpoint(settings);
        endpoint.Tcb.OpenActive(endpoint.Now);
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Syn | TcpFlags.Ack, window: window, options: options ?? SynOptions());
        endpoint.Single();
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
        return endpoint;
    }

    /// <summary>A passive open completed: LISTEN, SYN in, SYN+ACK out, ACK in; ESTABLISHED.</summary>
    public static Endpoint PassiveEstablished(TcpSettings? settings = null, TcpOptions? options = null)
    {
        var endpoint = new Endpoint(settings);
        endpoint.Tcb.OpenPassive(endpoint.Now);
        endpoint.FromPeer(TcpFlags.Syn, options: options ?? SynOptions());
        endpoint.Single();
        endpoint.FromPeer(TcpFlags.Ack);
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
        return endpoint;
    }

    /// <summary>ESTABLISHED, then the user shuts down sending: FIN out; FIN-WAIT-1.</summary>
    public static Endpoint FinWait1(TcpSettings? settings = null)
    {
        var endpoint = Established(settings);
        endpoint.Tcb.ShutdownSend(endpoint.Now);
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, endpoint.Single().Flags);
        Assert.Equal(TcpState.FinWait1, endpoint.Tcb.State);
        return endpoint;
    }

    /// <summary>FIN-WAIT-1, then the peer ACKs our FIN; FIN-WAIT-2.</summary>
    public static Endpoint FinWait2(TcpSettings? settings = null)
    {
        var endpoint = FinWait1(settings);
        endpoint.FromPeer(TcpFlags.Ack);
        endpoint.AssertSilent();
        Assert.Equal(TcpState.FinWait2, endpoint.Tcb.State);
        return endpoint;
    }

    /// <summary>FIN-WAIT-1, then the peer's FIN that does not ACK ours; CLOSING.</summary>
    public static Endpoint Closing(TcpSettings? settings = null)
    {
        var endpoint = FinWait1(settings);
        endpoint.FromPeer(TcpFlags.Fin | TcpFlags.Ack, ack: endpoint.Tcb.SndUna);
        endpoint.Single();
        Assert.Equal(TcpState.Closing, endpoint.Tcb.State);
        return endpoint;
    }

    /// <summary>FIN-WAIT-2, then the peer's FIN; TIME-WAIT.</summary>
    public static Endpoint TimeWait(TcpSettings? settings = null)
    {
        var endpoint = FinWait2(settings);
        endpoint.FromPeer(TcpFlags.Fin | TcpFlags.Ack);
        endpoint.Single();
        Assert.Equal(TcpState.TimeWait, endpoint.Tcb.State);
        return endpoint;
    }

    /// <summary>ESTABLISHED, then the peer's FIN; CLOSE-WAIT.</summary>
    public static Endpoint CloseWait(TcpSettings? settings = null)
    {
        var endpoint = Established(settings);
        endpoint.FromPeer(TcpFlags.Fin | TcpFlags.Ack);
        endpoint.Single();
        Assert.Equal(TcpState.CloseWait, endpoint.Tcb.State);
        return endpoint;
    }

    /// <summary>CLOSE-WAIT, then the user shuts down sending: FIN out; LAST-ACK.</summary>
    public static Endpoint LastAck(TcpSettings? settings = null)
    {
        var endpoint = CloseWait(settings);
        endpoint.Tcb.ShutdownSend(endpoint.Now);
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, endpoint.Single().Flags);
        Assert.Equal(TcpState.LastAck, endpoint.Tcb.State);
        return endpoint;
    }

    /// <summary>LISTEN, then the peer's SYN: SYN+ACK out; SYN-RECEIVED (passive).</summary>
    public static Endpoint SynReceived(TcpSettings? settings = null)
    {
        var endpoint = new Endpoint(settings);
        endpoint.Tcb.OpenPassive(endpoint.Now);
        endpoint.FromPeer(TcpFlags.Syn, options: SynOptions());
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, endpoint.Single().Flags);
        Assert.Equal(TcpState.SynReceived, endpoint.Tcb.State);
        return endpoint;
    }

    /// <summary>An active open whose SYN has gone out; SYN-SENT.</summary>
    public static Endpoint SynSent(TcpSettings? settings = null)
    {
        var endpoint = new Endpoint(settings);
        endpoint.Tcb.OpenActive(endpoint.Now);
        Assert.Equal(TcpFlags.Syn, endpoint.Single().Flags);
        return endpoint;
    }
}
