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
}
