using SynAck.Tcp.Recovery;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

// RACK-TLP (RFC 8985): time-based loss detection over the scoreboard's transmit times, and the
// tail loss probe. Used when SACK is negotiated and TcpSettings.LossDetection is Rack.
public sealed partial class TcpControlBlock
{
    /// <summary>RFC 8985 §7.2 WCDelAckT: the worst-case delayed-ACK time added to a PTO when one segment is in flight.</summary>
    private static readonly TimeSpan WorstCaseDelayedAck = TimeSpan.FromMilliseconds(200);

    /// <summary>RFC 8985 §7.2: the PTO before any RTT sample.</summary>
    private static readonly TimeSpan InitialProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>RFC 8985 §6.2 step 4: how many recoveries a widened reordering window persists.</summary>
    private const int ReorderWindowPersistence = 16;

    private bool _rackValid;
    private SequenceNumber _rackEnd;
    private long _rackOrder;
    private TimeSpan _rackRtt;
    private SequenceNumber _rackFack;
    private bool _reorderingSeen;
    private int _reorderWindowMultiplier = 1;
    private int _reorderWindowPersist;
    private bool _dsackRoundSet;
    private SequenceNumber _dsackRound;
    private TimeSpan _rackDeadline = TimeSpan.MaxValue;

    private TimeSpan _tlpDeadline = TimeSpan.MaxValue;
    private bool _tlpDue;
    private bool _tlpOutstanding;
    private bool _tlpIsRetransmission;
    private SequenceNumber _tlpEnd;

    /// <summary>RACK.reo_wnd as last computed (RFC 8985 §6.2 step 4).</summary>
    public TimeSpan ReorderingWindow { get; private set; }

    /// <summary>The earliest RACK reordering timer or tail loss probe, or <see cref="TimeSpan.MaxValue"/>.</summary>
    private TimeSpan RecoveryDeadline => Min(_rackDeadline, _tlpDeadline);

    /// <summary>
    /// RFC 8985 §6.2 for one ACK: update RACK.xmit_ts, RACK.end_seq and RACK.rtt from the most
    /// recently sent segment it delivered (step 2), detect reordering (step 3), adapt reo_wnd to
    /// D-SACK (step 4), then mark lost every segment sent before RACK.xmit_ts whose reordering
    /// window has passed (step 5). Returns how many segments were newly marked lost.
    /// </summary>
    private int RackOnAck(ref DeliveryBatch delivery, bool dsack, TimeSpan now)
    {
        if (delivery.HasNewest && (!_rackValid || delivery.NewestOrder > _rackOrder))
        {
            _rackValid = true;
            _rackEnd = delivery.NewestEnd;
            _rackOrder = delivery.NewestOrder;
            _rackRtt = now - delivery.NewestSentAt;
        }

        // Step 3: a segment never retransmitted delivered below the highest delivered end
        // (RACK.fack) arrived out of order.
        if (delivery.HasOriginal && _rackValid && delivery.LowestOriginalEnd < _rackFack)
        {
            _reorderingSeen = true;
        }

        if (delivery.HasNewest && (!_rackValid || delivery.NewestEnd > _rackFack))
        {
            _rackFack = delivery.NewestEnd;
        }

        if (_rackValid && _rackEnd > _rackFack)
        {
            _rackFack = _rackEnd;
        }

        if (dsack && (!_dsackRoundSet || SndUna >= _dsackRound))
        {
            // Step 4: at most one widening per round trip.
            _dsackRoundSet = true;
            _dsackRound = SndMax;
            _reorderWindowMultiplier++;
            _reorderWindowPersist = ReorderWindowPersistence;
        }

        return RackDetectLoss(now);
    }

    /// <summary>RFC 8985 §6.2 step 4 RACK_update_reo_wnd.</summary>
    private TimeSpan ComputeReorderingWindow()
    {
        if (!_reorderingSeen && (_sackRecovery || _lossState || _scoreboard.SackedSegments >= _settings.DuplicateAckThreshold))
        {
            // No reordering seen: as aggressive as DupThresh during recovery or once DupThresh
            // segments are SACKed.
            return TimeSpan.Zero;
        }

        var minRtt = _rtt.HasSample ? _rtt.MinRtt : TimeSpan.Zero;
        var window = minRtt / 4 * _reorderWindowMultiplier;
        return _rtt.HasSample && window > _rtt.SmoothedRtt ? _rtt.SmoothedRtt : window;
    }

    /// <summary>
    /// RFC 8985 §6.2 step 5, RACK_detect_loss: every unSACKed segment sent before RACK.xmit_ts
    /// is lost once RACK.rtt + reo_wnd has passed since its transmission; the earliest such
    /// moment still to come arms the RACK reordering timer (§6.3).
    /// </summary>
    private int RackDetectLoss(TimeSpan now)
    {
        _rackDeadline = Never;
        if (!_rackValid)
        {
            return 0;
        }

        ReorderingWindow = ComputeReorderingWindow();
        var marked = 0;
        var timeout = TimeSpan.Zero;
        for (var i = 0; i < _scoreboard.Count; i++)
        {
            var segment = _scoreboard[i];
            // RACK_sent_after(RACK.xmit_ts, RACK.end_seq, Segment.xmit_ts, Segment.end_seq), by
            // transmission order (see Segment).
            if (segment.SendOrder > _rackOrder)
            {
                // Segments above this one that were never retransmitted were sent later still.
                if (!segment.Has(SegmentFlags.EverRetransmitted))
                {
                    break;
                }

                continue;
            }

            if (segment.Has(SegmentFlags.Sacked) || (segment.Has(SegmentFlags.Lost) && !segment.Has(SegmentFlags.Retransmitted)))
            {
                continue;
            }

            var remaining = segment.SentAt + _rackRtt + ReorderingWindow - now;
            if (remaining <= TimeSpan.Zero)
            {
                if (_scoreboard.MarkLost(i))
                {
                    marked++;
                }
            }
            else if (remaining > timeout)
            {
                timeout = remaining;
            }
        }

        if (timeout > TimeSpan.Zero)
        {
            _rackDeadline = now + timeout;
        }

        return marked;
    }

    /// <summary>The RACK reordering timer expired (RFC 8985 §6.3): detect loss again and start recovery if needed.</summary>
    private void OnRackTimer(TimeSpan now)
    {
        _rackDeadline = Never;
        if (!UseScoreboard || _settings.LossDetection != LossDetection.Rack)
        {
            return;
        }

        if (RackDetectLoss(now) > 0)
        {
            EnterSackRecovery(now);
        }
    }

    /// <summary>RFC 8985 §6.3: after a timeout, RACK starts afresh from the retransmissions.</summary>
    private void RackOnTimeout()
    {
        _rackDeadline = Never;
    }

    /// <summary>RFC 8985 §6.2 step 4: a recovery ended; a widened reordering window decays after 16 of them.</summary>
    private void OnRecoveryEnded()
    {
        if (_reorderWindowPersist > 0 && --_reorderWindowPersist == 0)
        {
            _reorderWindowMultiplier = 1;
        }
    }

    /// <summary>
    /// RFC 8985 §7.2: schedules the probe timeout (PTO = 2 * SRTT, plus WCDelAckT when one segment
    /// is in flight; 1 s before any sample) when data is outstanding, no recovery is in progress
    /// and no probe is outstanding. When the RTO would come first the probe takes its time (as
    /// Linux), so a lone lost segment is probed instead of timing out.
    /// </summary>
    private void ArmTlp(TimeSpan now)
    {
        _tlpDeadline = Never;
        if (!UseScoreboard || _settings.LossDetection != LossDetection.Rack || _sackRecovery || _lossState || _tlpOutstanding
            || SndMax == SndUna || _state is not (TcpState.Established or TcpState.CloseWait or TcpState.FinWait1 or TcpState.Closing or TcpState.LastAck))
        {
            return;
        }

        var pto = _rtt.HasSample ? 2 * _rtt.SmoothedRtt : InitialProbeTimeout;
        if (FlightSize <= EffectiveSendMss)
        {
            pto += WorstCaseDelayedAck;
        }

        _tlpDeadline = Min(now + pto, _retransmitDeadline);
    }

    private void CancelTlp()
    {
        _tlpDeadline = Never;
        _tlpDue = false;
    }

    /// <summary>The PTO expired (RFC 8985 §7.3): a probe goes out at the next output.</summary>
    private void OnTlpTimer(TimeSpan now)
    {
        _tlpDeadline = Never;
        if (!UseScoreboard || _sackRecovery || _lossState || _tlpOutstanding || SndMax == SndUna)
        {
            return;
        }

        // The probe replaces this expiry of the RTO, which restarts from now (RFC 8985 §7.3).
        _tlpDue = true;
        ArmRetransmitTimer(now);
    }

    /// <summary>
    /// RFC 8985 §7.3: the probe is a new segment when the peer's window allows one, else the
    /// highest unSACKed segment sent again; cwnd does not hold it back. The RTO restarts after it.
    /// </summary>
    private bool TryBuildTailLossProbe(TimeSpan now, Span<byte> payloadDestination, out TcpHeader header, out int payloadLength)
    {
        _tlpDue = false;
        header = default;
        payloadLength = 0;
        var unsent = SendDataEnd - SndNxt;
        var peerRoom = (long)SndWnd - (SndNxt - SndUna);
        if ((unsent > 0 || IsFinPending) && peerRoom >= Math.Min(Math.Max(unsent, 1), EffectiveSendMss))
        {
            _tlpForcesNewData = true;
            _tlpOutstanding = true;
            var sent = TryBuildDataSegment(now, payloadDestination, out header, out payloadLength);
            _tlpForcesNewData = false;
            _tlpOutstanding = false;
            if (sent)
            {
                StartTlpEpisode(isRetransmission: false, now);
                return true;
            }
        }

        var index = _scoreboard.FindHighestUnsacked();
        if (index < 0)
        {
            return false;
        }

        var segment = _scoreboard[index];
        header = BuildRetransmission(segment, payloadDestination, out payloadLength, now);
        _scoreboard.OnRetransmitted(index, now);
        StartTlpEpisode(isRetransmission: true, now);
        return true;
    }

    private void StartTlpEpisode(bool isRetransmission, TimeSpan now)
    {
        _counters.TailLossProbes++;
        _tlpOutstanding = true;
        _tlpIsRetransmission = isRetransmission;
        _tlpEnd = SndMax;
        ArmRetransmitTimer(now);
    }

    /// <summary>
    /// RFC 8985 §7.4: an ACK during a probe episode. A D-SACK shows the probe was not needed. An
    /// ACK beyond TLP.end_seq (as Linux: strictly beyond, so that a D-SACK answering the probe
    /// itself can still arrive) ends the episode, and if the probe was a retransmission that no
    /// D-SACK explained (and RACK did not start recovery) it repaired a loss: the congestion
    /// window is reduced as for fast recovery.
    /// </summary>
    private void TlpOnAck(bool dsack, TimeSpan now)
    {
        if (!_tlpOutstanding)
        {
            return;
        }

        if (dsack && _tlpIsRetransmission)
        {
            _tlpOutstanding = false;
            return;
        }

        if (!_tlpIsRetransmission && SndUna >= _tlpEnd)
        {
            _tlpOutstanding = false;
            return;
        }

        if (SndUna <= _tlpEnd)
        {
            return;
        }

        _tlpOutstanding = false;
        if (_tlpIsRetransmission && !_sackRecovery && !_lossState)
        {
            _counters.TailLossProbeRecoveries++;
            ReduceWindowForLoss(now);
        }
    }
}
