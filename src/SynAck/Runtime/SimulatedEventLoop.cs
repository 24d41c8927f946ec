namespace SynAck.Runtime;

/// <summary>An event loop hosted by a <see cref="Simulation"/>: its work goes into the simulation's single FIFO.</summary>
internal sealed class SimulatedEventLoop(Simulation simulation, string name) : EventLoop(name)
{
    private volatile bool _disposed;

    public Simulation Simulation { get; } = simulation;

    public override TimeProvider Time => Simulation.Time;

    public override bool IsCurrentThread => Simulation.IsRunning(this);

    public override bool IsDisposed => _disposed;

    public override TaskCreationOptions TaskCompletionOptions => TaskCreationOptions.None;

    protected override void Dispose(bool disposing) => _disposed = true;

    private protected override bool TryEnqueue(in WorkEntry entry) => Simulation.TryEnqueue(this, entry);
}
