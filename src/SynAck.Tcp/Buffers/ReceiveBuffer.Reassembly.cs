using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Buffers;

public sealed partial class ReceiveBuffer
{
    // Out-of-order ranges, sorted, disjoint and never touching, as positions in the byte stream
    // (_rcvNxt is RCV.NXT's position), so they need no update when RCV.NXT moves. The array is
    // allocated once, the first time data arrives out of order.
    private RangeSlot[]? _ranges;
    private int _rangeCount;
    private long _rcvNxt;
    private long _stampClock;

    /// <summary>The most out-of-order ranges held at once; data that would need one more is dropped.</summary>
    public int MaxOutOfOrderRanges { get; }

    /// <summary>How many disjoint out-of-order ranges are held.</summary>
    public int OutOfOrderRangeCount => _rangeCount;

    /// <summary>
    /// Stores a segment's bytes and returns how far RCV.NXT advances (the bytes that are now in
    /// order, including stored out-of-order bytes they join up with).
    /// </summary>
    /// <param name="offset">Where the bytes start relative to RCV.NXT: <c>SEG.SEQ - RCV.NXT</c> (may be negative).</param>
    /// <param name="data">The segment's payload.</param>
    public int Write(int offset, ReadOnlySpan<byte> data) => Write(offset, data, out _);

    /// <summary>
    /// Stores a segment's bytes, reports what happened to them, and returns how far RCV.NXT
    /// advances (the bytes that are now in order, including stored out-of-order bytes they join
    /// up with).
    /// </summary>
    /// <remarks>
    /// Bytes before RCV.NXT are duplicates and are trimmed; bytes at or beyond
    /// <see cref="FreeSpace"/> are cut off (<see cref="ReceiveWriteResult.BeyondWindow"/>); bytes
    /// already held are kept as first received and counted as duplicates. Out-of-order bytes that
    /// would need a new range when all <see cref="MaxOutOfOrderRanges"/> are in use are dropped
    /// whole (<see cref="ReceiveWriteResult.DroppedRangeLimit"/>); bytes that extend or join
    /// existing ranges are always kept.
    /// </remarks>
    /// <param name="offset">Where the bytes start relative to RCV.NXT: <c>SEG.SEQ - RCV.NXT</c> (may be negative).</param>
    /// <param name="data">The segment's payload.</param>
    /// <param name="result">What happened to the bytes.</param>
    public int Write(int offset, ReadOnlySpan<byte> data, out ReceiveWriteResult result)
    {
        result = default;
        if (data.IsEmpty)
        {
            return 0;
        }

        long start = offset;
        long end = start + data.Length;
        var duplicateBytes = 0;
        ReceiveRange duplicate = default;
        if (start < 0)
        {
            duplicateBytes = (int)(Math.Min(end, 0) - start);
            duplicate = new ReceiveRange(offset, duplicateBytes);
            if (end <= 0)
            {
                result = new ReceiveWriteResult { DuplicateBytes = duplicateBytes, Duplicate = duplicate };
                return 0;
            }

            data = data[duplicateBytes..];
            start = 0;
        }

        var beyondWindow = 0;
        long window = FreeSpace;
        if (end > window)
        {
            var cut = Math.Max(start, window);
            beyondWindow = (int)(end - cut);
            end = cut;
            data = data[..(int)(end - start)];
            if (data.IsEmpty)
            {
                result = new ReceiveWriteResult { DuplicateBytes = duplicateBytes, Duplicate = duplicate, BeyondWindow = beyondWindow };
                return 0;
            }
        }

        var absoluteStart = _rcvNxt + start;
        var absoluteEnd = _rcvNxt + end;

        // [first, last) are the ranges the new bytes overlap or touch.
        var first = 0;
        while (first < _rangeCount && _ranges![first].End < absoluteStart)
        {
            first++;
        }

        var last = first;
        while (last < _rangeCount && _ranges![last].Start <= absoluteEnd)
        {
            last++;
        }

        if (start > 0 && last == first && _rangeCount == MaxOutOfOrderRanges)
        {
            result = new ReceiveWriteResult { BeyondWindow = beyondWindow, DroppedRangeLimit = true };
            return 0;
        }

        // Copy only the gaps between held ranges: bytes already held stay as first received.
        var stored = 0;
        var cursor = absoluteStart;
        for (var i = first; i < last; i++)
        {
            var range = _ranges![i];
            if (range.Start > cursor)
            {
                stored += StoreRun(cursor, range.Start, absoluteStart, data);
            }

            var overlapStart = Math.Max(range.Start, absoluteStart);
            var overlapEnd = Math.Min(range.End, absoluteEnd);
            if (overlapEnd > overlapStart)
            {
                duplicateBytes += (int)(overlapEnd - overlapStart);
                if (duplicate.IsEmpty)
                {
                    duplicate = new ReceiveRange((int)(overlapStart - _rcvNxt), (int)(overlapEnd - overlapStart));
                }
            }

            cursor = Math.Max(cursor, range.End);
        }

        if (cursor < absoluteEnd)
        {
            stored += StoreRun(cursor, absoluteEnd, absoluteStart, data);
        }

        var mergedEnd = last > first ? Math.Max(absoluteEnd, _ranges![last - 1].End) : absoluteEnd;
        var advanced = 0;
        if (start == 0)
        {
            // In order: the bytes and every range they reach become readable (first is 0 here).
            RemoveRanges(first, last - first);
            advanced = (int)(mergedEnd - _rcvNxt);
            _rcvNxt = mergedEnd;
            Readable += advanced;
        }
        else
        {
            var mergedStart = last > first ? Math.Min(absoluteStart, _ranges![first].Start) : absoluteStart;
            ReplaceRanges(first, last - first, new RangeSlot(mergedStart, mergedEnd, ++_stampClock));
        }

        result = new ReceiveWriteResult
        {
            Advanced = advanced,
            Stored = stored,
            DuplicateBytes = duplicateBytes,
            Duplicate = duplicate,
            BeyondWindow = beyondWindow,
            FilledGap = start == 0 && last > first,
        };
        return advanced;
    }

    /// <summary>
    /// Stores bytes that start at RCV.NXT without making them readable or moving RCV.NXT: text
    /// whose processing must wait (RFC 9293 §3.10.7.3 queues text on a SYN received in SYN-SENT
    /// until ESTABLISHED). They are held as a range that starts at RCV.NXT, cut to
    /// <see cref="FreeSpace"/>, until <see cref="AdvanceOverHeld"/>. Returns how many bytes are held.
    /// </summary>
    /// <param name="data">The bytes, the first of which is at RCV.NXT.</param>
    /// <exception cref="InvalidOperationException">The buffer is not empty.</exception>
    public int Hold(ReadOnlySpan<byte> data)
    {
        if (!IsEmpty)
        {
            throw new InvalidOperationException("Bytes are held only in an empty receive buffer.");
        }

        var length = Math.Min(data.Length, FreeSpace);
        if (length > 0)
        {
            CopyIn(0, data[..length]);
            ReplaceRanges(0, 0, new RangeSlot(_rcvNxt, _rcvNxt + length, ++_stampClock));
        }

        return length;
    }

    /// <summary>
    /// Makes the bytes <see cref="Hold"/> stored readable, with any out-of-order bytes that have
    /// joined them since, and returns how far RCV.NXT advances (0 when nothing is held).
    /// </summary>
    public int AdvanceOverHeld()
    {
        if (_rangeCount == 0 || _ranges![0].Start != _rcvNxt)
        {
            return 0;
        }

        var advanced = (int)(_ranges[0].End - _rcvNxt);
        RemoveRanges(0, 1);
        _rcvNxt += advanced;
        Readable += advanced;
        return advanced;
    }

    /// <summary>The out-of-order range at <paramref name="index"/>, in ascending order of offset.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="OutOfOrderRangeCount"/>.</exception>
    public ReceiveRange GetOutOfOrderRange(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _rangeCount);
        return ToRelative(_ranges![index]);
    }

    /// <summary>
    /// The out-of-order range that was most recently created, extended or hit by a duplicate:
    /// the one that holds the latest out-of-order segment (RFC 2018 §4: the first SACK block).
    /// </summary>
    public bool TryGetMostRecentRange(out ReceiveRange range)
    {
        var index = NextByRecency(long.MaxValue);
        range = index < 0 ? default : ToRelative(_ranges![index]);
        return index >= 0;
    }

    /// <summary>
    /// Copies the out-of-order ranges, most recently changed first (RFC 2018 §4), into
    /// <paramref name="destination"/> and returns how many were copied.
    /// </summary>
    public int CopyOutOfOrderRangesByRecency(Span<ReceiveRange> destination)
    {
        var count = 0;
        var below = long.MaxValue;
        while (count < destination.Length)
        {
            var index = NextByRecency(below);
            if (index < 0)
            {
                break;
            }

            destination[count++] = ToRelative(_ranges![index]);
            below = _ranges[index].Stamp;
        }

        return count;
    }

    /// <summary>
    /// Writes SACK blocks (RFC 2018 §3) for the out-of-order ranges into
    /// <paramref name="destination"/>, most recently changed first as RFC 2018 §4 requires, and
    /// returns how many were written. The caller limits <paramref name="destination"/> to what
    /// fits in the option space (three blocks with timestamps, four without) and puts a D-SACK
    /// block (RFC 2883) in front itself when there is one.
    /// </summary>
    /// <param name="rcvNxt">The current RCV.NXT.</param>
    /// <param name="destination">Where the blocks go.</param>
    public int GetSackBlocks(SequenceNumber rcvNxt, Span<SackBlock> destination)
    {
        var count = 0;
        var below = long.MaxValue;
        while (count < destination.Length)
        {
            var index = NextByRecency(below);
            if (index < 0)
            {
                break;
            }

            var range = ToRelative(_ranges![index]);
            destination[count++] = new SackBlock(rcvNxt + range.Offset, rcvNxt + range.End);
            below = _ranges[index].Stamp;
        }

        return count;
    }

    private ReceiveRange ToRelative(RangeSlot slot) => new((int)(slot.Start - _rcvNxt), (int)(slot.End - slot.Start));

    /// <summary>The range with the highest stamp below <paramref name="below"/>, or -1.</summary>
    private int NextByRecency(long below)
    {
        var best = -1;
        for (var i = 0; i < _rangeCount; i++)
        {
            var stamp = _ranges![i].Stamp;
            if (stamp < below && (best < 0 || stamp > _ranges[best].Stamp))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Stores the part <c>[from, to)</c> (stream positions) of a segment that starts at <paramref name="segmentStart"/>.</summary>
    private int StoreRun(long from, long to, long segmentStart, ReadOnlySpan<byte> data)
    {
        var length = (int)(to - from);
        CopyIn((int)(from - _rcvNxt), data.Slice((int)(from - segmentStart), length));
        return length;
    }

    private void RemoveRanges(int index, int count)
    {
        if (count == 0)
        {
            return;
        }

        _ranges.AsSpan(index + count, _rangeCount - index - count).CopyTo(_ranges.AsSpan(index));
        _rangeCount -= count;
    }

    private void ReplaceRanges(int index, int count, RangeSlot slot)
    {
        _ranges ??= new RangeSlot[MaxOutOfOrderRanges];
        if (count == 0)
        {
            _ranges.AsSpan(index, _rangeCount - index).CopyTo(_ranges.AsSpan(index + 1));
            _rangeCount++;
        }
        else
        {
            RemoveRanges(index + 1, count - 1);
        }

        _ranges[index] = slot;
    }

    private readonly record struct RangeSlot(long Start, long End, long Stamp);
}
