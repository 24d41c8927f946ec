using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

// INTERIM: congestion control and loss recovery call sites. The bodies are placeholders until
// the core-parts components (ICongestionControl, NewReno, FastRecovery) are merged; the call
// sites stay.
public sealed partial class TcpControlBlock
{
    private int _duplicateAcks;
    private bool _retransmitHeadPending;

    /// <summary>The congestion window in bytes (RFC 5681).</summary>
    public int CongestionWindow => int.MaxValue;

    private void InitializeCongestionControl(TimeSpan now) => _ = now;

    private void OnAckAdvanced(SequenceNumber ack, int acknowledged, TimeSpan? rttSample, TimeSpan now)
    {
        _ = (ack, acknowledged, rttSample, now);
        _duplicateAcks = 0;
    }

    private void OnDuplicateAck(TimeSpan now)
    {
        _ = now;
        if (++_duplicateAcks == 3)
        {
            _retransmitHeadPending = true;
        }
    }

    private void OnRetransmissionTimeoutCongestion(TimeSpan now)
    {
        _ = now;
        _duplicateAcks = 0;
    }

    /// <summary>Sends the segment at SND.UNA again without moving SND.NXT (fast retransmit, NewReno partial ACK).</summary>
    private bool TryBuildHeadRetransmission(TimeSpan now, Span<byte> payloadDestination, out TcpHeader header, out int payloadLength)
    {
        _retransmitHeadPending = false;
        header = default;
        payloadLength = 0;
        if (SndUna == SndMax)
        {
            return false;
        }

        var available = Math.Max(0, SendDataEnd - SndUna);
        var length = Math.Min(Math.Min(available, EffectiveSendMss), payloadDestination.Length);
        var fin = _finQueued && SndMax > _finSequence && SndUna + length == _finSequence;
        if (length == 0 && !fin)
        {
            return false;
        }

        if (length > 0)
        {
            _sendBuffer.CopyTo(SndUna - _sendDataStart, payloadDestination[..length]);
        }

        var flags = TcpFlags.Ack;
        if (length > 0 && SndUna + length == SendDataEnd)
        {
            flags |= TcpFlags.Psh;
        }

        if (fin)
        {
            flags |= TcpFlags.Fin;
        }

        header = WithUrgent(NewHeader(SndUna, RcvNxt, flags, WindowToAdvertise()));
        payloadLength = length;
        _counters.FastRetransmits++;
        OnSequenceSent(SndUna, retransmission: true, now);
        CountSent(flags);
        OnAckSent();
        return true;
    }
}
