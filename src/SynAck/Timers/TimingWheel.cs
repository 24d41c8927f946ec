namespace SynAck.Timers;

/// <summary>
/// A hierarchical hashed timing wheel: deadlines for many entries (say one per connection), each
/// scheduled, rescheduled or cancelled in O(1), expiring in deadline order at the granularity of
/// one tick. Time is counted in ticks (whole units chosen by the caller, e.g. milliseconds).
/// </summary>
/// <remarks>
/// <para>
/// Six levels of 64 slots cover 2^36 ticks ahead (about 2.2 years of milliseconds); a level-n
/// slot spans 64^n ticks. An entry sits in the slot of the level given by the highest bit in
/// which its deadline differs from the wheel's current tick; when time reaches a higher-level
/// slot the entries in it move down a level, so each entry moves at most five times however long
/// its deadline. Deadlines further ahead wait in an overflow list that is re-sorted once per
/// 2^36 ticks. A 64-bit occupancy mask per level finds the next non-empty slot without scanning.
/// </para>
/// <para>
/// Entries live in one array of structs linked into per-slot lists by index, so after the array
/// has grown to the number of entries nothing allocates. Entries expiring in the same tick come
/// out in the order they reached the tick's slot. The wheel is not thread-safe; a stack uses it
/// from its event loop.
/// </para>
/// </remarks>
/// <typeparam name="T">The value carried by each entry, e.g. the connection whose deadline it is.</typeparam>
public sealed partial class TimingWheel<T>
{
    private const int SlotBits = 6;
    private const int SlotsPerLevel = 1 << SlotBits;
    private const int LevelCount = 6;
    private const int SlotCount = LevelCount * SlotsPerLevel;
    private const int OverflowList = SlotCount;
    private const int ExpiredList = SlotCount + 1;
    private const int ListCount = SlotCount + 2;
    private const long Range = 1L << (SlotBits * LevelCount);
    private const int Nil = -1;
    private const int Unscheduled = -1;
    private const int Free = -2;

    private readonly int[] _head = new int[ListCount];
    private readonly int[] _tail = new int[ListCount];
    private readonly ulong[] _occupied = new ulong[LevelCount];
    private Entry[] _entries;
    private int _used;
    private int _freeHead = Nil;
    private long _now;

    /// <summary>Creates an empty wheel.</summary>
    /// <param name="startTick">The wheel's current tick to begin with.</param>
    /// <param name="capacity">How many entries to make room for before the first growth.</param>
    public TimingWheel(long startTick = 0, int capacity = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startTick);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _now = startTick;
        _entries = new Entry[Math.Max(capacity, 4)];
        Array.Fill(_head, Nil);
        Array.Fill(_tail, Nil);
    }

    /// <summary>
    /// The wheel's current tick: every entry with a deadline at or before it has expired (and is
    /// returned by <see cref="TryDequeueExpired(long, out int)"/> if not yet taken).
    /// </summary>
    public long CurrentTick => _now;

    /// <summary>How many entries exist (scheduled or not).</summary>
    public int Count { get; private set; }

    /// <summary>How many entries are scheduled, including expired ones not yet dequeued.</summary>
    public int ScheduledCount { get; private set; }

    /// <summary>Units of work done so far (list links and unlinks, level searches), for tests that show O(1).</summary>
    internal long WorkCount { get; private set; }

    /// <summary>Adds an unscheduled entry.</summary>
    /// <param name="value">The value the entry carries.</param>
    /// <returns>The entry's handle, valid until <see cref="Remove"/>.</returns>
    public int Add(T value)
    {
        int handle;
        if (_freeHead != Nil)
        {
            handle = _freeHead;
            _freeHead = _entries[handle].Next;
        }
        else
        {
            if (_used == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length * 2);
            }

            handle = _used++;
        }

        _entries[handle] = new Entry { Value = value, List = Unscheduled, Next = Nil, Previous = Nil };
        Count++;
        return handle;
    }

    /// <summary>Cancels and deletes an entry; its handle may be reused by a later <see cref="Add"/>.</summary>
    /// <param name="handle">A handle from <see cref="Add"/>.</param>
    public void Remove(int handle)
    {
        ref var entry = ref Get(handle);
        if (entry.List != Unscheduled)
        {
            Unlink(handle);
        }

        entry = new Entry { List = Free, Next = _freeHead, Previous = Nil };
        _freeHead = handle;
        Count--;
    }

    /// <summary>The value carried by an entry.</summary>
    /// <param name="handle">A handle from <see cref="Add"/>.</param>
    public ref T this[int handle] => ref Get(handle).Value;

    /// <summary>Whether an entry has a deadline that has not yet been dequeued.</summary>
    /// <param name="handle">A handle from <see cref="Add"/>.</param>
    public bool IsScheduled(int handle) => Get(handle).List != Unscheduled;

    /// <summary>The deadline of a scheduled entry (never earlier than the tick at which it was scheduled).</summary>
    /// <param name="handle">A handle from <see cref="Add"/>.</param>
    /// <exception cref="InvalidOperationException">The entry is not scheduled.</exception>
    public long GetDeadline(int handle)
    {
        ref var entry = ref Get(handle);
        return entry.List == Unscheduled ? throw new InvalidOperationException("The entry is not scheduled.") : entry.Deadline;
    }

    /// <summary>
    /// Sets an entry's deadline, replacing any earlier one, in O(1). A deadline at or before
    /// <see cref="CurrentTick"/> makes the entry due at the current tick.
    /// </summary>
    /// <param name="handle">A handle from <see cref="Add"/>.</param>
    /// <param name="deadlineTick">The tick at which the entry expires.</param>
    public void Schedule(int handle, long deadlineTick)
    {
        ref var entry = ref Get(handle);
        if (entry.List != Unscheduled)
        {
            Unlink(handle);
        }

        entry.Deadline = Math.Max(deadlineTick, _now);
        Link(handle, ListFor(entry.Deadline));
    }

    /// <summary>Clears an entry's deadline, in O(1).</summary>
    /// <param name="handle">A handle from <see cref="Add"/>.</param>
    /// <returns>True when the entry was scheduled.</returns>
    public bool Cancel(int handle)
    {
        ref var entry = ref Get(handle);
        if (entry.List == Unscheduled)
        {
            return false;
        }

        Unlink(handle);
        return true;
    }

    /// <summary>
    /// The earliest tick at which the wheel has work: an expiry, or moving a higher-level slot
    /// down. It is never later than the earliest deadline, so a timer armed for it never misses
    /// one; at most one level move per level happens before an entry expires.
    /// </summary>
    /// <param name="tick">The tick, when there is one.</param>
    /// <returns>False when no entry is scheduled.</returns>
    public bool TryGetNextTick(out long tick)
    {
        if (_head[ExpiredList] != Nil)
        {
            tick = _now;
            return true;
        }

        return TryFindNextList(out _, out tick);
    }

    /// <summary>
    /// Advances the wheel to <paramref name="nowTick"/> as far as needed and takes the next
    /// entry whose deadline is at or before it, in deadline order. The entry becomes unscheduled
    /// but stays in the wheel. Call repeatedly until it returns false.
    /// </summary>
    /// <param name="nowTick">The current tick.</param>
    /// <param name="handle">The expired entry.</param>
    /// <returns>False when no entry expires at or before <paramref name="nowTick"/>.</returns>
    public bool TryDequeueExpired(long nowTick, out int handle) => TryDequeueExpired(nowTick, out handle, out _);

    /// <summary>
    /// Takes the next expired entry as <see cref="TryDequeueExpired(long, out int)"/> does, and
    /// also says which deadline it had.
    /// </summary>
    /// <param name="nowTick">The current tick.</param>
    /// <param name="handle">The expired entry.</param>
    /// <param name="deadlineTick">The deadline the entry had.</param>
    /// <returns>False when no entry expires at or before <paramref name="nowTick"/>.</returns>
    public bool TryDequeueExpired(long nowTick, out int handle, out long deadlineTick)
    {
        while (true)
        {
            handle = _head[ExpiredList];
            if (handle != Nil)
            {
                Unlink(handle);
                deadlineTick = _entries[handle].Deadline;
                return true;
            }

            if (!TryFindNextList(out var list, out var start) || start > nowTick)
            {
                if (nowTick > _now)
                {
                    _now = nowTick;
                }

                deadlineTick = 0;
                return false;
            }

            _now = start;
            if (list < SlotsPerLevel)
            {
                MoveAll(list, ExpiredList);
            }
            else
            {
                Cascade(list);
            }
        }
    }
}
