using SynAck.Tcp.Recovery;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

// SACK-based loss recovery (RFC 6675) over the scoreboard, used whenever SACK was negotiated;
// loss is detected by RACK (TcpControlBlock.Rack.cs) or by RFC 6675's DupThresh rule. Without
// SACK the NewReno path of TcpControlBlock.Congestion.cs runs instead.
public sealed partial class TcpControlBlock
{
    private readonly SackScoreboard _scoreboard = new();
    private bool _sackRecovery;
    private bool _lossState;
    private bool _rescueSent;
    private bool _retransmitFirstLost;
    private int _sackDuplicateAcks;
    private SequenceNumber _sackRecoveryPoint;

    /// <summary>Whether the sender keeps the SACK scoreboard: SACK was negotiated and the connection is synchronized.</summary>
    private bool UseScoreboard => SackEnabled && _everEstablished;

    /// <summary>RFC 6675 §4 pipe: the bytes the sender estimates are still in the network.</summary>
    public long Pipe => UseScoreboard ? _scoreboard.Pipe : FlightSize;

    /// <summary>Bytes the peer reported with SACK above SND.UNA.</summary>
    public long SackedBytes => _scoreboard.SackedBytes;

    /// <summary>Bytes currently marked lost by loss detection and not SACKed since.</summary>
    public long LostBytes => _scoreboard.LostBytes;

    /// <summary>
    /// The ACK part of SACK processing (RFC 6675 §5): the scoreboard follows SND.UNA and the SACK
    /// blocks, D-SACK is recognised, loss detection runs, and recovery starts or ends.
    /// </summary>
    private void OnSackAcknowledgment(in TcpHeader header, SequenceNumber previousUna, bool duplicate, TimeSpan now)
    {
        var delivery = new DeliveryBatch { Now = now, MinRtt = _rtt.HasSample ? _rtt.MinRtt : TimeSpan.Zero };
        var ack = header.AcknowledgmentNumber;
        if (ack > previousUna)
        {
            _scoreboard.OnCumulativeAck(ack, ref delivery);
            _sackDuplicateAcks = 0;
        }
        else if (duplicate)
        {
            _sackDuplicateAcks++;
        }

        var blocks = header.Options.SackBlocks;
        var dsack = false;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (i == 0 && IsDuplicateSack(block, blocks, ack))
            {
                // RFC 2883 §4: the first block reports data received twice: a retransmission
                // that was not needed (RFC 3708 counts them; RACK widens its window on them).
                dsack = true;
                _counters.SpuriousRetransmissions++;
                continue;
            }

            // RFC 6675 §4 Update(): only blocks inside what is outstanding are believed.
            if (block.Left < block.Right && block.Left >= SndUna && block.Right <= SndMax)
            {
                _scoreboard.ApplySack(block, ref delivery);
            }
        }

        if (_sackRecovery || _lossState)
        {
            if (SndUna >= _sackRecoveryPoint)
            {
                // RFC 6675 §5 step (B): an ACK at or above RecoveryPoint ends recovery.
                _sackRecovery = false;
                _lossState = false;
                _rescueSent = false;
                OnRecoveryEnded();
            }
        }

        var lost = _settings.LossDetection == LossDetection.Rack
            ? RackOnAck(ref delivery, dsack, now)
            : MarkLostByDuplicateAcks();
        if (lost > 0)
        {
            EnterSackRecovery(now);
        }

        TlpOnAck(dsack, now);
        ArmTlp(now);
    }

    /// <summary>
    /// RFC 2883 §4: the first block is a D-SACK block when it lies below SEG.ACK, or inside the
    /// second block.
    /// </summary>
    private static bool IsDuplicateSack(SackBlock first, SackBlockList blocks, SequenceNumber ack)
    {
        if (first.Right <= ack)
        {
            return true;
        }

        return blocks.Count > 1 && first.Left >= blocks[1].Left && first.Right <= blocks[1].Right;
    }

    /// <summary>
    /// RFC 6675 §5: a loss is declared when IsLost(HighACK + 1) holds, DupThresh SACKed segments
    /// (or (DupThresh - 1) * SMSS SACKed bytes) above a hole, or after DupThresh duplicate ACKs.
    /// </summary>
    private int MarkLostByDuplicateAcks()
    {
        var threshold = _settings.DuplicateAckThreshold;
        var marked = _scoreboard.MarkLostByDuplicateThreshold(threshold, EffectiveSendMss);
        if (_sackDuplicateAcks == threshold && _scoreboard.Count > 0 && !_scoreboard[0].Has(SegmentFlags.Lost) && _scoreboard.MarkLost(0))
        {
            marked++;
        }

        return marked;
    }

    /// <summary>
    /// RFC 6675 §5 steps (1)-(3): on the first loss since SND.UNA passed the last RecoveryPoint,
    /// RecoveryPoint = HighData and the congestion window is reduced once (ssthresh = cwnd =
    /// max(FlightSize / 2, 2 * SMSS) with NewReno), unless an ECE already reduced it for this
    /// window (RFC 3168 §6.1.2). Losses found later in the same episode, or while repairing after
    /// a timeout, are only retransmitted.
    /// </summary>
    private void EnterSackRecovery(TimeSpan now)
    {
        if (_sackRecovery || _lossState || SndUna < _sackRecoveryPoint)
        {
            return;
        }

        _sackRecovery = true;
        _rescueSent = false;
        _sackRecoveryPoint = SndMax;
        _counters.FastRetransmits++;
        ReduceWindowForLoss(now);
        CancelTlp();

        // RFC 6675 §5 step (4.3): the first segment presumed lost goes at once, whatever pipe is.
        _retransmitFirstLost = true;
    }

    /// <summary>
    /// RFC 6675 §5.1 after a retransmission timeout: RecoveryPoint = HighData and everything not
    /// SACKed is lost and sent again as the (one-segment) window allows. SACK information is kept
    /// (RFC 6675 §5.1 allows it) unless the ACK at SND.UNA points at a SACKed segment: then the
    /// receiver reneged (RFC 2018 §8) and every SACK mark is dropped.
    /// </summary>
    private void OnSackRetransmissionTimeout()
    {
        if (_scoreboard.Count > 0 && _scoreboard[0].Has(SegmentFlags.Sacked))
        {
            _scoreboard.ClearSacked();
        }

        _scoreboard.MarkAllLost();
        _sackRecovery = false;
        _lossState = true;
        _rescueSent = false;
        _sackRecoveryPoint = SndMax;
        RackOnTimeout();
        CancelTlp();
    }

    /// <summary>
    /// RFC 6675 §5 step (C), NextSeg() and the pipe rule: while cwnd - pipe allows a segment, send
    /// the lowest segment marked lost (rule 1); new data comes next (rule 2, in
    /// <see cref="TryBuildDataSegment"/>); with no new data to send the rescue retransmission of
    /// rule 4 goes once per recovery (duplicate-ACK detection only; RACK has its tail loss probe).
    /// </summary>
    private bool TryBuildScoreboardRetransmission(TimeSpan now, Span<byte> payloadDestination, out TcpHeader header, out int payloadLength)
    {
        header = default;
        payloadLength = 0;
        var index = _scoreboard.FindLostToRetransmit();
        var rescue = false;
        if (index < 0)
        {
            if (!_sackRecovery || _rescueSent || _settings.LossDetection != LossDetection.DuplicateAck || SendDataEnd > SndNxt)
            {
                return false;
            }

            index = _scoreboard.FindHighestUnsacked();
            if (index < 0 || _scoreboard[index].Start >= _sackRecoveryPoint || _scoreboard[index].Has(SegmentFlags.Retransmitted))
            {
                return false;
            }

            rescue = true;
        }

        var segment = _scoreboard[index];
        if (!_retransmitFirstLost && _congestion.CongestionWindow - _scoreboard.Pipe < Math.Min(segment.Length, EffectiveSendMss))
        {
            return false;
        }

        _retransmitFirstLost = false;

        if (rescue)
        {
            // RFC 6675 NextSeg() rule 4: RescueRxt = RecoveryPoint, once per recovery.
            _rescueSent = true;
        }

        header = BuildRetransmission(segment, payloadDestination, out payloadLength, now);
        _scoreboard.OnRetransmitted(index, now);
        _counters.SackRetransmits++;
        return true;
    }

    /// <summary>Sends a scoreboard segment again: its bytes from the send buffer, FIN if it carried one, SACK blocks when they fit.</summary>
    private TcpHeader BuildRetransmission(in Segment segment, Span<byte> payloadDestination, out int payloadLength, TimeSpan now)
    {
        var length = Math.Min(segment.DataLength, payloadDestination.Length);
        if (length > 0)
        {
            _sendBuffer.CopyTo(segment.Start - _sendDataStart, payloadDestination[..length]);
        }

        var flags = TcpFlags.Ack;
        if (length > 0 && segment.Start + length == SendDataEnd)
        {
            flags |= TcpFlags.Psh;
        }

        if (segment.Has(SegmentFlags.Fin))
        {
            flags |= TcpFlags.Fin;
        }

        var header = WithUrgent(NewHeader(segment.Start, RcvNxt, flags, WindowToAdvertise()));
        if (length <= SegmentCapacity)
        {
            header = WithSackBlocks(header);
        }

        payloadLength = length;
        OnSendingData(length, newData: false, now);
        OnSequenceSent(segment.Start, retransmission: true, now);
        CountSent(flags);
        OnAckSent();
        return header;
    }
}
