using SynAck.Wire;

namespace SynAck.Tcp;

// CLOSE and ABORT (RFC 9293 §3.10.4, §3.10.5), half-close, reopening from TIME-WAIT, and
// errors reported by the network layer.
public sealed partial class TcpControlBlock
{
    private TcpError _softError;

    /// <summary>The last soft error the network reported (RFC 9293 §3.9.2.2), kept for the user; it does not end the connection.</summary>
    public TcpError SoftError => _softError;

    /// <summary>
    /// Shuts down sending: CLOSE in RFC 9293 terms ("I have no more data to send", §3.10.4). A FIN
    /// follows the queued data; receiving goes on (half-close). ESTABLISHED enters FIN-WAIT-1,
    /// CLOSE-WAIT enters LAST-ACK; in SYN-RECEIVED the FIN waits for ESTABLISHED; LISTEN and
    /// SYN-SENT simply close. Later calls do nothing (no second FIN).
    /// </summary>
    public void ShutdownSend(TimeSpan now)
    {
        ThrowIfDisposed();
        switch (_state)
        {
            case TcpState.Listen or TcpState.SynSent:
                EnterClosed(TcpCauses.ShutdownSend, now);
                break;
            case TcpState.SynReceived:
                QueueFin();
                break;
            case TcpState.Established:
                QueueFin();
                SetState(TcpState.FinWait1, TcpCauses.ShutdownSend, now);
                break;
            case TcpState.CloseWait:
                QueueFin();
                SetState(TcpState.LastAck, TcpCauses.ShutdownSend, now);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Closes the connection as a socket's close() does: like <see cref="ShutdownSend"/>, and the
    /// user will read no more. Unread received data, or data arriving later, resets the
    /// connection (RFC 9293 SHLD-3, as Linux); FIN-WAIT-2 then lasts at most
    /// <see cref="TcpSettings.FinWait2Timeout"/>.
    /// </summary>
    public void Close(TimeSpan now)
    {
        ThrowIfDisposed();
        switch (_state)
        {
            case TcpState.Closed:
                return;
            case TcpState.Listen or TcpState.SynSent:
                EnterClosed(TcpCauses.Close, now);
                return;
            default:
                break;
        }

        if (_receiveBuffer.Readable > 0 && _state is TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2 or TcpState.CloseWait)
        {
            QueueReset(AcceptableSequence, RcvNxt, withAck: true);
            DiscardReceivedData();
            EnterClosed(TcpCauses.CloseWithUnreadData, now);
            return;
        }

        _closedByUser = true;
        if (_state is TcpState.Established or TcpState.CloseWait or TcpState.SynReceived)
        {
            QueueFin();
            if (_state != TcpState.SynReceived)
            {
                SetState(_state == TcpState.Established ? TcpState.FinWait1 : TcpState.LastAck, TcpCauses.Close, now);
            }
        }

        ArmFinWait2Timer(now);
    }

    /// <summary>
    /// ABORT (RFC 9293 §3.10.5): in SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1/2 and CLOSE-WAIT sends
    /// <c>&lt;SEQ=SND.NXT&gt;&lt;CTL=RST&gt;</c> (with an ACK, as Linux); in every state flushes the
    /// queues and enters CLOSED. The error is <see cref="TcpError.ConnectionAborted"/>.
    /// </summary>
    public void Abort(TimeSpan now)
    {
        ThrowIfDisposed();
        switch (_state)
        {
            case TcpState.Closed:
                return;
            case TcpState.SynReceived or TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2 or TcpState.CloseWait:
                QueueReset(AcceptableSequence, RcvNxt, withAck: true);
                RecordError(TcpError.ConnectionAborted, TcpCauses.Abort, now);
                break;
            case TcpState.SynSent:
                RecordError(TcpError.ConnectionAborted, TcpCauses.Abort, now);
                break;
            default:
                break;
        }

        DiscardReceivedData();
        EnterClosed(TcpCauses.Abort, now);
    }

    /// <summary>
    /// An ISS for a connection reopened from this one's TIME-WAIT, above every sequence number this
    /// incarnation used (RFC 9293 MAY-2 (1)): SND.MAX plus one unscaled maximum window and two, as Linux.
    /// </summary>
    public SequenceNumber ReopenSendSequence => SndMax + (ushort.MaxValue + 2);

    /// <summary>
    /// An ICMP error for this connection (RFC 9293 §3.9.2.2). A hard error, or any error while the
    /// SYN is unanswered, fails the connection with <paramref name="error"/>; a soft one is only kept in <see cref="SoftError"/>.
    /// </summary>
    public void OnNetworkError(TcpError error, bool hard, TimeSpan now)
    {
        ThrowIfDisposed();
        if (error == TcpError.None || _state is TcpState.Closed or TcpState.Listen or TcpState.TimeWait)
        {
            return;
        }

        if (hard || _state == TcpState.SynSent)
        {
            Fail(error, TcpCauses.NetworkError, now);
            return;
        }

        _softError = error;
    }

    private void QueueFin()
    {
        if (!_finQueued)
        {
            _finQueued = true;
            _finSequence = SendDataEnd;
        }
    }

    /// <summary>A FIN queued in SYN-RECEIVED is processed on reaching ESTABLISHED (RFC 9293 §3.10.4).</summary>
    private void ApplyQueuedShutdown(TimeSpan now)
    {
        if (_finQueued && _state == TcpState.Established)
        {
            SetState(TcpState.FinWait1, _closedByUser ? TcpCauses.Close : TcpCauses.ShutdownSend, now);
        }
    }
}
