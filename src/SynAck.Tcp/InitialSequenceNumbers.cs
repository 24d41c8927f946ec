using SynAck.Tcp.Security;
using SynAck.Wire;

namespace SynAck.Tcp;

/// <summary>
/// The RFC 6528 ISN source (RFC 9293 §3.4.1): a 4 µs clock plus SipHash-2-4 of the 4-tuple under
/// a secret key, through <see cref="InitialSequenceNumberGenerator"/>. One per stack; the stack
/// draws the key from a cryptographic source, tests give a fixed one.
/// </summary>
public sealed class InitialSequenceNumbers : IInitialSequenceNumberSource
{
    private readonly InitialSequenceNumberGenerator _generator;

    /// <summary>Creates the source with a 16-byte secret key.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 16 bytes long.</exception>
    public InitialSequenceNumbers(ReadOnlySpan<byte> key) => _generator = new InitialSequenceNumberGenerator(key);

    /// <inheritdoc/>
    public SequenceNumber GetInitialSequenceNumber(in TcpConnectionIdentity identity, TimeSpan now)
    {
        Span<byte> local = stackalloc byte[16];
        Span<byte> remote = stackalloc byte[16];
        if (!identity.LocalAddress.TryWriteBytes(local, out var localLength) || !identity.RemoteAddress.TryWriteBytes(remote, out var remoteLength))
        {
            throw new ArgumentException("The identity's addresses must be IPv4 or IPv6.", nameof(identity));
        }

        return _generator.Next(local[..localLength], identity.LocalPort, remote[..remoteLength], identity.RemotePort, now);
    }

    /// <inheritdoc/>
    public uint GetTimestampOffset(in TcpConnectionIdentity identity)
    {
        Span<byte> local = stackalloc byte[16];
        Span<byte> remote = stackalloc byte[16];
        if (!identity.LocalAddress.TryWriteBytes(local, out var localLength) || !identity.RemoteAddress.TryWriteBytes(remote, out var remoteLength))
        {
            throw new ArgumentException("The identity's addresses must be IPv4 or IPv6.", nameof(identity));
        }

        return _generator.TimestampOffset(local[..localLength], remote[..remoteLength]);
    }
}
