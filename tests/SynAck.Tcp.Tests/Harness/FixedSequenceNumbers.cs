using SynAck.Wire;

namespace SynAck.Tcp.Tests.Harness;

/// <summary>An ISN source that always answers with the same number, so tests can name x and y.</summary>
internal sealed class FixedSequenceNumbers(uint value) : IInitialSequenceNumberSource
{
    public int Calls { get; private set; }

    public SequenceNumber GetInitialSequenceNumber(in TcpConnectionIdentity identity, TimeSpan now)
    {
        Calls++;
        return value;
    }
}
