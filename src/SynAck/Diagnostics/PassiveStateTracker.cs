using SynAck.Tcp;
using SynAck.Wire;

namespace SynAck.Diagnostics;

/// <summary>
/// Infers both endpoints' TCP states from the segments between them, as an observer that sees the
/// wire and nothing else (a capture): it runs RFC 9293's transitions (§3.3.2, §3.10.7) on each
/// segment for its sender and, unless the segment was lost, for its receiver, and passes the
/// segment on between the state changes it implies, so that the stream it forwards reads like a
/// ladder: the sender's change, the segment, the receiver's change.
/// </summary>
/// <remarks>
/// <para>
/// Each connection is told apart by its two endpoint names. A segment is taken to arrive when it
/// is seen, as on loopback. TIME-WAIT's 2*MSL and anything else a timer does cannot be seen, so a
/// diagram ends in TIME_WAIT for the side that sent the last ACK of the wave.
/// </para>
/// <para>
/// A FIN's effect on its receiver is written when the receiver shows it had the FIN: just before
/// its next segment that acknowledges it, before the next segment from the same sender, or at
/// <see cref="Complete"/>. A receiver whose own FIN does not acknowledge the one sent to it had
/// not received it yet, so two FINs that cross make the simultaneous close of RFC 9293 §3.6
/// (both ends through CLOSING).
/// </para>
/// <para>
/// What a SYN's receiver was doing shows only in its answer, so that change is written just before
/// the answer, with the SYN's time: a SYN+ACK means it listened (LISTEN to SYN_RCVD); a SYN of its
/// own means a simultaneous open (CLOSED to SYN_SENT to SYN_RCVD); an RST means nothing listened
/// (CLOSED, unchanged). A connection seen first without a SYN (the capture started later) is taken
/// to be ESTABLISHED on both sides.
/// </para>
/// </remarks>
public sealed class PassiveStateTracker : ITraceObserver
{
    /// <summary>The cause of the change a sent SYN makes (CLOSED to SYN_SENT).</summary>
    public const string SentSyn = "sent SYN";

    /// <summary>The cause of the change a sent FIN makes (to FIN_WAIT_1 or LAST_ACK).</summary>
    public const string SentFin = "sent FIN";

    /// <summary>The cause of the change a sent RST makes (to CLOSED).</summary>
    public const string SentRst = "sent RST";

    /// <summary>The cause written for an endpoint that answered a SYN with an RST: no listener, it stays CLOSED.</summary>
    public const string NoListener = "no listener: sent RST";

    private readonly ITraceObserver _next;
    private readonly Dictionary<(string Self, string Peer), Endpoint> _endpoints = [];
    private DateTimeOffset _lastTime = DateTimeOffset.MinValue;

    /// <summary>Creates a tracker that forwards segments and the state changes it infers to <paramref name="next"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="next"/> is null.</exception>
    public PassiveStateTracker(ITraceObserver next)
    {
        ArgumentNullException.ThrowIfNull(next);
        _next = next;
    }

    /// <summary>Runs the segments through a tracker and returns the segments with the state changes it inferred, in order.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="segments"/> is null.</exception>
    public static TraceLog Track(IEnumerable<SegmentTrace> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var log = new TraceLog();
        var tracker = new PassiveStateTracker(log);
        foreach (var segment in segments)
        {
            tracker.OnSegment(segment);
        }

        tracker.Complete();
        return log;
    }

    /// <summary>
    /// Ends the stream: writes the changes of FINs whose receivers were not seen to take them (the
    /// last ones of a capture), in the order the FINs were sent.
    /// </summary>
    public void Complete()
    {
        foreach (var endpoint in _endpoints.Values.Where(e => e.PendingFin is not null).OrderBy(e => e.PendingFin!.Value.Time).ToList())
        {
            DeliverFin(endpoint);
        }
    }

    /// <summary>
    /// The state inferred so far for <paramref name="endpoint"/> in its connection with
    /// <paramref name="peer"/>; null before it has been seen or while a SYN it received is unanswered.
    /// </summary>
    public TcpState? StateOf(string endpoint, string peer)
        => _endpoints.TryGetValue((endpoint, peer), out var state) ? state.State : null;

    /// <summary>Applies the segment's transitions to its sender, forwards it, then applies them to its receiver.</summary>
    public void OnSegment(in SegmentTrace segment)
    {
        var sender = Get(segment.From, segment.To);
        var receiver = Get(segment.To, segment.From);
        if (sender.State is null && receiver.State is null && !sender.SynPending && !receiver.SynPending && !segment.Has(TcpFlags.Syn))
        {
            // The capture began after the handshake.
            sender.State = TcpState.Established;
            receiver.State = TcpState.Established;
        }

        if (sender.PendingFin is { } fin && segment.Has(TcpFlags.Ack) && segment.AcknowledgmentNumber - fin.End >= 0)
        {
            // The sender acknowledges the FIN sent to it, so it had received it.
            DeliverFin(sender);
        }

        Send(sender, segment);
        _lastTime = Max(_lastTime, segment.Time);
        _next.OnSegment(segment);
        if (!segment.Lost)
        {
            if (receiver.PendingFin is not null)
            {
                // Segments from one sender arrive in order: the earlier FIN first.
                DeliverFin(receiver);
            }

            Receive(receiver, segment);
        }
    }

    /// <summary>Forwards a state change reported by someone else, unchanged.</summary>
    public void OnState(in StateTrace state)
    {
        _lastTime = Max(_lastTime, state.Time);
        _next.OnState(state);
    }

    private Endpoint Get(string self, string peer)
    {
        if (!_endpoints.TryGetValue((self, peer), out var endpoint))
        {
            endpoint = new Endpoint(self);
            _endpoints.Add((self, peer), endpoint);
        }

        return endpoint;
    }

    private void Send(Endpoint sender, in SegmentTrace segment)
    {
        var time = segment.Time;
        if (segment.Has(TcpFlags.Rst))
        {
            if (sender.SynPending)
            {
                // RFC 9293 §3.10.7.1: a CLOSED port answers a SYN with a reset.
                sender.SynPending = false;
                Change(sender, sender.SynTime, TcpState.Closed, NoListener);
            }
            else if (sender.State is not (null or TcpState.Closed or TcpState.Listen))
            {
                Change(sender, time, TcpState.Closed, SentRst);
            }

            return;
        }

        if (segment.Has(TcpFlags.Syn))
        {
            sender.Iss ??= segment.SequenceNumber;
            if (!segment.Has(TcpFlags.Ack) && sender.State is null or TcpState.Closed)
            {
                Change(sender, time, TcpState.SynSent, SentSyn);
                if (sender.SynPending)
                {
                    // RFC 9293 §3.5, Figure 8: the two SYNs crossed (simultaneous open).
                    sender.SynPending = false;
                    Change(sender, time, TcpState.SynReceived, TcpCauses.ReceivedSyn);
                }
            }
            else if (segment.Has(TcpFlags.Ack) && sender.SynPending)
            {
                sender.SynPending = false;
                sender.State = TcpState.Listen;
                Change(sender, sender.SynTime, TcpState.SynReceived, TcpCauses.ReceivedSyn);
            }
        }

        if (segment.Has(TcpFlags.Fin) && sender.FinEnd is null)
        {
            switch (sender.State)
            {
                case TcpState.Established or TcpState.SynReceived:
                    sender.FinEnd = segment.End;
                    Change(sender, time, TcpState.FinWait1, SentFin);
                    break;
                case TcpState.CloseWait:
                    sender.FinEnd = segment.End;
                    Change(sender, time, TcpState.LastAck, SentFin);
                    break;
            }
        }
    }

    private void Receive(Endpoint receiver, in SegmentTrace segment)
    {
        var time = segment.Time;
        if (segment.Has(TcpFlags.Rst))
        {
            // RFC 9293 §3.10.7.3: in SYN-SENT a reset counts only if it acknowledges the SYN.
            var acceptable = receiver.State switch
            {
                TcpState.SynSent => segment.Has(TcpFlags.Ack) && AcknowledgesOnlySyn(receiver, segment),
                null or TcpState.Closed or TcpState.Listen => false,
                _ => true,
            };
            if (acceptable)
            {
                Change(receiver, time, TcpState.Closed, TcpCauses.ReceivedRst);
            }

            return;
        }

        if (segment.Has(TcpFlags.Syn))
        {
            switch (receiver.State)
            {
                case null or TcpState.Closed when !segment.Has(TcpFlags.Ack) && !receiver.SynPending:
                    receiver.SynPending = true;
                    receiver.SynTime = time;
                    return;
                case TcpState.SynSent when segment.Has(TcpFlags.Ack) && AcknowledgesOnlySyn(receiver, segment):
                    Change(receiver, time, TcpState.Established, TcpCauses.ReceivedSynAck);
                    return;
                case TcpState.SynSent when !segment.Has(TcpFlags.Ack):
                    // RFC 9293 §3.5, Figure 8: simultaneous open; this side's SYN+ACK follows.
                    Change(receiver, time, TcpState.SynReceived, TcpCauses.ReceivedSyn);
                    return;
            }
        }

        if (segment.Has(TcpFlags.Ack))
        {
            switch (receiver.State)
            {
                case TcpState.SynReceived when AcknowledgesSyn(receiver, segment):
                    Change(receiver, time, TcpState.Established, TcpCauses.ReceivedAckOfSyn);
                    break;
                case TcpState.FinWait1 when AcknowledgesFin(receiver, segment):
                    Change(receiver, time, TcpState.FinWait2, TcpCauses.ReceivedAckOfFin);
                    break;
                case TcpState.Closing when AcknowledgesFin(receiver, segment):
                    Change(receiver, time, TcpState.TimeWait, TcpCauses.ReceivedAckOfFin);
                    break;
                case TcpState.LastAck when AcknowledgesFin(receiver, segment):
                    Change(receiver, time, TcpState.Closed, TcpCauses.ReceivedAckOfFin);
                    break;
            }
        }

        if (segment.Has(TcpFlags.Fin))
        {
            receiver.PendingFin = segment;
        }
    }

    private void DeliverFin(Endpoint receiver)
    {
        var fin = receiver.PendingFin!.Value;
        receiver.PendingFin = null;

        // RFC 9293 §3.10.7.4, eighth step: what a FIN does in each state.
        switch (receiver.State)
        {
            case TcpState.SynReceived or TcpState.Established:
                Change(receiver, fin.Time, TcpState.CloseWait, TcpCauses.ReceivedFin);
                break;
            case TcpState.FinWait1:
                Change(receiver, fin.Time, TcpState.Closing, TcpCauses.ReceivedFin);
                break;
            case TcpState.FinWait2:
                Change(receiver, fin.Time, TcpState.TimeWait, TcpCauses.ReceivedFin);
                break;
        }
    }

    // RFC 9293 §3.10.7.3: in SYN-SENT only ISS+1 is acceptable, as nothing but the SYN was sent.
    private static bool AcknowledgesOnlySyn(Endpoint receiver, in SegmentTrace segment)
        => receiver.Iss is { } iss && segment.AcknowledgmentNumber == iss + 1;

    private static bool AcknowledgesSyn(Endpoint receiver, in SegmentTrace segment)
        => receiver.Iss is { } iss && segment.AcknowledgmentNumber - (iss + 1) >= 0;

    private static bool AcknowledgesFin(Endpoint receiver, in SegmentTrace segment)
        => receiver.FinEnd is { } finEnd && segment.AcknowledgmentNumber - finEnd >= 0;

    /// <summary>
    /// Records a change. A change learnt late (a SYN's or FIN's receiver) is dated when its segment
    /// arrived, but never before an event already forwarded, so the stream's times never go back.
    /// </summary>
    private void Change(Endpoint endpoint, DateTimeOffset time, TcpState to, string cause)
    {
        var from = endpoint.State ?? TcpState.Closed;
        endpoint.State = to;
        _lastTime = Max(_lastTime, time);
        _next.OnState(new StateTrace(_lastTime, endpoint.Name, from, to, cause));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>What the tracker knows of one endpoint of one connection.</summary>
    private sealed class Endpoint(string name)
    {
        public string Name { get; } = name;

        public TcpState? State { get; set; }

        public SequenceNumber? Iss { get; set; }

        /// <summary>The sequence number just past this endpoint's FIN: the ACK that acknowledges it.</summary>
        public SequenceNumber? FinEnd { get; set; }

        /// <summary>A FIN sent to this endpoint that it has not yet been seen to take.</summary>
        public SegmentTrace? PendingFin { get; set; }

        /// <summary>Whether a SYN reached this endpoint before it was seen to do anything.</summary>
        public bool SynPending { get; set; }

        public DateTimeOffset SynTime { get; set; }
    }
}
