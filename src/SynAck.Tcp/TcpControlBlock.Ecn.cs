using SynAck.Tcp.Congestion;
using SynAck.Wire;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

// Explicit Congestion Notification (RFC 3168 §6.1): negotiation on the SYN and SYN+ACK, ECT(0)
// on new data, CE echoed with ECE until CWR, and one window reduction per window of data for CE
// marks and losses together.
public sealed partial class TcpControlBlock
{
    private bool _ecnRequested;
    private bool _ecnOk;
    private bool _ecnEcho;
    private bool _cwrPending;
    private SequenceNumber _ecnRecoverPoint;
    private EcnCodepoint _segmentEcn;

    /// <summary>Whether ECN was agreed in the handshake (RFC 3168 §6.1.1): data goes out ECT(0) and CE is echoed.</summary>
    public bool EcnEnabled => _ecnOk;

    /// <summary>Whether a CE mark is being echoed: ECE is set on every ACK until the peer's CWR arrives (RFC 3168 §6.1.3).</summary>
    public bool IsEchoingCongestion => _ecnEcho;

    /// <summary>
    /// The ECN codepoint for the IP header of the segment <see cref="TryGetSegment"/> last returned:
    /// ECT(0) on new data of an ECN connection; Not-ECT on SYNs, pure ACKs, window probes, RSTs and
    /// retransmissions (RFC 3168 §6.1.1, §6.1.5, §6.1.6).
    /// </summary>
    public EcnCodepoint LastSegmentEcn { get; private set; }

    /// <summary>
    /// The ECN flags of our SYN: ECE and CWR (an ECN-setup SYN) with <see cref="TcpEcnMode.Request"/>,
    /// dropped when the SYN is retransmitted in case a middlebox drops ECN-setup SYNs (RFC 3168
    /// §6.1.1.1; Linux's tcp_ecn_fallback). A SYN+ACK carries ECE alone when ECN was agreed.
    /// </summary>
    private TcpFlags SynEcnFlags(bool synAck, bool retransmission)
    {
        if (synAck)
        {
            return _ecnOk ? TcpFlags.Ece : TcpFlags.None;
        }

        _ecnRequested = _settings.Ecn == TcpEcnMode.Request && !retransmission;
        return _ecnRequested ? TcpFlags.Ece | TcpFlags.Cwr : TcpFlags.None;
    }

    /// <summary>LISTEN: a SYN with ECE and CWR asks for ECN; we agree unless ECN is off (RFC 3168 §6.1.1).</summary>
    private void AcceptEcnSetupSyn(in TcpHeader syn)
        => _ecnOk = _settings.Ecn != TcpEcnMode.Off && syn.Has(TcpFlags.Ece | TcpFlags.Cwr);

    /// <summary>
    /// SYN-SENT, simultaneous open: the peer's SYN is an ECN-setup SYN (ECE and CWR) and ours was
    /// one too, so ECN is in use and our SYN+ACK carries ECE without CWR (RFC 3168 §6.1.1). As
    /// Linux, an end that did not ask for ECN in its own SYN does not take it up here.
    /// </summary>
    private void AcceptEcnSetupSynInSynSent(in TcpHeader syn)
        => _ecnOk = _ecnRequested && syn.Has(TcpFlags.Ece | TcpFlags.Cwr);

    /// <summary>SYN-SENT: our ECN-setup SYN is answered by a SYN+ACK with ECE and without CWR (RFC 3168 §6.1.1).</summary>
    private void AcceptEcnSetupSynAck(in TcpHeader synAck)
        => _ecnOk = _ecnRequested && (synAck.Flags & (TcpFlags.Ece | TcpFlags.Cwr)) == TcpFlags.Ece;

    /// <summary>
    /// An acceptable segment arrived (RFC 3168 §6.1.3): CWR ends the echo of earlier marks; a CE
    /// mark starts (or continues) it, and the first one is acknowledged at once so the sender hears of it.
    /// </summary>
    private void OnEcnInput(in TcpHeader header)
    {
        if (!_ecnOk)
        {
            return;
        }

        if (header.Has(TcpFlags.Cwr))
        {
            _ecnEcho = false;
        }

        if (_segmentEcn == EcnCodepoint.Ce)
        {
            _counters.CongestionExperiencedReceived++;
            if (!_ecnEcho)
            {
                _ecnEcho = true;
                _ackNow = true;
            }
        }
    }

    /// <summary>
    /// Whether, on an ECN connection, data sent before the last window reduction (for a CE mark or
    /// a loss) is still unacknowledged: a loss found now is in the window that reduction answered,
    /// so it is repaired without a second reduction (RFC 3168 §6.1.2; Linux enters Recovery from
    /// CWR without reducing again). Loss recovery's own recovery points already keep a loss
    /// reduction from being repeated; this adds the ECE reduction.
    /// </summary>
    private bool InWindowReduction => _ecnOk && SndUna < _ecnRecoverPoint;

    /// <summary>
    /// A loss found by SACK recovery or a tail loss probe: the window is reduced (RFC 6675 §5,
    /// RFC 8985 §7.4) unless an ECE already reduced it for this window of data (RFC 3168 §6.1.2).
    /// </summary>
    private void ReduceWindowForLoss(TimeSpan now)
    {
        var reduce = !InWindowReduction;
        if (reduce)
        {
            _congestion.OnCongestionEvent(FlightSize, now);
        }

        OnLossWindowReduction(reduce);
    }

    /// <summary>
    /// Loss recovery or a timeout reduced the window (<paramref name="reduced"/>), or began inside
    /// a window an ECE reduction already answered. RFC 3168 §6.1.2: the window is "reduced only
    /// once in response to a series of dropped and/or CE packets from a single window of data",
    /// so an ECE for data sent up to now is not a new congestion event; and a sender that
    /// "reduces its congestion window for any reason" sets CWR on the first new data after it,
    /// which ends the receiver's echo.
    /// </summary>
    private void OnLossWindowReduction(bool reduced)
    {
        if (!_ecnOk)
        {
            return;
        }

        if (SndMax > _ecnRecoverPoint)
        {
            _ecnRecoverPoint = SndMax;
        }

        if (reduced)
        {
            _cwrPending = true;
        }
    }

    /// <summary>
    /// An ACK with ECE (RFC 3168 §6.1.2): halve the window as for a loss, but at most once per window
    /// of data (not again until data sent after the last reduction, for a CE mark or a loss, is
    /// acknowledged) and not during loss recovery, which has already reduced it; then set CWR on
    /// the next new data segment.
    /// </summary>
    private void OnEcnEcho(in TcpHeader header, TimeSpan now)
    {
        if (!_ecnOk || !header.Has(TcpFlags.Ece) || header.Has(TcpFlags.Syn) || !_everEstablished
            || InFastRecovery || SndUna <= _ecnRecoverPoint)
        {
            return;
        }

        _congestion.OnCongestionEvent(FlightSize, now, CongestionSignal.EcnEcho);
        _ecnRecoverPoint = SndMax;
        _cwrPending = true;
        _counters.EcnReductions++;
    }

    /// <summary>
    /// The per-segment ECN marks: ECE on ACKs while echoing, and for new data ECT(0) and, after a
    /// reduction, CWR (RFC 3168 §6.1.2, §6.1.3). Sets <see cref="LastSegmentEcn"/>.
    /// </summary>
    private TcpFlags ApplyEcn(TcpFlags flags, bool newData)
    {
        LastSegmentEcn = EcnCodepoint.NotEct;
        if (!_ecnOk || (flags & (TcpFlags.Syn | TcpFlags.Rst)) != 0)
        {
            return flags;
        }

        if (_ecnEcho && (flags & TcpFlags.Ack) != 0)
        {
            flags |= TcpFlags.Ece;
        }

        if (newData)
        {
            LastSegmentEcn = EcnCodepoint.Ect0;
            if (_cwrPending)
            {
                _cwrPending = false;
                flags |= TcpFlags.Cwr;
            }
        }

        return flags;
    }
}
