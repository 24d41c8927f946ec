using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

// Reset generation for segments that match no connection, and rate-limited challenge ACKs.
public sealed partial class TcpControlBlock
{
    private TimeSpan _lastChallengeAck = TimeSpan.MinValue;

    /// <summary>
    /// The RST RFC 9293 §3.10.7.1 prescribes for a segment that belongs to no connection: with
    /// ACK, <c>&lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt;</c>; without, <c>&lt;SEQ=0&gt;&lt;ACK=SEG.SEQ+SEG.LEN&gt;&lt;CTL=RST,ACK&gt;</c>.
    /// A RST is never answered (returns false). Ports are swapped; the window is 0.
    /// </summary>
    /// <param name="incoming">The segment's header.</param>
    /// <param name="payloadLength">The segment's data length (SEG.LEN also counts SYN and FIN).</param>
    /// <param name="reset">The RST to send.</param>
    public static bool TryCreateResetForUnknownSegment(in TcpHeader incoming, int payloadLength, out TcpHeader reset)
    {
        if (incoming.Has(TcpFlags.Rst))
        {
            reset = default;
            return false;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        reset = incoming.Has(TcpFlags.Ack)
            ? new TcpHeader
            {
                SourcePort = incoming.DestinationPort,
                DestinationPort = incoming.SourcePort,
                SequenceNumber = incoming.AcknowledgmentNumber,
                Flags = TcpFlags.Rst,
            }
            : new TcpHeader
            {
                SourcePort = incoming.DestinationPort,
                DestinationPort = incoming.SourcePort,
                SequenceNumber = default,
                AcknowledgmentNumber = incoming.SequenceNumber + SegmentLength(incoming, payloadLength),
                Flags = TcpFlags.Rst | TcpFlags.Ack,
            };
        return true;
    }

    /// <summary>
    /// A challenge ACK &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt; (RFC 5961 §3-5), at most one per
    /// <see cref="TcpSettings.ChallengeAckInterval"/> (RFC 5961 §7; Linux's per-socket limit).
    /// </summary>
    private void SendChallengeAck(TimeSpan now)
    {
        if (!TryTakeOutOfWindowAck(now))
        {
            _counters.ChallengeAcksSuppressed++;
            return;
        }

        _counters.ChallengeAcksSent++;
        _ackNow = true;
    }

    /// <summary>
    /// The per-connection limit that challenge ACKs and TIME-WAIT's answers share (RFC 5961 §7;
    /// Linux's tcp_invalid_ratelimit): true, and the time taken, when at least
    /// <see cref="TcpSettings.ChallengeAckInterval"/> has passed since the last one (or the limit is off).
    /// </summary>
    private bool TryTakeOutOfWindowAck(TimeSpan now)
    {
        var interval = _settings.ChallengeAckInterval;
        if (interval > TimeSpan.Zero && _lastChallengeAck != TimeSpan.MinValue && now - _lastChallengeAck < interval)
        {
            return false;
        }

        _lastChallengeAck = now;
        return true;
    }
}
