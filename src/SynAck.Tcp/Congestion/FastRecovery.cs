using SynAck.Wire;

namespace SynAck.Tcp.Congestion;

/// <summary>
/// Fast retransmit (RFC 5681 §3.2) and NewReno fast recovery (RFC 6582) as pure logic: the caller
/// classifies each ACK, calls one method, and acts on the result; this class keeps the duplicate
/// ACK count, the recovery point and the window inflation and deflation (through the connection's
/// <see cref="ICongestionControl"/>).
/// </summary>
/// <remarks>
/// <para>
/// An ACK is a duplicate (RFC 5681 §2) when data is outstanding, it carries no data, neither SYN
/// nor FIN is set, SEG.ACK equals SND.UNA and the advertised window is unchanged. Give such ACKs
/// to <see cref="OnDuplicateAck"/>; give ACKs that advance SND.UNA to <see cref="OnAckAdvanced"/>;
/// tell <see cref="OnRetransmissionTimeout"/> when the retransmission timer fires (and call
/// <see cref="ICongestionControl.OnRetransmissionTimeout"/> as well). Other ACKs do not concern it.
/// </para>
/// <para>
/// RFC 6582's <c>recover</c> is "the highest sequence number transmitted". This class keeps the
/// sequence number just after it, <see cref="RecoveryPoint"/> (SND.MAX at the time), so an ACK
/// "covers more than recover" when <c>SEG.ACK &gt; RecoveryPoint</c> and is a full ACK when
/// <c>SEG.ACK &gt;= RecoveryPoint</c>.
/// </para>
/// </remarks>
public sealed class FastRecovery
{
    /// <summary>The default duplicate ACK threshold (RFC 5681 §3.2; Linux tcp_reordering).</summary>
    public const int DefaultDuplicateAckThreshold = 3;

    /// <summary>Creates the recovery logic for one connection; call <see cref="Reset"/> with the ISS.</summary>
    /// <param name="congestionControl">The connection's congestion control, whose window this adjusts.</param>
    /// <param name="duplicateAckThreshold">How many duplicate ACKs start fast retransmit; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duplicateAckThreshold"/> is below 1.</exception>
    public FastRecovery(ICongestionControl congestionControl, int duplicateAckThreshold = DefaultDuplicateAckThreshold)
    {
        ArgumentNullException.ThrowIfNull(congestionControl);
        ArgumentOutOfRangeException.ThrowIfLessThan(duplicateAckThreshold, 1);
        CongestionControl = congestionControl;
        DuplicateAckThreshold = duplicateAckThreshold;
    }

    /// <summary>The congestion control whose window this adjusts.</summary>
    public ICongestionControl CongestionControl { get; }

    /// <summary>How many duplicate ACKs start fast retransmit.</summary>
    public int DuplicateAckThreshold { get; }

    /// <summary>Whether fast recovery is in progress.</summary>
    public bool InRecovery { get; private set; }

    /// <summary>Duplicate ACKs in a row since SND.UNA last advanced.</summary>
    public int DuplicateAcks { get; private set; }

    /// <summary>Partial ACKs since the current recovery began (1 on the first).</summary>
    public int PartialAcks { get; private set; }

    /// <summary>SND.MAX when recovery last began or the timer last expired: RFC 6582's <c>recover</c> plus one.</summary>
    public SequenceNumber RecoveryPoint { get; private set; }

    /// <summary>
    /// Starts a connection: no recovery, no duplicate ACKs, and a recovery point at the ISS
    /// (RFC 6582 §3.2 step 1) so that even the loss of the first data segment can be repaired by
    /// fast retransmit.
    /// </summary>
    /// <param name="initialSendSequence">ISS.</param>
    public void Reset(SequenceNumber initialSendSequence)
    {
        InRecovery = false;
        DuplicateAcks = 0;
        PartialAcks = 0;
        RecoveryPoint = initialSendSequence;
    }

    /// <summary>Handles a duplicate ACK (see the remarks for what counts as one).</summary>
    /// <param name="ack">SEG.ACK, which equals SND.UNA.</param>
    /// <param name="sndMax">The highest sequence number sent so far plus one (SND.NXT unless a timeout rewound it).</param>
    /// <param name="bytesInFlight">FlightSize: data sent and not yet acknowledged.</param>
    /// <param name="now">The caller's monotonic time.</param>
    /// <param name="windowAlreadyReduced">
    /// Whether the window was already reduced for this window of data (an ECN reduction, RFC 3168
    /// §6.1.2): recovery starts and the segment is retransmitted, but ssthresh stays as it is.
    /// </param>
    public DuplicateAckAction OnDuplicateAck(SequenceNumber ack, SequenceNumber sndMax, int bytesInFlight, TimeSpan now, bool windowAlreadyReduced = false)
    {
        if (DuplicateAcks < int.MaxValue)
        {
            DuplicateAcks++;
        }

        var smss = CongestionControl.MaxSegmentSize;
        if (InRecovery)
        {
            // RFC 5681 §3.2 step 4: each further duplicate ACK means a segment left the network.
            CongestionControl.SetCongestionWindow(CongestionControl.CongestionWindow + smss);
            return DuplicateAckAction.WindowInflated;
        }

        if (DuplicateAcks < DuplicateAckThreshold)
        {
            return DuplicateAckAction.LimitedTransmit;
        }

        // RFC 6582 §3.2 step 2: only an ACK that covers more than recover starts a new recovery,
        // so losses from a window already reduced (by recovery or a timeout) are not counted twice.
        if (DuplicateAcks != DuplicateAckThreshold || ack <= RecoveryPoint)
        {
            return DuplicateAckAction.None;
        }

        RecoveryPoint = sndMax;
        InRecovery = true;
        PartialAcks = 0;
        // RFC 5681 §3.2 steps 2-3: ssthresh = max(FlightSize / 2, 2 * SMSS), cwnd = ssthresh + 3 * SMSS.
        if (!windowAlreadyReduced)
        {
            CongestionControl.OnCongestionEvent(bytesInFlight, now);
        }

        CongestionControl.SetCongestionWindow(CongestionControl.SlowStartThreshold + (3 * smss));
        return DuplicateAckAction.FastRetransmit;
    }

    /// <summary>Handles an ACK that advanced SND.UNA.</summary>
    /// <param name="ack">SEG.ACK, the new SND.UNA.</param>
    /// <param name="bytesAcked">How far SND.UNA advanced.</param>
    /// <param name="bytesInFlight">FlightSize after this ACK: data sent and still not acknowledged.</param>
    public RecoveryAckResult OnAckAdvanced(SequenceNumber ack, int bytesAcked, int bytesInFlight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesAcked);
        DuplicateAcks = 0;
        if (!InRecovery)
        {
            return RecoveryAckResult.NotInRecovery;
        }

        var smss = CongestionControl.MaxSegmentSize;
        if (ack >= RecoveryPoint)
        {
            // RFC 6582 §3.2 step 3, full ACK, option 1: cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS),
            // which avoids a burst when little data is outstanding.
            InRecovery = false;
            var ssthresh = CongestionControl.SlowStartThreshold;
            CongestionControl.SetCongestionWindow((int)Math.Min(ssthresh, (long)Math.Max(bytesInFlight, smss) + smss));
            return RecoveryAckResult.FullAck;
        }

        // RFC 6582 §3.2 step 3, partial ACK: deflate by the amount acknowledged, and add back one
        // SMSS if at least one SMSS was acknowledged, so about ssthresh stays in flight.
        PartialAcks++;
        var deflated = (long)CongestionControl.CongestionWindow - bytesAcked + (bytesAcked >= smss ? smss : 0);
        CongestionControl.SetCongestionWindow((int)Math.Max(deflated, smss));
        return RecoveryAckResult.PartialAck;
    }

    /// <summary>
    /// The retransmission timer expired: recovery (if any) ends and the recovery point moves to
    /// SND.MAX (RFC 6582 §3.2 step 4), so duplicate ACKs for data sent before the timeout do not
    /// start another fast retransmit.
    /// </summary>
    /// <param name="sndMax">The highest sequence number sent so far plus one.</param>
    public void OnRetransmissionTimeout(SequenceNumber sndMax)
    {
        RecoveryPoint = sndMax;
        InRecovery = false;
        DuplicateAcks = 0;
        PartialAcks = 0;
    }
}
