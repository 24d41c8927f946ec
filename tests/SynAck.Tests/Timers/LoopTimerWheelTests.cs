using SynAck.Runtime;
using SynAck.Timers;

namespace SynAck.Tests.Timers;

public sealed class LoopTimerWheelTests : IDisposable
{
    private readonly Simulation _simulation = new();
    private readonly EventLoop _loop;
    private readonly LoopTimerWheel<string> _wheel;
    private readonly List<(string Name, TimeSpan At, bool OnLoop)> _expired = [];

    public LoopTimerWheelTests()
    {
        _loop = _simulation.CreateLoop("stack");
        _wheel = new LoopTimerWheel<string>(_loop, (_, name) => _expired.Add((name, _simulation.Time.Elapsed, _loop.IsCurrentThread)));
    }

    [Fact]
    public void Entries_expire_on_the_loop_at_their_deadline_rounded_up_to_the_next_millisecond()
    {
        OnLoop(() =>
        {
            _wheel.ScheduleAfter(_wheel.Add("exact"), TimeSpan.FromMilliseconds(5));
            _wheel.ScheduleAfter(_wheel.Add("fraction"), TimeSpan.FromMilliseconds(10.3));
            _wheel.ScheduleAfter(_wheel.Add("minutes"), TimeSpan.FromMinutes(7));
        });

        _simulation.RunUntilIdle();

        Assert.Equal(
            [("exact", TimeSpan.FromMilliseconds(5), true), ("fraction", TimeSpan.FromMilliseconds(11), true), ("minutes", TimeSpan.FromMinutes(7), true)],
            _expired);
    }

    [Fact]
    public void Moving_a_deadline_earlier_than_the_armed_one_rearms_the_loop_timer()
    {
        var handle = 0;
        OnLoop(() =>
        {
            handle = _wheel.Add("rto");
            _wheel.ScheduleAfter(handle, TimeSpan.FromSeconds(3));
        });
        _simulation.RunFor(TimeSpan.FromSeconds(1));

        OnLoop(() => _wheel.ScheduleAfter(handle, TimeSpan.FromMilliseconds(200)));
        _simulation.RunUntilIdle();

        Assert.Equal([("rto", TimeSpan.FromMilliseconds(1200), true)], _expired);
    }

    [Fact]
    public void A_cancelled_entry_never_expires()
    {
        OnLoop(() =>
        {
            var cancelled = _wheel.Add("cancelled");
            _wheel.ScheduleAfter(cancelled, TimeSpan.FromSeconds(1));
            _wheel.ScheduleAfter(_wheel.Add("kept"), TimeSpan.FromSeconds(2));
            _wheel.Cancel(cancelled);
        });

        _simulation.RunUntilIdle();

        Assert.Equal([("kept", TimeSpan.FromSeconds(2), true)], _expired);
    }

    [Fact]
    public void Ten_thousand_connections_each_expire_at_their_own_millisecond()
    {
        var random = new Random(3);
        var deadlines = Enumerable.Range(0, 10_000).Select(_ => TimeSpan.FromMilliseconds(random.Next(1, 600_000))).ToArray();
        OnLoop(() =>
        {
            for (var i = 0; i < deadlines.Length; i++)
            {
                _wheel.ScheduleAfter(_wheel.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), deadlines[i]);
            }
        });

        _simulation.RunUntilIdle();

        Assert.Equal(deadlines.Length, _expired.Count);
        Assert.All(_expired, e => Assert.Equal(deadlines[int.Parse(e.Name, System.Globalization.CultureInfo.InvariantCulture)], e.At));
        Assert.Equal(_expired.Select(e => e.At).Order(), _expired.Select(e => e.At));
    }

    [Fact]
    public void Using_the_wheel_off_its_loop_is_refused()
        => Assert.Throws<InvalidOperationException>(() => _wheel.Add("outside"));

    public void Dispose() => _wheel.Dispose();

    private void OnLoop(Action action)
    {
        _loop.Post(action);
        _simulation.RunFor(TimeSpan.Zero);
    }
}
