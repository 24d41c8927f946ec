using Microsoft.Extensions.Time.Testing;
using SynAck.Runtime;

namespace SynAck.Tests.Runtime;

public sealed class ThreadEventLoopTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);
    private readonly List<ThreadEventLoop> _loops = [];

    [Fact]
    public void Work_posted_from_many_threads_runs_one_item_at_a_time_and_in_order_per_poster()
    {
        const int Posters = 4;
        const int ItemsPerPoster = 20_000;
        var loop = Start("marshal");
        var lastSeen = Enumerable.Repeat(-1, Posters).ToArray();
        var running = 0;
        var overlaps = 0;
        var outOfOrder = 0;
        var wrongThread = 0;
        using var done = new CountdownEvent(Posters * ItemsPerPoster);
        using var start = new Barrier(Posters);

        var threads = Enumerable.Range(0, Posters).Select(poster => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < ItemsPerPoster; i++)
            {
                var sequence = i;
                loop.Post(() =>
                {
                    if (Interlocked.Increment(ref running) != 1)
                    {
                        overlaps++;
                    }

                    if (lastSeen[poster] != sequence - 1)
                    {
                        outOfOrder++;
                    }

                    if (!loop.IsCurrentThread)
                    {
                        wrongThread++;
                    }

                    lastSeen[poster] = sequence;
                    Interlocked.Decrement(ref running);
                    done.Signal();
                });
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.True(done.Wait(HangGuard), "the loop did not run all posted work");
        Assert.Equal(0, overlaps);
        Assert.Equal(0, outOfOrder);
        Assert.Equal(0, wrongThread);
        Assert.All(lastSeen, last => Assert.Equal(ItemsPerPoster - 1, last));
    }

    [Fact]
    public async Task An_await_inside_loop_work_resumes_on_the_loop_thread()
    {
        var loop = Start("await");

        var (before, after) = await loop.InvokeAsync(async () =>
        {
            var first = Environment.CurrentManagedThreadId;
            await Task.Yield();
            await Task.Delay(1);
            return (first, Environment.CurrentManagedThreadId);
        }).Unwrap().WaitAsync(HangGuard);

        Assert.Equal(before, after);
        Assert.False(loop.IsCurrentThread);
    }

    [Fact]
    public async Task A_loop_timer_on_an_injected_clock_fires_on_the_loop_once_its_deadline_passes()
    {
        var clock = new FakeTimeProvider();
        var loop = Start("timer", clock);
        var firedOnLoop = false;
        var fired = 0;
        var timer = await loop.InvokeAsync(() =>
        {
            var t = loop.CreateTimer(_ =>
            {
                fired++;
                firedOnLoop = loop.IsCurrentThread;
            }, null);
            t.ScheduleAfter(TimeSpan.FromSeconds(5));
            return t;
        }).WaitAsync(HangGuard);

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, await loop.InvokeAsync(() => fired).WaitAsync(HangGuard));

        // The fake clock runs the timer callback inside Advance, which posts to the loop; the
        // probe posted afterwards therefore runs after the timer's work.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await loop.InvokeAsync(() => fired).WaitAsync(HangGuard));
        Assert.True(firedOnLoop);
        timer.Dispose();
    }

    [Fact]
    public async Task A_loop_timer_on_the_system_clock_fires_on_the_loop_and_never_before_its_deadline()
    {
        var loop = Start("system-clock");
        var fired = new TaskCompletionSource<(long Deadline, long Now, bool OnLoop)>(TaskCreationOptions.RunContinuationsAsynchronously);
        long deadline = 0;
        LoopTimer? timer = null;

        await loop.InvokeAsync(() =>
        {
            timer = loop.CreateTimer(_ => fired.SetResult((deadline, loop.Time.GetTimestamp(), loop.IsCurrentThread)), null);
            timer.ScheduleAfter(TimeSpan.FromMilliseconds(3.4));
            deadline = timer.Deadline!.Value;
        }).WaitAsync(HangGuard);
        var (due, now, onLoop) = await fired.Task.WaitAsync(HangGuard);

        Assert.True(now >= due, "the timer fired before its deadline");
        Assert.True(onLoop);
        timer!.Dispose();
    }

    [Fact]
    public async Task An_exception_from_work_goes_to_the_handler_and_the_loop_carries_on()
    {
        var failures = new List<Exception>();
        var loop = Start("faulty", unhandledException: failures.Add);

        loop.Post(() => throw new InvalidDataException("first"));
        var after = await loop.InvokeAsync(() => "still running").WaitAsync(HangGuard);

        Assert.Equal("still running", after);
        Assert.IsType<InvalidDataException>(Assert.Single(failures));
    }

    [Fact]
    public void Disposing_ends_the_thread_and_later_posts_are_refused()
    {
        var loop = Start("disposed");
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var queuedRan = false;
        loop.Post(() =>
        {
            entered.Set();
            release.Wait();
        });
        loop.Post(() => queuedRan = true);
        Assert.True(entered.Wait(HangGuard));

        var disposer = new Thread(loop.Dispose);
        disposer.Start();
        while (!loop.IsDisposed)
        {
            Thread.Yield();
        }

        release.Set();
        disposer.Join();

        Assert.False(queuedRan);
        Assert.Throws<ObjectDisposedException>(() => loop.Post(() => { }));
    }

    [Fact]
    public void Posting_a_work_item_allocates_nothing_once_the_queues_have_grown()
    {
        const int Items = 10_000;
        var loop = Start("no-alloc");
        var item = new CountingItem();

        // Warm up: the loop swaps two queues, so grow each to the burst size while the loop is held.
        using (var entered1 = new ManualResetEventSlim())
        using (var hold1 = new ManualResetEventSlim())
        using (var entered2 = new ManualResetEventSlim())
        using (var hold2 = new ManualResetEventSlim())
        {
            item.Reset(2 * Items);
            loop.Post(() =>
            {
                entered1.Set();
                hold1.Wait();
            });
            Assert.True(entered1.Wait(HangGuard));
            loop.Post(() =>
            {
                entered2.Set();
                hold2.Wait();
            });
            PostMany(loop, item, Items);
            hold1.Set();
            Assert.True(entered2.Wait(HangGuard));
            PostMany(loop, item, Items);
            hold2.Set();
            Assert.True(item.Done.Wait(HangGuard));
        }

        item.Reset(Items, measureOnLoop: true);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Items; i++)
        {
            loop.Post(item);
        }

        var posterAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(item.Done.Wait(HangGuard));

        Assert.True(posterAllocated < Items, $"posting {Items} items allocated {posterAllocated} bytes on the posting thread");
        Assert.True(item.LoopAllocated < Items, $"running {Items} items allocated {item.LoopAllocated} bytes on the loop thread");
    }

    public void Dispose() => _loops.ForEach(loop => loop.Dispose());

    private static void PostMany(EventLoop loop, IWorkItem item, int count)
    {
        for (var i = 0; i < count; i++)
        {
            loop.Post(item);
        }
    }

    private ThreadEventLoop Start(string name, TimeProvider? clock = null, Action<Exception>? unhandledException = null)
    {
        var loop = new ThreadEventLoop(name, clock, unhandledException);
        _loops.Add(loop);
        return loop;
    }

    private sealed class CountingItem : IWorkItem
    {
        private int _remaining;
        private int _total;
        private bool _measure;
        private long _loopStart;

        public ManualResetEventSlim Done { get; } = new();

        public long LoopAllocated { get; private set; }

        public void Reset(int count, bool measureOnLoop = false)
        {
            Done.Reset();
            _remaining = count;
            _total = count;
            _measure = measureOnLoop;
        }

        public void Execute()
        {
            if (_measure && _remaining == _total)
            {
                _loopStart = GC.GetAllocatedBytesForCurrentThread();
            }

            if (--_remaining == 0)
            {
                if (_measure)
                {
                    LoopAllocated = GC.GetAllocatedBytesForCurrentThread() - _loopStart;
                }

                Done.Set();
            }
        }
    }
}
