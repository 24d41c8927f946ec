using SynAck.Runtime;

namespace SynAck.Tests.Runtime;

public class LoopTimerTests
{
    private readonly Simulation _simulation = new();
    private readonly EventLoop _loop;
    private readonly List<(TimeSpan At, bool OnLoop)> _fired = [];

    public LoopTimerTests() => _loop = _simulation.CreateLoop("loop");

    [Fact]
    public void The_callback_runs_on_the_loop_at_exactly_the_deadline()
    {
        using var timer = CreateTimer();

        OnLoop(() => timer.ScheduleAfter(TimeSpan.FromMilliseconds(250.5)));
        _simulation.RunUntilIdle();

        Assert.Equal([(TimeSpan.FromMilliseconds(250.5), true)], _fired);
        Assert.False(timer.IsScheduled);
    }

    [Fact]
    public void Rescheduling_later_moves_the_callback_to_the_new_deadline()
    {
        using var timer = CreateTimer();

        OnLoop(() => timer.ScheduleAfter(TimeSpan.FromSeconds(1)));
        _simulation.RunFor(TimeSpan.FromMilliseconds(500));
        OnLoop(() => timer.ScheduleAfter(TimeSpan.FromSeconds(1)));
        _simulation.RunUntilIdle();

        Assert.Equal([(TimeSpan.FromMilliseconds(1500), true)], _fired);
    }

    [Fact]
    public void Rescheduling_earlier_moves_the_callback_to_the_new_deadline()
    {
        using var timer = CreateTimer();

        OnLoop(() => timer.ScheduleAfter(TimeSpan.FromSeconds(10)));
        _simulation.RunFor(TimeSpan.FromSeconds(1));
        OnLoop(() => timer.ScheduleAt(_simulation.Time.GetTimestamp() + TimeSpan.FromSeconds(2).Ticks));
        _simulation.RunUntilIdle();

        Assert.Equal([(TimeSpan.FromSeconds(3), true)], _fired);
    }

    [Fact]
    public void A_cancelled_timer_never_runs_its_callback_and_leaves_no_timer_armed()
    {
        using var timer = CreateTimer();

        OnLoop(() => timer.ScheduleAfter(TimeSpan.FromSeconds(1)));
        _simulation.RunFor(TimeSpan.FromMilliseconds(10));
        OnLoop(timer.Cancel);
        _simulation.RunUntilIdle();

        Assert.Empty(_fired);
        Assert.Equal(0, _simulation.Time.ActiveTimerCount);
        Assert.Equal(TimeSpan.FromMilliseconds(10), _simulation.Time.Elapsed);
    }

    [Fact]
    public void A_deadline_in_the_past_runs_the_callback_as_soon_as_possible()
    {
        using var timer = CreateTimer();
        _simulation.RunFor(TimeSpan.FromSeconds(5));

        OnLoop(() => timer.ScheduleAt(0));
        _simulation.RunUntilIdle();

        Assert.Equal([(TimeSpan.FromSeconds(5), true)], _fired);
    }

    [Fact]
    public void A_timer_can_be_scheduled_again_from_its_own_callback()
    {
        LoopTimer? timer = null;
        timer = _loop.CreateTimer(
            _ =>
            {
                _fired.Add((_simulation.Time.Elapsed, _loop.IsCurrentThread));
                if (_fired.Count < 3)
                {
                    timer!.ScheduleAfter(TimeSpan.FromSeconds(1));
                }
            },
            null);

        OnLoop(() => timer.ScheduleAfter(TimeSpan.FromSeconds(1)));
        _simulation.RunUntilIdle();

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)], _fired.Select(f => f.At));
        timer.Dispose();
    }

    [Fact]
    public void Scheduling_off_the_loop_is_refused()
    {
        using var timer = CreateTimer();

        Assert.Throws<InvalidOperationException>(() => timer.ScheduleAfter(TimeSpan.FromSeconds(1)));
        Assert.Throws<InvalidOperationException>(timer.Cancel);
    }

    private LoopTimer CreateTimer() => _loop.CreateTimer(_ => _fired.Add((_simulation.Time.Elapsed, _loop.IsCurrentThread)), null);

    private void OnLoop(Action action)
    {
        _loop.Post(action);
        _simulation.RunFor(TimeSpan.Zero);
    }
}
