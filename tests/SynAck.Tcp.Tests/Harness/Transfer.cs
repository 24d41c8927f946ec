namespace SynAck.Tcp.Tests.Harness;

/// <summary>
/// An application on one end of a <see cref="Pair"/>: it sends <see cref="Outgoing"/> as fast as
/// the send buffer takes it, shuts down sending when done, and reads everything that arrives.
/// </summary>
internal sealed class Transfer(TcpControlBlock tcb, byte[] outgoing, int expectedIncoming)
{
    private readonly byte[] _readBuffer = new byte[16384];

    public byte[] Outgoing { get; } = outgoing;

    public byte[] Incoming { get; } = new byte[expectedIncoming];

    public int Sent { get; private set; }

    public int Received { get; private set; }

    /// <summary>Bytes that arrived beyond what was expected (must stay 0).</summary>
    public int Excess { get; private set; }

    public bool SawEndOfStream { get; private set; }

    public void Step(TimeSpan now)
    {
        if (tcb.State is TcpState.Established or TcpState.CloseWait && Sent < Outgoing.Length && tcb.CanSend)
        {
            Sent += tcb.Send(Outgoing.AsSpan(Sent));
        }

        if (Sent == Outgoing.Length && tcb.CanSend && tcb.State is TcpState.Established or TcpState.CloseWait)
        {
            tcb.ShutdownSend(now);
        }

        int read;
        while ((read = tcb.Receive(_readBuffer)) > 0)
        {
            var fits = Math.Min(read, Incoming.Length - Received);
            _readBuffer.AsSpan(0, fits).CopyTo(Incoming.AsSpan(Received));
            Received += fits;
            Excess += read - fits;
        }

        SawEndOfStream |= tcb.IsEndOfStream;
    }
}
