namespace SynAck.Tcp;

/// <summary>A connection's reusable read: fills the caller's buffer with what has arrived, or waits for it.</summary>
internal sealed class ReadOperation(TcpConnection connection) : LoopOperation<int>(connection.Stack.Loop)
{
    public Memory<byte> Buffer { get; private set; }

    public ValueTask<int> Start(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        Claim("read");
        Buffer = buffer;
        var version = Launch(cancellationToken);
        return new ValueTask<int>(this, version);
    }

    public override void Progress() => connection.ProgressRead(this);

    protected override void OnFinished() => Buffer = default;
}

/// <summary>A connection's reusable write: queues the caller's bytes as the send buffer frees up.</summary>
internal sealed class WriteOperation(TcpConnection connection) : LoopOperation<int>(connection.Stack.Loop)
{
    public ReadOnlyMemory<byte> Buffer { get; private set; }

    public int Written { get; set; }

    public ValueTask Start(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        Claim("write");
        Buffer = buffer;
        Written = 0;
        var version = Launch(cancellationToken);
        return new ValueTask(this, version);
    }

    public override void Progress() => connection.ProgressWrite(this);

    protected override void OnFinished() => Buffer = default;
}
