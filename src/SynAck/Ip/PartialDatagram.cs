using SynAck.Wire.Ip;

namespace SynAck.Ip;

/// <summary>The bytes <c>[Start, End)</c> of a datagram's payload that one fragment carried.</summary>
internal readonly record struct FragmentRange(int Start, int End);

/// <summary>
/// One datagram being reassembled: a pooled buffer with the payload at <see cref="Headroom"/>
/// and the first fragment's header just before it, the ranges received so far (sorted, never
/// overlapping), and its place in the reassembler's expiry list. Once given up it stays as a
/// marker without a buffer (<see cref="DiscardReason"/> set) so that its late fragments are dropped too.
/// </summary>
internal sealed class PartialDatagram<TKey>
    where TKey : struct, IEquatable<TKey>
{
    public TKey Key { get; set; }

    public byte[]? Buffer { get; set; }

    /// <summary>Where payload byte 0 sits in <see cref="Buffer"/>.</summary>
    public int Headroom { get; set; }

    /// <summary>The length of the first fragment's header, stored just before <see cref="Headroom"/>; 0 until it arrives.</summary>
    public int HeaderLength { get; set; }

    /// <summary>The payload length, known once the last fragment (M clear) arrived; -1 before.</summary>
    public int TotalLength { get; set; }

    /// <summary>The furthest payload byte received, exclusive.</summary>
    public int MaxEnd { get; set; }

    public int ReceivedBytes { get; set; }

    /// <summary>One bit per ECN codepoint seen (bit <c>1 &lt;&lt; (int)codepoint</c>).</summary>
    public int EcnSeen { get; set; }

    public FragmentRange[] Ranges { get; private set; } = new FragmentRange[8];

    public int RangeCount { get; private set; }

    public TimeSpan Deadline { get; set; }

    /// <summary>Why the datagram was given up; <c>null</c> while it is being reassembled.</summary>
    public FragmentDropReason? DiscardReason { get; set; }

    public PartialDatagram<TKey>? Older { get; set; }

    public PartialDatagram<TKey>? Newer { get; set; }

    public bool IsComplete => TotalLength >= 0 && ReceivedBytes == TotalLength;

    public void Reset(TKey key, TimeSpan deadline)
    {
        Key = key;
        Buffer = null;
        Headroom = 0;
        HeaderLength = 0;
        TotalLength = -1;
        MaxEnd = 0;
        ReceivedBytes = 0;
        EcnSeen = 0;
        RangeCount = 0;
        Deadline = deadline;
        DiscardReason = null;
        Older = null;
        Newer = null;
    }

    /// <summary>The index of the first range that starts at or after <paramref name="start"/>.</summary>
    public int FindInsertIndex(int start)
    {
        int low = 0, high = RangeCount;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (Ranges[middle].Start < start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>Whether <c>[start, end)</c> shares a byte with a range already received; <paramref name="index"/> is from <see cref="FindInsertIndex"/>.</summary>
    public bool Overlaps(int index, int start, int end)
        => (index < RangeCount && Ranges[index].Start < end) || (index > 0 && Ranges[index - 1].End > start);

    public void InsertRange(int index, FragmentRange range)
    {
        if (RangeCount == Ranges.Length)
        {
            // Grows only until the arrays of recycled datagrams fit the traffic (at most MaxFragmentsPerDatagram).
            var larger = new FragmentRange[Ranges.Length * 2];
            Ranges.AsSpan(0, RangeCount).CopyTo(larger);
            Ranges = larger;
        }

        Array.Copy(Ranges, index, Ranges, index + 1, RangeCount - index);
        Ranges[index] = range;
        RangeCount++;
    }

    public void ClearRanges() => RangeCount = 0;

    public void NoteEcn(EcnCodepoint ecn) => EcnSeen |= 1 << (int)ecn;
}
