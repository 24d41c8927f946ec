using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

public sealed partial class TcpControlBlock
{
    private bool _opened;
    private bool _synReceived;
    private bool _simultaneousSynAckSent;
    private SequenceNumber? _issOverride;

    /// <summary>
    /// Active OPEN (RFC 9293 §3.10.1): selects the ISS and enters SYN-SENT. The SYN
    /// <c>&lt;SEQ=ISS&gt;&lt;CTL=SYN&gt;</c> is the next segment <see cref="TryGetSegment"/> returns.
    /// </summary>
    /// <param name="now">The caller's clock (it also feeds the ISN clock, RFC 6528).</param>
    /// <exception cref="InvalidOperationException">The control block was opened before.</exception>
    public void OpenActive(TimeSpan now)
    {
        BeginOpen();
        _passive = false;
        SelectIss(now);
        if (_settings.ConnectTimeout is { } connectTimeout)
        {
            _connectDeadline = now + connectTimeout;
        }

        SetState(TcpState.SynSent, TcpCauses.ActiveOpen, now);
    }

    /// <summary>
    /// Passive OPEN (RFC 9293 §3.10.1): enters LISTEN. The stack creates one control block per
    /// arriving SYN for a listener and gives it the SYN with <see cref="OnSegment"/>.
    /// </summary>
    /// <param name="now">The caller's clock.</param>
    /// <param name="initialSendSequence">
    /// The ISS to use instead of the generator's, for a SYN that reopens a connection from
    /// TIME-WAIT (RFC 9293 MAY-2 (1)): see <see cref="ReopenSendSequence"/>.
    /// </param>
    /// <exception cref="InvalidOperationException">The control block was opened before.</exception>
    public void OpenPassive(TimeSpan now, SequenceNumber? initialSendSequence = null)
    {
        BeginOpen();
        _passive = true;
        _issOverride = initialSendSequence;
        SetState(TcpState.Listen, TcpCauses.PassiveOpen, now);
    }

    private void BeginOpen()
    {
        ThrowIfDisposed();
        if (_opened)
        {
            throw new InvalidOperationException("A control block is opened once; create a new one for a new connection.");
        }

        _opened = true;
        ChooseWindowShift();
        _timestampOffset = _initialSequenceNumbers.GetTimestampOffset(_identity);
    }

    /// <summary>
    /// This connection's receive buffer (SO_RCVBUF); settable before the open only, because the
    /// window scale offered in the SYN is derived from it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection was opened already.</exception>
    public int ReceiveBufferSize
    {
        get => _receiveBuffer.Capacity;
        set
        {
            if (_opened)
            {
                throw new InvalidOperationException("The receive buffer size is set before the connection is opened.");
            }

            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _receiveBuffer.Capacity = value;
        }
    }

    /// <summary>This connection's send buffer (SO_SNDBUF); settable at any time to a size that holds what is queued.</summary>
    public int SendBufferSize
    {
        get => _sendBuffer.Capacity;
        set => _sendBuffer.Capacity = value;
    }

    /// <summary>Selects the ISS (RFC 9293 §3.4.1, RFC 6528) and sets the send sequence variables from it.</summary>
    private void SelectIss(TimeSpan now)
    {
        Iss = _issOverride ?? _initialSequenceNumbers.GetInitialSequenceNumber(_identity, now);
        SndUna = Iss;
        SndNxt = Iss;
        SndMax = Iss;
        SndUp = Iss;
        _shortSegmentEnd = Iss;
        _ecnRecoverPoint = Iss;
        _sendDataStart = Iss + 1;
    }

    /// <summary>Records the peer's SYN: IRS, RCV.NXT, and the window our SYN offered (RFC 9293 §3.10.7.2, §3.10.7.3).</summary>
    private void AcceptPeerSyn(in TcpHeader segment, TimeSpan now)
    {
        Irs = segment.SequenceNumber;
        RcvNxt = Irs + 1;
        RcvUp = RcvNxt;
        _readSequence = RcvNxt;
        _synReceived = true;
        _rcvAdvertisedEdge = RcvNxt + SynWindow();
        ApplyPeerSynOptions(segment.Options, now);
        _lastAckSent = RcvNxt;
    }

    /// <summary>Called once when the connection first reaches ESTABLISHED.</summary>
    private void OnEstablished(TimeSpan now)
    {
        if (_counters.SegmentsRetransmitted > 0)
        {
            // RFC 6298 §5.7: after a SYN or SYN+ACK timed out, data starts with an RTO of at least 3 s.
            _rtt.ApplySynTimeoutFallback();
        }

        InitializeCongestionControl(now);
        _keepAliveIdleSince = now;
        _rcvMss = Math.Min(AdvertisedMss, EffectiveSendMss);
        if (_passive)
        {
            RoundReceiveBufferToWholeSegments();
        }
    }
}
