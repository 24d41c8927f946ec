using SynAck.Runtime;

namespace SynAck.Tests.Runtime;

public class SimulationTests
{
    [Fact]
    public void Work_posted_to_several_loops_runs_in_the_order_posted()
    {
        var simulation = new Simulation();
        var a = simulation.CreateLoop("a");
        var b = simulation.CreateLoop("b");
        var trace = new List<string>();

        a.Post(() => trace.Add("a1"));
        b.Post(() =>
        {
            trace.Add("b1");
            a.Post(() => trace.Add("a3 (posted by b1)"));
        });
        a.Post(() => trace.Add("a2"));
        simulation.RunUntilIdle();

        Assert.Equal(["a1", "b1", "a2", "a3 (posted by b1)"], trace);
        Assert.Equal(TimeSpan.Zero, simulation.Time.Elapsed);
    }

    [Fact]
    public void Time_stands_still_while_work_runs_and_jumps_to_the_next_timer_when_idle()
    {
        var simulation = new Simulation();
        var loop = simulation.CreateLoop("loop");
        var trace = new List<(string What, TimeSpan When)>();
        using var late = simulation.Time.CreateTimer(_ => trace.Add(("timer 5 ms", simulation.Time.Elapsed)), null, TimeSpan.FromMilliseconds(5), Timeout.InfiniteTimeSpan);
        using var early = simulation.Time.CreateTimer(_ => trace.Add(("timer 2 ms", simulation.Time.Elapsed)), null, TimeSpan.FromMilliseconds(2), Timeout.InfiniteTimeSpan);
        loop.Post(() => trace.Add(("work", simulation.Time.Elapsed)));

        simulation.RunUntilIdle();

        Assert.Equal(
            [("work", TimeSpan.Zero), ("timer 2 ms", TimeSpan.FromMilliseconds(2)), ("timer 5 ms", TimeSpan.FromMilliseconds(5))],
            trace);
    }

    [Fact]
    public void Timers_due_at_the_same_instant_fire_in_the_order_they_were_set()
    {
        var simulation = new Simulation();
        var fired = new List<int>();
        var timers = Enumerable.Range(0, 5)
            .Select(i => simulation.Time.CreateTimer(_ => fired.Add(i), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan))
            .ToList();

        simulation.RunUntilIdle();

        Assert.Equal([0, 1, 2, 3, 4], fired);
        timers.ForEach(t => t.Dispose());
    }

    [Fact]
    public void A_periodic_timer_fires_once_per_period_until_disposed()
    {
        var simulation = new Simulation();
        var fired = new List<TimeSpan>();
        using var timer = simulation.Time.CreateTimer(_ => fired.Add(simulation.Time.Elapsed), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        simulation.RunFor(TimeSpan.FromSeconds(6));

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5)], fired);
        Assert.Equal(TimeSpan.FromSeconds(6), simulation.Time.Elapsed);
    }

    [Fact]
    public void A_ten_minute_virtual_delay_completes_at_exactly_ten_minutes()
    {
        var simulation = new Simulation();
        var start = simulation.Time.GetUtcNow();

        var elapsed = simulation.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromMinutes(10), simulation.Time);
            return simulation.Time.Elapsed;
        });

        Assert.Equal(TimeSpan.FromMinutes(10), elapsed);
        Assert.Equal(start + TimeSpan.FromMinutes(10), simulation.Time.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(10).Ticks, simulation.Time.GetTimestamp());
    }

    [Fact]
    public void A_cancellation_token_with_a_virtual_timeout_cancels_at_that_virtual_time()
    {
        var simulation = new Simulation();

        var cancelledAt = simulation.Run(async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), simulation.Time);
            var never = new TaskCompletionSource();
            await Assert.ThrowsAsync<TaskCanceledException>(() => never.Task.WaitAsync(timeout.Token));
            return simulation.Time.Elapsed;
        });

        Assert.Equal(TimeSpan.FromSeconds(30), cancelledAt);
    }

    [Fact]
    public void A_scenario_that_waits_for_something_that_never_happens_fails_as_a_deadlock()
    {
        var simulation = new Simulation();
        var never = new TaskCompletionSource();

        var error = Assert.Throws<SimulationDeadlockException>(() => simulation.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3), simulation.Time);
            await never.Task;
        }));

        Assert.Contains("00:00:03", error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(3), simulation.Time.Elapsed);
    }

    [Fact]
    public void A_scenario_that_needs_more_virtual_time_than_its_limit_fails_with_the_time_limit()
    {
        var simulation = new Simulation(new SimulationOptions { TimeLimit = TimeSpan.FromMinutes(1) });
        using var heartbeat = simulation.Time.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var never = new TaskCompletionSource();

        Assert.Throws<SimulationTimeLimitException>(() => simulation.Run(() => never.Task));

        Assert.Equal(TimeSpan.FromMinutes(1), simulation.Time.Elapsed);
    }

    [Fact]
    public void The_time_limit_counts_from_the_start_of_each_run()
    {
        var simulation = new Simulation(new SimulationOptions { TimeLimit = TimeSpan.FromMinutes(1) });

        simulation.Run(() => Task.Delay(TimeSpan.FromSeconds(50), simulation.Time));
        simulation.Run(() => Task.Delay(TimeSpan.FromSeconds(50), simulation.Time));
        Assert.Throws<SimulationTimeLimitException>(() => simulation.Run(() => Task.Delay(TimeSpan.FromSeconds(61), simulation.Time)));
        simulation.Run(() => Task.Delay(TimeSpan.FromMinutes(2), simulation.Time), TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void An_exception_in_the_scenario_propagates_unwrapped()
    {
        var simulation = new Simulation();

        var error = Assert.Throws<InvalidDataException>(() => simulation.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), simulation.Time);
            throw new InvalidDataException("boom");
        }));

        Assert.Equal("boom", error.Message);
    }

    [Fact]
    public void An_exception_in_a_work_item_ends_the_run_and_propagates()
    {
        var simulation = new Simulation();
        var loop = simulation.CreateLoop("loop");
        var ranAfter = false;
        loop.Post(() => throw new InvalidDataException("in loop"));
        loop.Post(() => ranAfter = true);

        Assert.Throws<InvalidDataException>(() => simulation.RunUntilIdle());
        Assert.False(ranAfter);

        simulation.RunUntilIdle();
        Assert.True(ranAfter);
    }

    [Fact]
    public void An_await_inside_loop_work_continues_on_the_same_loop()
    {
        var simulation = new Simulation();
        var loop = simulation.CreateLoop("loop");
        var other = simulation.CreateLoop("other");
        var onLoopAfterAwait = false;
        var onOtherAfterAwait = true;

        simulation.Run(() => loop.InvokeAsync(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), simulation.Time);
            onLoopAfterAwait = loop.IsCurrentThread;
            onOtherAfterAwait = other.IsCurrentThread;
        }).Unwrap());

        Assert.True(onLoopAfterAwait);
        Assert.False(onOtherAfterAwait);
    }

    [Fact]
    public void Combinators_over_loop_tasks_stay_inside_the_simulation()
    {
        var simulation = new Simulation();
        var a = simulation.CreateLoop("a");
        var b = simulation.CreateLoop("b");

        var (first, second) = simulation.Run(async () =>
        {
            var results = await Task.WhenAll(
                a.InvokeAsync(async () =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), simulation.Time);
                    return simulation.Time.Elapsed;
                }).Unwrap(),
                b.InvokeAsync(() => simulation.Time.Elapsed));
            return (results[0], results[1]);
        });

        Assert.Equal(TimeSpan.FromSeconds(2), first);
        Assert.Equal(TimeSpan.Zero, second);
    }

    [Fact]
    public void A_loop_is_current_only_inside_its_own_work()
    {
        var simulation = new Simulation();
        var a = simulation.CreateLoop("a");
        var b = simulation.CreateLoop("b");
        bool? aInsideA = null, bInsideA = null, aInScenario = null;

        simulation.Run(async () =>
        {
            aInScenario = a.IsCurrentThread;
            await a.InvokeAsync(() =>
            {
                aInsideA = a.IsCurrentThread;
                bInsideA = b.IsCurrentThread;
            });
        });

        Assert.True(aInsideA);
        Assert.False(bInsideA);
        Assert.False(aInScenario);
        Assert.False(a.IsCurrentThread);
    }

    [Fact]
    public void InvokeAsync_returns_the_result_or_the_exception_of_the_loop_work()
    {
        var simulation = new Simulation();
        var loop = simulation.CreateLoop("loop");

        var result = simulation.Run(() => loop.InvokeAsync(() => loop.Name + " ran"));
        Assert.Equal("loop ran", result);
        Assert.Throws<FormatException>(() => simulation.Run(() => loop.InvokeAsync(() => throw new FormatException())));
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_another_seed_a_different_one()
    {
        static List<string> Trace(int seed)
        {
            var simulation = new Simulation(new SimulationOptions { Seed = seed });
            var loops = new[] { simulation.CreateLoop("a"), simulation.CreateLoop("b"), simulation.CreateLoop("c") };
            var random = simulation.CreateRandom();
            var trace = new List<string>();
            var timers = new List<ITimer>();
            for (var i = 0; i < 200; i++)
            {
                var loop = loops[random.Next(loops.Length)];
                var message = i;
                timers.Add(simulation.Time.CreateTimer(
                    _ => loop.Post(() => trace.Add($"{simulation.Time.Elapsed.Ticks} {loop.Name} {message}")),
                    null,
                    TimeSpan.FromMilliseconds(random.Next(1000)),
                    Timeout.InfiniteTimeSpan));
            }

            simulation.RunUntilIdle();
            return trace;
        }

        var first = Trace(7);
        Assert.Equal(200, first.Count);
        Assert.Equal(first, Trace(7));
        Assert.NotEqual(first, Trace(8));
    }

    [Fact]
    public void CreateRandom_gives_the_same_streams_for_the_same_seed()
    {
        var one = new Simulation(new SimulationOptions { Seed = 42 });
        var two = new Simulation(new SimulationOptions { Seed = 42 });

        var firstStream = one.CreateRandom().Next();
        Assert.Equal(firstStream, two.CreateRandom().Next());
        Assert.NotEqual(firstStream, one.CreateRandom().Next());
    }

    [Fact]
    public void RunFor_runs_what_is_due_within_the_span_and_leaves_the_clock_at_its_end()
    {
        var simulation = new Simulation();
        var fired = new List<TimeSpan>();
        using var inside = simulation.Time.CreateTimer(_ => fired.Add(simulation.Time.Elapsed), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        using var outside = simulation.Time.CreateTimer(_ => fired.Add(simulation.Time.Elapsed), null, TimeSpan.FromSeconds(10.5), Timeout.InfiniteTimeSpan);

        simulation.RunFor(TimeSpan.FromSeconds(10));

        Assert.Equal([TimeSpan.FromSeconds(10)], fired);
        Assert.Equal(TimeSpan.FromSeconds(10), simulation.Time.Elapsed);
        Assert.Equal(1, simulation.Time.ActiveTimerCount);
    }

    [Fact]
    public void RunUntil_stops_at_the_step_that_makes_the_condition_true_and_leaves_later_work_queued()
    {
        var simulation = new Simulation();
        var loop = simulation.CreateLoop("loop");
        var fired = new List<TimeSpan>();
        using var first = simulation.Time.CreateTimer(_ => loop.Post(() => fired.Add(simulation.Time.Elapsed)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var second = simulation.Time.CreateTimer(_ => fired.Add(simulation.Time.Elapsed), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        loop.Post(() => fired.Add(TimeSpan.MinValue));

        var held = simulation.RunUntil(() => fired.Count == 2, TimeSpan.FromSeconds(10));

        Assert.True(held);
        Assert.Equal([TimeSpan.MinValue, TimeSpan.FromSeconds(2)], fired);
        Assert.Equal(TimeSpan.FromSeconds(2), simulation.Time.Elapsed);
        Assert.Equal(1, simulation.Time.ActiveTimerCount);
    }

    [Fact]
    public void RunUntil_returns_false_with_the_clock_at_the_end_when_the_condition_never_holds()
    {
        var simulation = new Simulation();
        var fired = 0;
        using var inside = simulation.Time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var outside = simulation.Time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(6), Timeout.InfiniteTimeSpan);

        var held = simulation.RunUntil(() => fired == 2, TimeSpan.FromSeconds(5));

        Assert.False(held);
        Assert.Equal(1, fired);
        Assert.Equal(TimeSpan.FromSeconds(5), simulation.Time.Elapsed);
    }

    [Fact]
    public void RunUntil_runs_nothing_when_the_condition_already_holds()
    {
        var simulation = new Simulation();
        var loop = simulation.CreateLoop("loop");
        var ran = false;
        loop.Post(() => ran = true);

        Assert.True(simulation.RunUntil(() => true, TimeSpan.FromSeconds(1)));
        Assert.False(ran);
        Assert.Equal(1, simulation.PendingWorkCount);
        Assert.Equal(TimeSpan.Zero, simulation.Time.Elapsed);
    }

    [Fact]
    public void Posting_from_a_foreign_thread_while_the_simulation_runs_is_refused()
    {
        var simulation = new Simulation();
        var loop = simulation.CreateLoop("loop");
        Exception? refused = null;

        simulation.Run(() =>
        {
            var thread = new Thread(() => refused = Record.Exception(() => loop.Post(() => { })));
            thread.Start();
            thread.Join();
            return Task.CompletedTask;
        });

        Assert.IsType<InvalidOperationException>(refused);
        Assert.Equal(0, simulation.PendingWorkCount);
    }

    [Fact]
    public void A_disposed_loop_drops_its_queued_work_and_refuses_new_work()
    {
        var simulation = new Simulation();
        var loop = simulation.CreateLoop("loop");
        var ran = false;
        loop.Post(() => ran = true);

        loop.Dispose();
        simulation.RunUntilIdle();

        Assert.False(ran);
        Assert.True(loop.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => loop.Post(() => { }));
    }

    [Fact]
    public void Runs_do_not_nest()
    {
        var simulation = new Simulation();

        Assert.Throws<InvalidOperationException>(() => simulation.Run(() =>
        {
            simulation.RunUntilIdle();
            return Task.CompletedTask;
        }));
    }

    [Fact]
    public void The_callers_synchronization_context_is_restored_after_a_run()
    {
        var simulation = new Simulation();
        var before = SynchronizationContext.Current;
        SynchronizationContext? during = null;

        simulation.Run(() =>
        {
            during = SynchronizationContext.Current;
            return Task.CompletedTask;
        });

        Assert.NotNull(during);
        Assert.NotSame(before, during);
        Assert.Same(before, SynchronizationContext.Current);
    }
}
