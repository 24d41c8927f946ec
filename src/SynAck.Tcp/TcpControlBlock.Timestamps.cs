using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

// The timestamps option once both SYNs carried it (RFC 7323): TSval and TSecr on every segment
// (§3.2), TS.Recent and Last.ACK.sent (§4.3), RTT samples from TSecr (§4.2), PAWS (§5.3, §5.5),
// and the TIME-WAIT reopening test of RFC 6191.
public sealed partial class TcpControlBlock
{
    /// <summary>NOP, NOP and the 10-byte option, as Linux and FreeBSD put it on every segment.</summary>
    private const int TimestampOptionLength = 12;

    /// <summary>RFC 7323 §5.5: a TS.Recent older than 24 days may be from before the peer's clock wrapped.</summary>
    private static readonly TimeSpan TsRecentLifetime = TimeSpan.FromDays(24);

    private bool _timestampsOk;
    private uint _timestampOffset;
    private uint _tsRecent;
    private TimeSpan _tsRecentTime;
    private SequenceNumber _lastAckSent;
    private TcpTimestampOption? _segmentTimestamps;

    /// <summary>Whether both SYNs carried the timestamps option, so every segment carries it (RFC 7323 §3.2, Snd.TS.OK).</summary>
    public bool TimestampsEnabled => _timestampsOk;

    /// <summary>TS.Recent (RFC 7323 §4.3): the peer's TSval we echo in TSecr.</summary>
    public uint TsRecent => _tsRecent;

    /// <summary>Last.ACK.sent (RFC 7323 §4.3): the ACK field of the last segment we sent.</summary>
    public SequenceNumber LastAckSent => _lastAckSent;

    /// <summary>
    /// Our timestamp clock at <paramref name="now"/>: one tick per millisecond (RFC 7323 §5.4 asks
    /// for 1 ms to 1 s) plus the connection's offset, so TSval does not reveal the caller's clock.
    /// </summary>
    public uint TimestampClock(TimeSpan now) => unchecked((uint)(now.Ticks / TimeSpan.TicksPerMillisecond) + _timestampOffset);

    /// <summary>
    /// Whether <paramref name="syn"/>, arriving for this connection in TIME-WAIT, may open a new
    /// incarnation of the 4-tuple. RFC 6191 §2: when this incarnation used timestamps and the SYN
    /// carries one too (so the new one will), a TSval above TS.Recent (or equal, with a sequence
    /// number above RCV.NXT) is enough; otherwise the SYN's sequence number must be above the old
    /// RCV.NXT (RFC 9293 MAY-2). The stack then drops this control block and opens a passive one
    /// with <see cref="ReopenSendSequence"/>, giving it the SYN.
    /// </summary>
    public bool CanReopenFromTimeWait(in TcpHeader syn)
    {
        if (_state != TcpState.TimeWait || (syn.Flags & (TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Rst | TcpFlags.Fin)) != TcpFlags.Syn)
        {
            return false;
        }

        if (_timestampsOk && _settings.Timestamps && syn.Options.Timestamps is { } timestamps)
        {
            var difference = unchecked((int)(timestamps.Value - _tsRecent));
            return difference > 0 || (difference == 0 && syn.SequenceNumber > RcvNxt);
        }

        return syn.SequenceNumber > RcvNxt;
    }

    /// <summary>
    /// PAWS (RFC 7323 §5.3 R1): a segment whose TSval is older than TS.Recent is a duplicate from
    /// long ago; it is dropped and, unless it is a RST, answered with an ACK. A RST's timestamp is
    /// never checked (§3.2). A TS.Recent idle for more than 24 days is no longer trusted (§5.5).
    /// </summary>
    private bool RejectedByPaws(in TcpHeader header, TimeSpan now)
    {
        if (!_timestampsOk || header.Has(TcpFlags.Rst) || header.Options.Timestamps is not { } timestamps)
        {
            return false;
        }

        if (unchecked((int)(timestamps.Value - _tsRecent)) >= 0 || now - _tsRecentTime > TsRecentLifetime)
        {
            return false;
        }

        _counters.SegmentsDropped++;
        _counters.PawsRejected++;
        _ackNow = true;
        return true;
    }

    /// <summary>
    /// RFC 7323 §5.3 R3 (and §4.3): an acceptable segment with SEG.SEQ =&lt; Last.ACK.sent updates
    /// TS.Recent, so TSecr echoes the earliest unacknowledged segment when ACKs are delayed and the
    /// last in-order one after a gap, never one beyond a hole.
    /// </summary>
    private void UpdateTsRecent(in TcpHeader header, TimeSpan now)
    {
        if (!_timestampsOk || header.Options.Timestamps is not { } timestamps || header.SequenceNumber > _lastAckSent)
        {
            return;
        }

        if (unchecked((int)(timestamps.Value - _tsRecent)) >= 0 || now - _tsRecentTime > TsRecentLifetime)
        {
            SetTsRecent(timestamps.Value, now);
        }
    }

    private void SetTsRecent(uint value, TimeSpan now)
    {
        _tsRecent = value;
        _tsRecentTime = now;
    }

    /// <summary>
    /// RTTM (RFC 7323 §4.2): an ACK that advances SND.UNA and echoes a TSecr gives the RTT as our
    /// clock less TSecr. It is unambiguous even for a retransmitted segment (the echo is of the
    /// transmission that was answered), so Karn's rule does not apply. A TSecr of 0 or from the
    /// future is ignored, as Linux does.
    /// </summary>
    private bool TryGetTimestampRttSample(TimeSpan now, out TimeSpan sample)
    {
        sample = default;
        if (!_timestampsOk || _segmentTimestamps is not { EchoReply: not 0 } timestamps)
        {
            return false;
        }

        var milliseconds = unchecked((int)(TimestampClock(now) - timestamps.EchoReply));
        if (milliseconds < 0 || milliseconds > _settings.MaximumRetransmissionTimeout.TotalMilliseconds)
        {
            return false;
        }

        sample = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    /// <summary>Adds TSval (our clock) and TSecr (TS.Recent) to a non-SYN segment once timestamps are agreed (RFC 7323 §3.2), RSTs included (as Linux).</summary>
    private TcpOptions WithTimestamps(in TcpOptions options, TimeSpan now)
        => _timestampsOk ? options with { Timestamps = new TcpTimestampOption(TimestampClock(now), _tsRecent) } : options;
}
