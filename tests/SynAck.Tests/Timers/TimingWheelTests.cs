using CsCheck;
using SynAck.Timers;

namespace SynAck.Tests.Timers;

public class TimingWheelTests
{
    [Fact]
    public void An_entry_expires_at_its_deadline_tick_and_not_before()
    {
        var wheel = new TimingWheel<string>();
        var handle = wheel.Add("rto");
        wheel.Schedule(handle, 1000);

        Assert.False(wheel.TryDequeueExpired(999, out _));
        Assert.True(wheel.TryDequeueExpired(1000, out var expired));
        Assert.Equal(handle, expired);
        Assert.Equal("rto", wheel[expired]);
        Assert.False(wheel.IsScheduled(handle));
        Assert.False(wheel.TryDequeueExpired(5000, out _));
    }

    [Fact]
    public void Entries_due_in_the_same_tick_come_out_in_the_order_they_were_scheduled()
    {
        var wheel = new TimingWheel<int>();
        var handles = Enumerable.Range(0, 5).Select(wheel.Add).ToList();
        foreach (var handle in handles)
        {
            wheel.Schedule(handle, 70);
        }

        Assert.Equal(handles, Drain(wheel, 70).Select(e => e.Handle));
    }

    [Fact]
    public void A_deadline_at_or_before_the_current_tick_expires_at_the_current_tick()
    {
        var wheel = new TimingWheel<int>(startTick: 500);
        var handle = wheel.Add(0);

        wheel.Schedule(handle, 10);

        Assert.Equal(500, wheel.GetDeadline(handle));
        Assert.True(wheel.TryGetNextTick(out var next));
        Assert.Equal(500, next);
        Assert.True(wheel.TryDequeueExpired(500, out _));
    }

    [Fact]
    public void Rescheduling_replaces_the_deadline_and_cancelling_removes_it()
    {
        var wheel = new TimingWheel<int>();
        var moved = wheel.Add(1);
        var cancelled = wheel.Add(2);
        wheel.Schedule(moved, 100);
        wheel.Schedule(cancelled, 100);

        wheel.Schedule(moved, 300);
        Assert.True(wheel.Cancel(cancelled));
        Assert.False(wheel.Cancel(cancelled));

        Assert.Empty(Drain(wheel, 299));
        Assert.Equal([(moved, 300L)], Drain(wheel, 300).Select(e => (e.Handle, e.Deadline)));
        Assert.Equal(0, wheel.ScheduledCount);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(63L)]
    [InlineData(64L)]
    [InlineData(4096L)]
    [InlineData(3_600_000L)] // an hour of milliseconds
    [InlineData(86_400_000L * 30)] // thirty days
    [InlineData((1L << 36) - 1)] // the last tick the levels cover
    [InlineData((1L << 36) + 12_345)] // beyond the levels: the overflow list
    [InlineData(1L << 40)]
    public void Far_deadlines_expire_at_exactly_their_tick(long delay)
    {
        const long Start = 123_456_789;
        var wheel = new TimingWheel<int>(Start);
        var handle = wheel.Add(0);
        wheel.Schedule(handle, Start + delay);

        // Walk forward the way a loop does: to the wheel's next tick each time.
        var visits = 0;
        while (wheel.TryGetNextTick(out var next) && next < Start + delay)
        {
            Assert.False(wheel.TryDequeueExpired(next, out _));
            visits++;
        }

        Assert.False(wheel.TryDequeueExpired(Start + delay - 1, out _));
        Assert.True(wheel.TryDequeueExpired(Start + delay, out var expired));
        Assert.Equal(handle, expired);
        // At most one move per level, plus one wake-up per 2^36 ticks for the overflow list.
        Assert.True(visits <= 6 + (delay >> 36), $"{visits} wake-ups before one deadline");
    }

    [Fact]
    public void The_next_tick_is_never_after_the_earliest_deadline()
    {
        var gen = Gen.Long[0, 1L << 38].Array[1, 40].Select(Gen.Long[0, 1L << 37]);
        Property.ForAll(gen, 2000, input =>
        {
            var (deadlines, advanceTo) = input;
            var wheel = new TimingWheel<int>();
            foreach (var deadline in deadlines)
            {
                wheel.Schedule(wheel.Add(0), deadline);
            }

            var expiredCount = Drain(wheel, advanceTo).Count;
            var remaining = deadlines.Where(d => d > advanceTo).ToList();
            Assert.Equal(deadlines.Length - remaining.Count, expiredCount);
            if (remaining.Count == 0)
            {
                Assert.False(wheel.TryGetNextTick(out _));
                return;
            }

            Assert.True(wheel.TryGetNextTick(out var next));
            Assert.InRange(next, advanceTo + 1, remaining.Min());
        });
    }

    [Fact]
    public void Random_operations_expire_exactly_what_a_sorted_model_expires_in_deadline_order()
    {
        // Each operation: (kind, entry, value). Kinds: 0-3 schedule, 4 cancel, 5-6 advance.
        var operation = Gen.Select(Gen.Int[0, 6], Gen.Int[0, 15], Gen.Long[0, 300_000]);
        Property.ForAll(operation.Array[1, 200], 400, operations =>
        {
            var wheel = new TimingWheel<int>();
            var handles = Enumerable.Range(0, 16).Select(wheel.Add).ToArray();
            var model = new Dictionary<int, long>();
            var now = 0L;
            foreach (var (kind, entry, value) in operations)
            {
                var handle = handles[entry];
                switch (kind)
                {
                    case <= 3:
                        var deadline = now + (value >> (kind * 4));
                        wheel.Schedule(handle, deadline);
                        model[handle] = deadline;
                        break;
                    case 4:
                        Assert.Equal(model.Remove(handle), wheel.Cancel(handle));
                        break;
                    default:
                        now += value >> ((kind - 5) * 8);
                        var expected = model.Where(p => p.Value <= now).Select(p => p.Value).Order().ToList();
                        var actual = Drain(wheel, now);
                        Assert.Equal(expected, actual.Select(e => e.Deadline));
                        foreach (var (expiredHandle, _) in actual)
                        {
                            Assert.True(model.Remove(expiredHandle));
                        }

                        break;
                }

                Assert.Equal(model.Count, wheel.ScheduledCount);
            }
        });
    }

    [Fact]
    public void A_hundred_thousand_entries_scheduled_rescheduled_and_cancelled_expire_in_order_on_time_and_none_is_lost()
    {
        const int Entries = 100_000;
        var random = new Random(20_240_601);
        var wheel = new TimingWheel<int>(capacity: Entries);
        var deadline = new long?[Entries];
        var handles = new int[Entries];
        for (var i = 0; i < Entries; i++)
        {
            handles[i] = wheel.Add(i);
            deadline[i] = random.NextInt64(1, 7_200_000); // up to two hours of milliseconds
            wheel.Schedule(handles[i], deadline[i]!.Value);
        }

        for (var i = 0; i < Entries; i += 2)
        {
            deadline[i] = random.NextInt64(1, 600_000);
            wheel.Schedule(handles[i], deadline[i]!.Value);
        }

        for (var i = 0; i < Entries; i += 10)
        {
            wheel.Cancel(handles[i]);
            deadline[i] = null;
        }

        // Advance in irregular steps, checking each expiry is due and was not due at the previous step.
        var expired = new bool[Entries];
        var now = 0L;
        var previous = 0L;
        var lastDeadline = 0L;
        while (wheel.ScheduledCount > 0)
        {
            now += random.Next(1, 20_000);
            while (wheel.TryDequeueExpired(now, out var handle))
            {
                var entry = wheel[handle];
                var due = deadline[entry];
                Assert.NotNull(due);
                Assert.False(expired[entry]);
                Assert.InRange(due.Value, previous + 1, now);
                Assert.True(due.Value >= lastDeadline, "expiries went backwards in time");
                expired[entry] = true;
                lastDeadline = due.Value;
            }

            previous = now;
        }

        for (var i = 0; i < Entries; i++)
        {
            Assert.Equal(deadline[i] is not null, expired[i]);
        }
    }

    [Fact]
    public void Work_per_operation_stays_constant_from_a_thousand_to_a_hundred_thousand_entries()
    {
        static double WorkPerOperation(int entries)
        {
            var random = new Random(99);
            var wheel = new TimingWheel<int>(capacity: entries);
            var handles = new int[entries];
            long operations = 0;
            for (var i = 0; i < entries; i++)
            {
                handles[i] = wheel.Add(i);
                wheel.Schedule(handles[i], random.NextInt64(1, 3_600_000));
                operations++;
            }

            // Each "connection" moves its deadline a few times (RTO re-armed on every ACK), some cancel.
            for (var round = 0; round < 4; round++)
            {
                for (var i = 0; i < entries; i++)
                {
                    if (random.Next(10) == 0)
                    {
                        wheel.Cancel(handles[i]);
                    }
                    else
                    {
                        wheel.Schedule(handles[i], random.NextInt64(1, 3_600_000));
                    }

                    operations++;
                }
            }

            for (var now = 0L; wheel.ScheduledCount > 0; now += 1000)
            {
                while (wheel.TryDequeueExpired(now, out _))
                {
                    operations++;
                }

                operations++;
            }

            return (double)wheel.WorkCount / operations;
        }

        var small = WorkPerOperation(1_000);
        var large = WorkPerOperation(100_000);

        // Each operation links or unlinks a couple of times, each expiry moves an entry down at
        // most five levels, and each advance searches six level masks: a constant, whatever the count.
        Assert.InRange(small, 1, 12);
        Assert.InRange(large, 1, 12);
        Assert.InRange(large / small, 0.8, 1.25);
    }

    [Fact]
    public void Removed_entries_free_their_handle_for_reuse_and_a_stale_handle_is_refused()
    {
        var wheel = new TimingWheel<string>();
        var first = wheel.Add("a");
        wheel.Schedule(first, 10);

        wheel.Remove(first);

        Assert.Equal(0, wheel.Count);
        Assert.Equal(0, wheel.ScheduledCount);
        Assert.Throws<ArgumentException>(() => wheel.Schedule(first, 20));
        Assert.Throws<ArgumentException>(() => wheel.IsScheduled(12345));
        Assert.Equal(first, wheel.Add("b"));
        Assert.Equal("b", wheel[first]);
        Assert.False(wheel.TryDequeueExpired(100, out _));
    }

    [Fact]
    public void Rescheduling_allocates_nothing()
    {
        var wheel = new TimingWheel<int>(capacity: 1000);
        var handles = Enumerable.Range(0, 1000).Select(wheel.Add).ToArray();
        var random = new Random(5);
        var deadlines = Enumerable.Range(0, 100_000).Select(_ => random.NextInt64(1, 10_000_000)).ToArray();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < deadlines.Length; i++)
        {
            wheel.Schedule(handles[i % handles.Length], deadlines[i]);
        }

        var now = 0L;
        while (wheel.ScheduledCount > 0)
        {
            now += 50_000;
            while (wheel.TryDequeueExpired(now, out _))
            {
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static List<(int Handle, long Deadline)> Drain<T>(TimingWheel<T> wheel, long now)
    {
        var expired = new List<(int, long)>();
        while (wheel.TryDequeueExpired(now, out var handle, out var deadline))
        {
            expired.Add((handle, deadline));
        }

        return expired;
    }
}
