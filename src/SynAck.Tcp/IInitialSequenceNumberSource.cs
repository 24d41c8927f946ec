using SynAck.Wire;

namespace SynAck.Tcp;

/// <summary>
/// Chooses initial send sequence numbers (ISS). The stack supplies one (RFC 6528: a clock plus a
/// keyed hash of the 4-tuple); tests supply fixed numbers. The core never reads a clock or ambient
/// randomness itself (DESIGN.md rule 3).
/// </summary>
public interface IInitialSequenceNumberSource
{
    /// <summary>The ISS for a new incarnation of <paramref name="identity"/> opened at <paramref name="now"/>.</summary>
    /// <param name="identity">The connection's 4-tuple.</param>
    /// <param name="now">The caller's monotonic clock.</param>
    SequenceNumber GetInitialSequenceNumber(in TcpConnectionIdentity identity, TimeSpan now);

    /// <summary>
    /// The offset added to the connection's timestamp clock (RFC 7323 §5.4, Linux's tsoffset), so
    /// that TSval does not reveal the host's uptime. It should depend only on the two addresses, so
    /// that the clock keeps rising from one connection to the next between them (RFC 6191 relies on
    /// it). The default is 0.
    /// </summary>
    /// <param name="identity">The connection's 4-tuple.</param>
    uint GetTimestampOffset(in TcpConnectionIdentity identity) => 0;
}
