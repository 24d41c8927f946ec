using System.Globalization;

namespace SynAck.Runtime;

/// <content>Driving the simulation: running scenarios, running for a while, running until idle.</content>
public sealed partial class Simulation
{
    /// <summary>
    /// Runs <paramref name="scenario"/> inside the simulation and returns once the task it
    /// returns has completed, running posted work and advancing virtual time as needed. Work
    /// still queued at that moment stays queued for the next run.
    /// </summary>
    /// <param name="scenario">The test scenario; it starts at once, on the simulation's context.</param>
    /// <exception cref="SimulationDeadlockException">Nothing is runnable, no timer is armed, and the scenario has not completed.</exception>
    /// <exception cref="SimulationTimeLimitException">The scenario would need more than <see cref="TimeLimit"/> of virtual time.</exception>
    /// <exception cref="InvalidOperationException">The simulation is already running (runs do not nest).</exception>
    /// <remarks>An exception thrown by the scenario, or by any work item or timer callback, ends the run and propagates.</remarks>
    public void Run(Func<Task> scenario) => Run(scenario, TimeLimit);

    /// <summary>Runs <paramref name="scenario"/> as <see cref="Run(Func{Task})"/> does, with its own time limit.</summary>
    /// <param name="scenario">The test scenario.</param>
    /// <param name="timeLimit">How much virtual time the scenario may take.</param>
    public void Run(Func<Task> scenario, TimeSpan timeLimit)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        RunScenario(scenario, timeLimit).GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="scenario"/> as <see cref="Run(Func{Task})"/> does and returns its result.</summary>
    /// <typeparam name="T">The scenario's result type.</typeparam>
    /// <param name="scenario">The test scenario.</param>
    /// <returns>What the scenario's task returned.</returns>
    public T Run<T>(Func<Task<T>> scenario) => Run(scenario, TimeLimit);

    /// <summary>Runs <paramref name="scenario"/> as <see cref="Run(Func{Task})"/> does, with its own time limit, and returns its result.</summary>
    /// <typeparam name="T">The scenario's result type.</typeparam>
    /// <param name="scenario">The test scenario.</param>
    /// <param name="timeLimit">How much virtual time the scenario may take.</param>
    /// <returns>What the scenario's task returned.</returns>
    public T Run<T>(Func<Task<T>> scenario, TimeSpan timeLimit)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return ((Task<T>)RunScenario(scenario, timeLimit)).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Runs work and fires timers until virtual time reaches now plus <paramref name="duration"/>,
    /// then leaves the clock there. Work due exactly at the end runs.
    /// </summary>
    /// <param name="duration">How much virtual time to let pass.</param>
    public void RunFor(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var target = TimestampMath.SaturatingAdd(Time.GetTimestamp(), duration.Ticks);
        var previous = Enter();
        try
        {
            while (true)
            {
                if (TryRunNextWorkItem())
                {
                    continue;
                }

                if (!Time.TryGetNextDue(out var due) || due > target)
                {
                    break;
                }

                FireNextTimer();
            }

            Time.AdvanceTo(target);
        }
        finally
        {
            Exit(previous);
        }
    }

    /// <summary>
    /// Runs work and fires timers as <see cref="RunFor"/> does, but stops as soon as
    /// <paramref name="condition"/> holds: it is checked first and then after every work item and
    /// every timer. When it holds the clock stays at the moment it came true, with later work
    /// still queued; otherwise the clock ends at now plus <paramref name="duration"/>.
    /// </summary>
    /// <param name="condition">What to wait for; called on the simulation's thread between steps.</param>
    /// <param name="duration">The most virtual time to let pass.</param>
    /// <returns>True when <paramref name="condition"/> held, false when the time ran out first.</returns>
    public bool RunUntil(Func<bool> condition, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var target = TimestampMath.SaturatingAdd(Time.GetTimestamp(), duration.Ticks);
        var previous = Enter();
        try
        {
            while (!condition())
            {
                if (TryRunNextWorkItem())
                {
                    continue;
                }

                if (!Time.TryGetNextDue(out var due) || due > target)
                {
                    Time.AdvanceTo(target);
                    return false;
                }

                FireNextTimer();
            }

            return true;
        }
        finally
        {
            Exit(previous);
        }
    }

    /// <summary>Runs work and fires timers until no work is queued and no timer is armed.</summary>
    /// <exception cref="SimulationTimeLimitException">Timers keep coming past <see cref="TimeLimit"/> of virtual time.</exception>
    public void RunUntilIdle()
    {
        var limitAt = TimestampMath.SaturatingAdd(Time.GetTimestamp(), TimeLimit.Ticks);
        var previous = Enter();
        try
        {
            while (true)
            {
                if (TryRunNextWorkItem())
                {
                    continue;
                }

                if (!Time.TryGetNextDue(out var due))
                {
                    break;
                }

                ThrowIfPastLimit(due, limitAt, TimeLimit, "timers were still armed");
                FireNextTimer();
            }
        }
        finally
        {
            Exit(previous);
        }
    }

    private static string Format(TimeSpan time) => time.ToString("c", CultureInfo.InvariantCulture);

    private Task RunScenario(Func<Task> scenario, TimeSpan timeLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeLimit, TimeSpan.Zero);
        var limitAt = TimestampMath.SaturatingAdd(Time.GetTimestamp(), timeLimit.Ticks);
        var previous = Enter();
        try
        {
            _current = _scenarioLoop;
            SynchronizationContext.SetSynchronizationContext(_scenarioLoop.Context);
            StepCount++;
            Task task;
            try
            {
                task = scenario() ?? throw new InvalidOperationException("The scenario returned no task.");
            }
            finally
            {
                _current = null;
            }

            while (!task.IsCompleted)
            {
                if (TryRunNextWorkItem())
                {
                    continue;
                }

                if (!Time.TryGetNextDue(out var due))
                {
                    throw new SimulationDeadlockException(
                        $"The simulation is deadlocked at virtual time {Format(Time.Elapsed)}: the scenario has not completed, "
                        + "no work is queued and no timer is armed, so it waits for something that can never happen "
                        + "(or for work that escaped to the thread pool).");
                }

                ThrowIfPastLimit(due, limitAt, timeLimit, "the scenario had not completed");
                FireNextTimer();
            }

            return task;
        }
        finally
        {
            Exit(previous);
        }
    }

    private void ThrowIfPastLimit(long due, long limitAt, TimeSpan timeLimit, string what)
    {
        if (due > limitAt)
        {
            throw new SimulationTimeLimitException(
                $"The simulation passed its limit of {Format(timeLimit)} of virtual time: at {Format(Time.Elapsed)} {what} "
                + $"and the next timer is due at {Format(new TimeSpan(due))}.");
        }
    }

    private SynchronizationContext? Enter()
    {
        lock (_gate)
        {
            if (_runThread is not null)
            {
                throw new InvalidOperationException("The simulation is already running; runs cannot nest or overlap.");
            }

            _runThread = Thread.CurrentThread;
        }

        return SynchronizationContext.Current;
    }

    private void Exit(SynchronizationContext? previous)
    {
        _current = null;
        SynchronizationContext.SetSynchronizationContext(previous);
        lock (_gate)
        {
            _runThread = null;
        }
    }

    private bool TryRunNextWorkItem()
    {
        QueuedWork next;
        lock (_gate)
        {
            if (!_queue.TryDequeue(out next))
            {
                return false;
            }
        }

        if (next.Owner.IsDisposed)
        {
            return true;
        }

        StepCount++;
        _current = next.Owner;
        SynchronizationContext.SetSynchronizationContext(next.Owner.Context);
        try
        {
            next.Work.Invoke();
        }
        finally
        {
            _current = null;
        }

        return true;
    }

    private void FireNextTimer()
    {
        var timer = Time.AdvanceToNextTimer();
        if (timer is null)
        {
            return;
        }

        StepCount++;
        // Timer callbacks run outside every loop, as on the thread pool, but an await inside
        // one continues in the simulation rather than escaping to real threads.
        SynchronizationContext.SetSynchronizationContext(_scenarioLoop.Context);
        timer.Fire();
    }
}
