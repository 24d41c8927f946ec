using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Recovery;

/// <summary>
/// The sender's retransmission queue with the SACK scoreboard of RFC 6675 §3 and the
/// per-segment transmit times RACK needs (RFC 8985 §5.2): one record per segment sent, in
/// sequence order, each SACKed, lost and retransmitted flag kept with it.
/// </summary>
/// <remarks>
/// <para>
/// Records live in a ring that grows by doubling (amortised: nothing is allocated per segment in
/// steady state). A SACK block finds its first record by binary search, so processing an ACK
/// costs O(log n) plus the records whose state it changes. The byte counts behind pipe
/// (RFC 6675 §4 SetPipe) are kept up to date as flags change, so pipe is O(1):
/// pipe = outstanding - SACKed - lost + retransmitted-and-still-in-flight (as Linux counts it).
/// </para>
/// <para>
/// A record covers sequence space, so a FIN counts one. A record is SACKed only when a block
/// covers it whole (a receiver SACKs what it got, which is whole segments).
/// </para>
/// </remarks>
internal sealed partial class SackScoreboard
{
    private Segment[] _segments = [];
    private int _head;
    private int _count;
    private int _lostCursor;
    private long _sendOrder;

    /// <summary>Records held: segments sent and not yet cumulatively acknowledged.</summary>
    public int Count => _count;

    /// <summary>Bytes (sequence space) sent and not yet cumulatively acknowledged.</summary>
    public long OutstandingBytes { get; private set; }

    /// <summary>Bytes the peer has SACKed above SND.UNA.</summary>
    public long SackedBytes { get; private set; }

    /// <summary>Bytes marked lost (retransmitted or not) and not SACKed since.</summary>
    public long LostBytes { get; private set; }

    /// <summary>Bytes retransmitted and neither acknowledged, SACKed nor marked lost again.</summary>
    public long RetransmittedBytes { get; private set; }

    /// <summary>SACKed records.</summary>
    public int SackedSegments { get; private set; }

    /// <summary>
    /// RFC 6675 §4 SetPipe(): the sender's estimate of the bytes still in the network: each
    /// unSACKed byte not marked lost, and each retransmitted byte once more.
    /// </summary>
    public long Pipe => OutstandingBytes - SackedBytes - LostBytes + RetransmittedBytes;

    /// <summary>The end of the highest SACKed record (RFC 6675 HighSACK + 1); meaningful when <see cref="SackedSegments"/> is positive.</summary>
    public SequenceNumber HighSacked { get; private set; }

    /// <summary>Whether any record is marked lost and waits for its retransmission (RFC 6675 NextSeg() rule 1 has work).</summary>
    public bool HasLostToRetransmit => FindLostToRetransmit() >= 0;

    /// <summary>The record at <paramref name="index"/> (0 is the oldest, at SND.UNA).</summary>
    public Segment this[int index] => _segments[Slot(index)];

    /// <summary>Forgets every record (the connection is gone or SACK is off).</summary>
    public void Clear()
    {
        _head = 0;
        _count = 0;
        _lostCursor = 0;
        OutstandingBytes = SackedBytes = LostBytes = RetransmittedBytes = 0;
        SackedSegments = 0;
    }

    /// <summary>Records a first transmission of <c>[start, start + length)</c> at <paramref name="now"/>.</summary>
    public void Append(SequenceNumber start, int length, bool fin, TimeSpan now)
    {
        if (length <= 0)
        {
            return;
        }

        if (_count == _segments.Length)
        {
            Grow();
        }

        _segments[Slot(_count)] = new Segment(start, length, now, ++_sendOrder, fin ? SegmentFlags.Fin : SegmentFlags.None);
        _count++;
        OutstandingBytes += length;
    }

    /// <summary>
    /// SND.UNA moved to <paramref name="ack"/>: drops the records it covers (a record it only
    /// partly covers is trimmed) and reports what was delivered into <paramref name="delivery"/>.
    /// </summary>
    public void OnCumulativeAck(SequenceNumber ack, ref DeliveryBatch delivery)
    {
        while (_count > 0)
        {
            ref var segment = ref _segments[_head];
            if (segment.End <= ack)
            {
                if (!segment.Has(SegmentFlags.Sacked))
                {
                    delivery.Add(segment);
                }

                Uncount(segment);
                OutstandingBytes -= segment.Length;
                _head = (_head + 1) % _segments.Length;
                _count--;
                _lostCursor = Math.Max(0, _lostCursor - 1);
                continue;
            }

            if (segment.Start < ack)
            {
                var trimmed = ack - segment.Start;
                Uncount(segment);
                OutstandingBytes -= trimmed;
                segment = segment with { Start = ack, Length = segment.Length - trimmed };
                Recount(segment);
            }

            break;
        }
    }

    /// <summary>
    /// Marks every record that <paramref name="block"/> covers whole as SACKed (RFC 6675 §4
    /// Update()), reporting newly SACKed records into <paramref name="delivery"/>. Blocks outside
    /// [SND.UNA, SND.MAX] must be filtered by the caller.
    /// </summary>
    public void ApplySack(SackBlock block, ref DeliveryBatch delivery)
    {
        var index = FirstEndingAfter(block.Left);
        for (; index < _count; index++)
        {
            ref var segment = ref _segments[Slot(index)];
            if (segment.Start >= block.Right)
            {
                break;
            }

            if (segment.Has(SegmentFlags.Sacked) || segment.Start < block.Left || segment.End > block.Right)
            {
                continue;
            }

            delivery.Add(segment);
            Uncount(segment);
            segment = segment with { Flags = (segment.Flags | SegmentFlags.Sacked) & ~(SegmentFlags.Lost | SegmentFlags.Retransmitted) };
            Recount(segment);
            if (SackedSegments == 1 || segment.End > HighSacked)
            {
                HighSacked = segment.End;
            }
        }
    }

    /// <summary>
    /// RFC 2018 §8, RFC 6675 §5.1: the receiver may have reneged (discarded SACKed data); forget
    /// every SACK mark so the data is sent again.
    /// </summary>
    public void ClearSacked()
    {
        for (var i = 0; i < _count; i++)
        {
            ref var segment = ref _segments[Slot(i)];
            if (segment.Has(SegmentFlags.Sacked))
            {
                Uncount(segment);
                segment = segment with { Flags = segment.Flags & ~SegmentFlags.Sacked };
                Recount(segment);
            }
        }
    }

    /// <summary>Marks the record at <paramref name="index"/> lost unless it is SACKed; returns whether it changed.</summary>
    /// <remarks>A retransmission marked lost again (RFC 8985 §6.2) is no longer counted as in flight, and may be sent again.</remarks>
    public bool MarkLost(int index)
    {
        ref var segment = ref _segments[Slot(index)];
        if (segment.Has(SegmentFlags.Sacked) || (segment.Has(SegmentFlags.Lost) && !segment.Has(SegmentFlags.Retransmitted)))
        {
            return false;
        }

        Uncount(segment);
        segment = segment with { Flags = (segment.Flags | SegmentFlags.Lost) & ~SegmentFlags.Retransmitted };
        Recount(segment);
        _lostCursor = Math.Min(_lostCursor, index);
        return true;
    }

    /// <summary>After a retransmission timeout: every record not SACKed is lost (RFC 6675 §5.1, as Linux's loss state).</summary>
    /// <returns>How many records were marked.</returns>
    public int MarkAllLost()
    {
        var marked = 0;
        for (var i = 0; i < _count; i++)
        {
            if (MarkLost(i))
            {
                marked++;
            }
        }

        _lostCursor = 0;
        return marked;
    }

    /// <summary>
    /// RFC 6675 §4 IsLost() applied from the top: every unSACKed record below which at least
    /// <paramref name="duplicateThreshold"/> records are SACKed, or more than
    /// (DupThresh - 1) * SMSS bytes, is marked lost. Returns how many records were newly marked.
    /// </summary>
    public int MarkLostByDuplicateThreshold(int duplicateThreshold, int maxSegmentSize)
    {
        if (SackedSegments == 0)
        {
            return 0;
        }

        // Walk down from the highest SACKed record, counting SACKed records and bytes above.
        var sackedCount = 0;
        long sackedBytes = 0;
        var index = FirstEndingAfter(HighSacked - 1);
        for (; index >= 0; index--)
        {
            var segment = this[index];
            if (segment.Has(SegmentFlags.Sacked))
            {
                sackedCount++;
                sackedBytes += segment.Length;
                if (sackedCount >= duplicateThreshold || sackedBytes > (long)(duplicateThreshold - 1) * maxSegmentSize)
                {
                    break;
                }
            }
        }

        var marked = 0;
        for (var i = 0; i < index; i++)
        {
            var segment = this[i];
            if (!segment.Has(SegmentFlags.Sacked) && !segment.Has(SegmentFlags.Lost) && MarkLost(i))
            {
                marked++;
            }
        }

        return marked;
    }

    /// <summary>
    /// RFC 6675 NextSeg() rule 1: the lowest record marked lost and not yet retransmitted, or -1.
    /// </summary>
    public int FindLostToRetransmit()
    {
        while (_lostCursor < _count)
        {
            var segment = this[_lostCursor];
            if (segment.Has(SegmentFlags.Lost) && !segment.Has(SegmentFlags.Retransmitted))
            {
                return _lostCursor;
            }

            _lostCursor++;
        }

        return -1;
    }

    /// <summary>The highest record not SACKed (RFC 6675 rescue retransmission, RFC 8985 §7.3 probe), or -1.</summary>
    public int FindHighestUnsacked()
    {
        for (var i = _count - 1; i >= 0; i--)
        {
            if (!this[i].Has(SegmentFlags.Sacked))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The record at <paramref name="index"/> was sent again at <paramref name="now"/>.</summary>
    public void OnRetransmitted(int index, TimeSpan now)
    {
        ref var segment = ref _segments[Slot(index)];
        Uncount(segment);
        segment = segment with { SentAt = now, SendOrder = ++_sendOrder, Flags = segment.Flags | SegmentFlags.Retransmitted | SegmentFlags.EverRetransmitted };
        Recount(segment);
    }

    /// <summary>The index of the first record that ends after <paramref name="sequence"/> (binary search), or <see cref="Count"/>.</summary>
    public int FirstEndingAfter(SequenceNumber sequence)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (this[middle].End > sequence)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    private int Slot(int index) => (_head + index) % _segments.Length;

    private void Grow()
    {
        var larger = new Segment[Math.Max(64, _segments.Length * 2)];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = _segments[Slot(i)];
        }

        _segments = larger;
        _head = 0;
    }

    private void Uncount(in Segment segment)
    {
        if (segment.Has(SegmentFlags.Sacked))
        {
            SackedBytes -= segment.Length;
            SackedSegments--;
        }

        if (segment.Has(SegmentFlags.Lost))
        {
            LostBytes -= segment.Length;
        }

        if (segment.Has(SegmentFlags.Retransmitted))
        {
            RetransmittedBytes -= segment.Length;
        }
    }

    private void Recount(in Segment segment)
    {
        if (segment.Has(SegmentFlags.Sacked))
        {
            SackedBytes += segment.Length;
            SackedSegments++;
        }

        if (segment.Has(SegmentFlags.Lost))
        {
            LostBytes += segment.Length;
        }

        if (segment.Has(SegmentFlags.Retransmitted))
        {
            RetransmittedBytes += segment.Length;
        }
    }
}
