using System.Numerics;

namespace SynAck.Timers;

/// <content>Entry storage and the intrusive per-slot lists.</content>
public sealed partial class TimingWheel<T>
{
    private ref Entry Get(int handle)
    {
        if ((uint)handle >= (uint)_used || _entries[handle].List == Free)
        {
            throw new ArgumentException($"{handle} is not the handle of an entry in this wheel.", nameof(handle));
        }

        return ref _entries[handle];
    }

    /// <summary>The list for a deadline at or after the current tick.</summary>
    private int ListFor(long deadline)
    {
        WorkCount++;
        var differing = (_now ^ deadline) | (SlotsPerLevel - 1);
        if (differing >= Range)
        {
            return OverflowList;
        }

        var level = (63 - BitOperations.LeadingZeroCount((ulong)differing)) / SlotBits;
        var slot = (int)((deadline >> (level * SlotBits)) & (SlotsPerLevel - 1));
        return (level * SlotsPerLevel) + slot;
    }

    /// <summary>Finds the earliest non-empty slot (or the overflow list) and the tick at which it starts.</summary>
    private bool TryFindNextList(out int list, out long start)
    {
        for (var level = 0; level < LevelCount; level++)
        {
            WorkCount++;
            var occupied = _occupied[level];
            if (occupied == 0)
            {
                continue;
            }

            var shift = level * SlotBits;
            var current = (int)((_now >> shift) & (SlotsPerLevel - 1));
            // Slots before the current one are always empty: time passed them only after they were drained.
            var ahead = occupied >> current;
            var slot = current + BitOperations.TrailingZeroCount(ahead);
            var rotationStart = _now & ~((1L << (shift + SlotBits)) - 1);
            list = (level * SlotsPerLevel) + slot;
            start = rotationStart + ((long)slot << shift);
            return true;
        }

        if (_head[OverflowList] != Nil)
        {
            list = OverflowList;
            start = (_now & ~(Range - 1)) + Range;
            return true;
        }

        list = Nil;
        start = 0;
        return false;
    }

    /// <summary>Moves every entry of a higher-level slot (or the overflow list) to where its deadline now belongs.</summary>
    private void Cascade(int list)
    {
        var handle = _head[list];
        _head[list] = Nil;
        _tail[list] = Nil;
        ClearOccupied(list);
        while (handle != Nil)
        {
            ref var entry = ref _entries[handle];
            var next = entry.Next;
            ScheduledCount--;
            Link(handle, ListFor(entry.Deadline));
            handle = next;
        }
    }

    /// <summary>Moves a whole level-0 slot, in order, to the end of the expired list.</summary>
    private void MoveAll(int list, int target)
    {
        var handle = _head[list];
        _head[list] = Nil;
        _tail[list] = Nil;
        ClearOccupied(list);
        while (handle != Nil)
        {
            var next = _entries[handle].Next;
            ScheduledCount--;
            Link(handle, target);
            handle = next;
        }
    }

    private void Link(int handle, int list)
    {
        WorkCount++;
        ref var entry = ref _entries[handle];
        entry.List = list;
        entry.Next = Nil;
        entry.Previous = _tail[list];
        if (entry.Previous == Nil)
        {
            _head[list] = handle;
        }
        else
        {
            _entries[entry.Previous].Next = handle;
        }

        _tail[list] = handle;
        if (list < SlotCount)
        {
            _occupied[list / SlotsPerLevel] |= 1UL << (list % SlotsPerLevel);
        }

        ScheduledCount++;
    }

    private void Unlink(int handle)
    {
        WorkCount++;
        ref var entry = ref _entries[handle];
        var list = entry.List;
        if (entry.Previous == Nil)
        {
            _head[list] = entry.Next;
        }
        else
        {
            _entries[entry.Previous].Next = entry.Next;
        }

        if (entry.Next == Nil)
        {
            _tail[list] = entry.Previous;
        }
        else
        {
            _entries[entry.Next].Previous = entry.Previous;
        }

        if (_head[list] == Nil)
        {
            ClearOccupied(list);
        }

        entry.List = Unscheduled;
        entry.Next = Nil;
        entry.Previous = Nil;
        ScheduledCount--;
    }

    private void ClearOccupied(int list)
    {
        if (list < SlotCount)
        {
            _occupied[list / SlotsPerLevel] &= ~(1UL << (list % SlotsPerLevel));
        }
    }

    private struct Entry
    {
        public T Value;
        public long Deadline;
        public int Next;
        public int Previous;
        public int List;
    }
}
