using SynAck.Wire;

namespace SynAck.Tcp.Recovery;

/// <summary>The state of one record of the <see cref="SackScoreboard"/>.</summary>
[Flags]
internal enum SegmentFlags : byte
{
    /// <summary>Sent, not SACKed, not lost.</summary>
    None = 0,

    /// <summary>A SACK block covered it (RFC 6675 §3).</summary>
    Sacked = 1,

    /// <summary>Loss detection marked it lost (RFC 6675 IsLost(), RFC 8985 §6.2).</summary>
    Lost = 2,

    /// <summary>Retransmitted, and that retransmission is still counted in flight.</summary>
    Retransmitted = 4,

    /// <summary>Retransmitted at least once (RFC 8985 §6.2 step 2 treats its ACK with care).</summary>
    EverRetransmitted = 8,

    /// <summary>Its last sequence number is the FIN.</summary>
    Fin = 16,
}

/// <summary>
/// One segment sent: its sequence space, its latest transmit time (RACK's xmit_ts), the order of
/// that transmission among all transmissions, and its state.
/// </summary>
/// <remarks>
/// RFC 8985 breaks ties between equal transmit times by sequence number, which misorders a
/// retransmission sent in the same clock tick as new data above it; <see cref="SendOrder"/> says
/// exactly which was sent after which, whatever the clock's granularity.
/// </remarks>
internal readonly record struct Segment(SequenceNumber Start, int Length, TimeSpan SentAt, long SendOrder, SegmentFlags Flags)
{
    /// <summary>The sequence number just after the segment (RACK's end_seq).</summary>
    public SequenceNumber End => Start + Length;

    /// <summary>Payload bytes: the length less the FIN.</summary>
    public int DataLength => Has(SegmentFlags.Fin) ? Length - 1 : Length;

    public bool Has(SegmentFlags flag) => (Flags & flag) != 0;
}

/// <summary>
/// What one ACK delivered (cumulatively or by SACK): the bytes, and the most recently sent
/// delivered segment (RFC 8985 §6.2 step 1-2, RACK_sent_after) with its transmit time.
/// </summary>
internal struct DeliveryBatch
{
    /// <summary>The time the ACK arrived (input).</summary>
    public TimeSpan Now;

    /// <summary>RACK.min_RTT (input): a retransmitted segment delivered sooner than this after its retransmission was delivered by its original.</summary>
    public TimeSpan MinRtt;

    /// <summary>Bytes newly delivered.</summary>
    public long Bytes;

    /// <summary>Whether <see cref="NewestSentAt"/> and <see cref="NewestEnd"/> are set.</summary>
    public bool HasNewest;

    /// <summary>The latest transmit time among delivered segments.</summary>
    public TimeSpan NewestSentAt;

    /// <summary>The end of that segment.</summary>
    public SequenceNumber NewestEnd;

    /// <summary>The transmission order of that segment.</summary>
    public long NewestOrder;

    /// <summary>The lowest end among delivered segments that were never retransmitted (for reordering detection).</summary>
    public SequenceNumber LowestOriginalEnd;

    /// <summary>Whether <see cref="LowestOriginalEnd"/> is set.</summary>
    public bool HasOriginal;

    public void Add(in Segment segment)
    {
        Bytes += segment.Length;
        if (!segment.Has(SegmentFlags.EverRetransmitted) && (!HasOriginal || segment.End < LowestOriginalEnd))
        {
            LowestOriginalEnd = segment.End;
            HasOriginal = true;
        }

        // RFC 8985 §6.2 step 2: a retransmitted segment acknowledged within min_RTT of its
        // retransmission was most likely delivered by its original: it says nothing of timing.
        if (segment.Has(SegmentFlags.EverRetransmitted) && Now - segment.SentAt < MinRtt)
        {
            return;
        }

        if (!HasNewest || segment.SendOrder > NewestOrder)
        {
            HasNewest = true;
            NewestSentAt = segment.SentAt;
            NewestEnd = segment.End;
            NewestOrder = segment.SendOrder;
        }
    }
}
