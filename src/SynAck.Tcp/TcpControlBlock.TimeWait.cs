using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

// SEGMENT ARRIVES in TIME-WAIT, by the rules Linux applies there (tcp_timewait_state_process),
// which agree with RFC 9293 §3.10.7.4 where it speaks and decide where it leaves room.
public sealed partial class TcpControlBlock
{
    /// <summary>
    /// TIME-WAIT: a bare ACK or a RST exactly at RCV.NXT is taken quietly (the ACK restarts the
    /// 2 MSL timer; the RST ends TIME-WAIT unless <see cref="TcpSettings.IgnoreRstInTimeWait"/>);
    /// any other RST is dropped; every other segment (out of the window, in it but not at RCV.NXT,
    /// with text, a FIN again, a SYN, a SYN+ACK) is answered with
    /// &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt; (at most one per
    /// <see cref="TcpSettings.ChallengeAckInterval"/> unless it carries text or a FIN) and dropped. A SYN that may reopen the
    /// 4-tuple (<see cref="CanReopenFromTimeWait"/>) is given to a listener by the stack before it
    /// gets here; without one it is answered like the rest. Neither RFC 5961 nor RFC 793's reset of
    /// an in-window SYN applies: the connection has nothing left to protect or to reset.
    /// </summary>
    private void OnSegmentInTimeWait(in TcpHeader header, SequenceNumber sequence, int length, TimeSpan now)
    {
        var isReset = header.Has(TcpFlags.Rst);

        // RFC 7323 §5.3 R1: an old timestamp marks an old duplicate; it is answered (not a RST).
        var pawsRejected = RejectedByPaws(header, now);
        if (!pawsRejected && sequence == RcvNxt && (length == 0 || isReset))
        {
            if (isReset)
            {
                OnResetInWindow(sequence, now);
                return;
            }

            // RFC 9293 §3.10.7.4: the peer's ACK of our FIN, again; TIME-WAIT starts over.
            UpdateTsRecent(header, now);
            RestartTimeWait(now);
            return;
        }

        _counters.SegmentsDropped++;
        if (isReset)
        {
            return;
        }

        // A SYN without ACK may be a new incarnation's first segment with a random sequence
        // number below RCV.NXT; it does not keep TIME-WAIT alive. Everything else does (fifth check,
        // "restart the 2 MSL timeout").
        if (pawsRejected || header.Has(TcpFlags.Ack))
        {
            RestartTimeWait(now);
        }

        // Linux (tcp_timewait_check_oow_rate_limit): the answer to a segment without text or FIN,
        // or with SYN, counts against the connection's limit on out-of-window ACKs, which
        // challenge ACKs share (tcp_invalid_ratelimit; ChallengeAckInterval), so two stacks whose
        // TIME-WAIT states answer each other cannot loop.
        if ((length == 0 || header.Has(TcpFlags.Syn)) && !TryTakeOutOfWindowAck(now))
        {
            return;
        }

        _ackNow = true;
    }

    private void RestartTimeWait(TimeSpan now) => _timeWaitDeadline = now + (2 * _settings.MaximumSegmentLifetime);
}
