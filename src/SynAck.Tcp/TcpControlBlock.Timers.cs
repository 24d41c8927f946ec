namespace SynAck.Tcp;

// Timeouts (RFC 9293 §3.10.8): retransmission (RFC 6298) with R1/R2 and the user timeout,
// delayed ACK, zero-window probing (persist), keep-alive, TIME-WAIT and FIN-WAIT-2.
public sealed partial class TcpControlBlock
{
    private TimeSpan _retransmitDeadline;
    private TimeSpan _delayedAckDeadline;
    private TimeSpan _persistDeadline;
    private TimeSpan _timeWaitDeadline;
    private TimeSpan _finWait2Deadline;
    private TimeSpan _connectDeadline;
    private TimeSpan _keepAliveIdleSince;
    private TimeSpan _lastKeepAliveProbe;
    private int _keepAliveProbesOut;
    private int _persistBackoff;

    /// <summary>
    /// Runs every timer that is due at <paramref name="now"/>. The stack calls it at
    /// <see cref="NextDeadline"/> (calling it early or late is harmless), then drains segments
    /// and events.
    /// </summary>
    public void OnTimer(TimeSpan now)
    {
        ThrowIfDisposed();
        if (_timeWaitDeadline <= now)
        {
            // TIME-WAIT TIMEOUT: delete the TCB, enter CLOSED.
            _timeWaitDeadline = Never;
            EnterClosed(TcpCauses.TimeWaitExpired, now);
            return;
        }

        if (_finWait2Deadline <= now)
        {
            _finWait2Deadline = Never;
            if (_state == TcpState.FinWait2)
            {
                // Linux (tcp_fin_timeout): an orphaned FIN-WAIT-2 connection is reset and dropped.
                QueueReset(AcceptableSequence, RcvNxt, withAck: true);
                EnterClosed(TcpCauses.FinWait2Timeout, now);
                return;
            }
        }

        if (_connectDeadline <= now)
        {
            _connectDeadline = Never;
            if (_state is TcpState.SynSent or TcpState.SynReceived)
            {
                Fail(TcpError.TimedOut, TcpCauses.ConnectTimeout, now);
                return;
            }
        }

        if (_tlpDeadline <= now)
        {
            OnTlpTimer(now);
        }

        if (_retransmitDeadline <= now)
        {
            OnRetransmissionTimeout(now);
            if (_state == TcpState.Closed)
            {
                return;
            }
        }

        if (_rackDeadline <= now)
        {
            OnRackTimer(now);
        }

        if (_delayedAckDeadline <= now)
        {
            _delayedAckDeadline = Never;
            _ackNow = true;
        }

        if (_persistDeadline <= now)
        {
            OnPersistTimeout(now);
            if (_state == TcpState.Closed)
            {
                return;
            }
        }

        if (KeepAliveDeadline <= now)
        {
            OnKeepAliveTimeout(now);
        }
    }

    /// <summary>The current retransmission timeout, backoff included (RFC 6298).</summary>
    public TimeSpan RetransmissionTimeout => CurrentRto;

    /// <summary>Consecutive retransmission timeouts of the segment at SND.UNA.</summary>
    public int RetransmissionCount => _retransmitCount;

    private void ResetTimers()
    {
        _retransmitDeadline = Never;
        _delayedAckDeadline = Never;
        _persistDeadline = Never;
        _timeWaitDeadline = Never;
        _finWait2Deadline = Never;
        _connectDeadline = Never;
        _rackDeadline = Never;
        _tlpDeadline = Never;
    }

    private bool IsKeepAliveState => _state is TcpState.Established or TcpState.CloseWait or TcpState.FinWait1 or TcpState.FinWait2 or TcpState.Closing or TcpState.LastAck;

    /// <summary>When the next keep-alive probe is due: idle time after the last segment received, then the probe interval.</summary>
    private TimeSpan KeepAliveDeadline => !KeepAlive || !_everEstablished || !IsKeepAliveState
        ? Never
        : _keepAliveProbesOut == 0 ? _keepAliveIdleSince + _settings.KeepAliveTime : _lastKeepAliveProbe + _settings.KeepAliveInterval;

    /// <summary>
    /// RETRANSMISSION TIMEOUT (RFC 9293 §3.10.8, RFC 6298 §5.4-5.6): fail once R2 (or the SYN
    /// limits, or the user timeout) is reached; otherwise back off the RTO, tell congestion control,
    /// and send again from SND.UNA.
    /// </summary>
    private void OnRetransmissionTimeout(TimeSpan now)
    {
        _retransmitDeadline = Never;
        if (SndUna == SndMax)
        {
            return;
        }

        var limit = _state switch
        {
            TcpState.SynSent => _settings.SynRetries,
            TcpState.SynReceived => _settings.SynAckRetries,
            _ => Retries2,
        };

        if (UserTimeout is { } userTimeout && _unackedSince != Never && now - _unackedSince >= userTimeout)
        {
            Fail(TcpError.TimedOut, TcpCauses.UserTimeout, now);
            return;
        }

        if (_retransmitCount >= limit)
        {
            Fail(TcpError.TimedOut, TcpCauses.RetransmissionLimit, now);
            return;
        }

        _retransmitCount++;
        _counters.RetransmissionTimeouts++;
        if (_retransmitCount == _settings.Retries1)
        {
            // RFC 9293 §3.8.3 (b), (e): R1 reached; tell the user (and, through the stack, IP).
            Raise(TcpEventKind.RetransmissionThreshold, now);
        }

        BackOffRto();
        if (_state is not (TcpState.SynSent or TcpState.SynReceived))
        {
            OnRetransmissionTimeoutCongestion(now);
        }

        // Go back to SND.UNA: the oldest unacknowledged segment is sent again, then the rest as the
        // (now one-segment) congestion window allows. Karn: no RTT sample from what follows.
        if (!UseScoreboard || _state is TcpState.SynSent or TcpState.SynReceived)
        {
            SndNxt = SndUna;
        }

        _rttTiming = false;
        _retransmitHeadPending = false;
        ArmRetransmitTimer(now);
    }

    /// <summary>
    /// Zero-window probing (RFC 9293 §3.8.6.1): with nothing in flight and data that the window
    /// keeps back, probe after an RTO and then at exponentially growing intervals (SHLD-29, SHLD-30).
    /// When the window is open but too small to pass sender SWS avoidance, the same timer is the
    /// override timeout of §3.8.6.2.1 (4).
    /// </summary>
    private void UpdatePersistTimer(TimeSpan now)
    {
        var pending = SendDataEnd > SndNxt || IsFinPending;
        var active = _state is TcpState.Established or TcpState.CloseWait or TcpState.FinWait1 or TcpState.Closing or TcpState.LastAck;
        if (!active || !pending || SndMax != SndUna)
        {
            _persistDeadline = Never;
            _persistBackoff = 0;
            return;
        }

        if (_persistDeadline == Never && _retransmitDeadline == Never)
        {
            var interval = CurrentRto * Math.Pow(2, Math.Min(_persistBackoff, 30));
            _persistDeadline = now + Min(interval, _settings.MaximumRetransmissionTimeout);
        }
    }

    private void OnPersistTimeout(TimeSpan now)
    {
        _persistDeadline = Never;
        if (SndMax != SndUna || !(SendDataEnd > SndNxt || IsFinPending))
        {
            return;
        }

        if (SndWnd > 0)
        {
            // SWS override: send what the window allows.
            _forceSend = true;
            return;
        }

        if (_probesOut >= Retries2)
        {
            Fail(TcpError.TimedOut, TcpCauses.ProbeLimit, now);
            return;
        }

        _probesOut++;
        _persistBackoff++;
        _probePending = true;
        _counters.ZeroWindowProbesSent++;
    }

    /// <summary>Any acceptable segment shows the peer is alive: restart keep-alive idle time.</summary>
    private void NoteSegmentReceived(TimeSpan now)
    {
        _keepAliveIdleSince = now;
        _keepAliveProbesOut = 0;
    }

    /// <summary>
    /// Keep-alive (RFC 9293 §3.8.4): only when nothing is outstanding or queued (MUST-26); one
    /// unanswered probe is not a dead connection (MUST-29), <see cref="TcpSettings.KeepAliveProbes"/> are.
    /// </summary>
    private void OnKeepAliveTimeout(TimeSpan now)
    {
        if (SndMax != SndUna || SendDataEnd > SndNxt || IsFinPending)
        {
            // Not idle: the retransmission and persist timers watch the peer; look again later.
            _keepAliveIdleSince = now;
            _keepAliveProbesOut = 0;
            return;
        }

        if (_keepAliveProbesOut >= _settings.KeepAliveProbes)
        {
            // As Linux: the connection is reset and fails with a timeout.
            QueueReset(AcceptableSequence, RcvNxt, withAck: true);
            Fail(TcpError.TimedOut, TcpCauses.KeepAliveTimeout, now);
            return;
        }

        _keepAliveProbesOut++;
        _lastKeepAliveProbe = now;
        _probePending = true;
        _counters.KeepAliveProbesSent++;
    }

    /// <summary>After the user closed, FIN-WAIT-2 waits at most <see cref="TcpSettings.FinWait2Timeout"/> for the peer's FIN.</summary>
    private void ArmFinWait2Timer(TimeSpan now)
    {
        if (_closedByUser && _state == TcpState.FinWait2 && _finWait2Deadline == Never)
        {
            _finWait2Deadline = now + _settings.FinWait2Timeout;
        }
    }
}
