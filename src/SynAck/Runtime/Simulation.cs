namespace SynAck.Runtime;

/// <summary>
/// A deterministic, single-threaded scheduler in virtual time that hosts the event loops of every
/// stack on one in-memory network, and the test scenario that drives them.
/// </summary>
/// <remarks>
/// <para>
/// All work posted to the simulation's loops goes into one FIFO queue and runs in order on the
/// thread that called <see cref="Run(Func{Task})"/>. When the queue is empty, virtual time
/// jumps to the earliest armed timer of <see cref="Time"/> and fires it. The scenario runs on
/// the simulation's own <see cref="SynchronizationContext"/>, so its <c>await</c> continuations
/// come back into the same queue. Nothing depends on the wall clock or on thread timing: the
/// same seed and scenario give the same run, step for step.
/// </para>
/// <para>
/// Code inside a simulation must not leave it: <c>Task.Run</c>, <c>ConfigureAwait(false)</c>
/// or a real clock would hand work to the thread pool, which the simulation neither sees nor
/// orders. Posting to a simulated loop from a foreign thread while the simulation runs throws.
/// </para>
/// </remarks>
public sealed partial class Simulation
{
    private readonly object _gate = new();
    private readonly Queue<QueuedWork> _queue = new();
    private readonly SimulatedEventLoop _scenarioLoop;
    private Thread? _runThread;
    private SimulatedEventLoop? _current;
    private int _randomStreams;

    /// <summary>Creates a simulation at virtual time zero.</summary>
    /// <param name="options">Seed, start time and time limit; defaults when null.</param>
    public Simulation(SimulationOptions? options = null)
    {
        options ??= new SimulationOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TimeLimit, TimeSpan.Zero, nameof(options));
        Seed = options.Seed;
        TimeLimit = options.TimeLimit;
        Time = new VirtualTimeProvider(this, options.StartTime);
        _scenarioLoop = new SimulatedEventLoop(this, "scenario");
    }

    /// <summary>The seed behind <see cref="CreateRandom"/>.</summary>
    public int Seed { get; }

    /// <summary>The virtual clock shared by every loop of this simulation.</summary>
    public VirtualTimeProvider Time { get; }

    /// <summary>The default virtual-time limit of one run.</summary>
    public TimeSpan TimeLimit { get; }

    /// <summary>How many work items and timer callbacks have run so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>How many work items are queued.</summary>
    public int PendingWorkCount
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Creates an event loop hosted by this simulation, on its virtual clock.</summary>
    /// <param name="name">The loop's name.</param>
    /// <returns>The loop. Disposing it drops its queued work.</returns>
    public EventLoop CreateLoop(string name) => new SimulatedEventLoop(this, name);

    /// <summary>
    /// Returns a new random generator on the next stream derived from <see cref="Seed"/>: the
    /// n-th call of one simulation returns the same sequence as the n-th call of another with the
    /// same seed.
    /// </summary>
    /// <returns>A seeded generator.</returns>
    public Random CreateRandom()
    {
        var stream = Interlocked.Increment(ref _randomStreams);
        return new Random(SeedMixer.Derive(Seed, stream));
    }

    internal bool IsRunning(SimulatedEventLoop loop) => _current == loop && _runThread == Thread.CurrentThread;

    internal void VerifyNotForeignThread()
    {
        var runThread = _runThread;
        if (runThread is not null && runThread != Thread.CurrentThread)
        {
            throw new InvalidOperationException(
                "Work reached the simulation from another thread while it runs; something inside the simulation used the thread pool "
                + "(Task.Run, ConfigureAwait(false) or a real clock), which would make the run nondeterministic.");
        }
    }

    internal bool TryEnqueue(SimulatedEventLoop owner, in WorkEntry work)
    {
        VerifyNotForeignThread();
        lock (_gate)
        {
            if (owner.IsDisposed)
            {
                return false;
            }

            _queue.Enqueue(new QueuedWork(owner, work));
        }

        return true;
    }

    private readonly record struct QueuedWork(SimulatedEventLoop Owner, WorkEntry Work);
}
