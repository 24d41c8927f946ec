using System.Buffers.Binary;
using SynAck.Wire;

namespace SynAck.Tcp.Security;

/// <summary>
/// Initial sequence numbers as RFC 6528 §3 prescribes: <c>ISN = M + F(localip, localport,
/// remoteip, remoteport, secretkey)</c>, where M is a timer that ticks every 4 microseconds and
/// F is SipHash-2-4 of the connection's 4-tuple under a secret key.
/// </summary>
/// <remarks>
/// Both the key and the time come from the caller, so the core stays deterministic: the stack
/// draws the key once from a cryptographic source at start-up (RFC 6528 §3: F must not be
/// computable from outside) and passes its monotonic clock; tests pass fixed values. Successive
/// connections on the same 4-tuple get increasing ISNs, so old duplicates from an earlier
/// incarnation fall outside the new window (RFC 9293 §3.4.1).
/// </remarks>
public sealed class InitialSequenceNumberGenerator
{
    // M ticks every 4 µs = 40 TimeSpan ticks of 100 ns.
    private const long TicksPerStep = 40;

    private readonly ulong _k0;
    private readonly ulong _k1;

    /// <summary>Creates a generator with a 16-byte secret key.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 16 bytes long.</exception>
    public InitialSequenceNumberGenerator(ReadOnlySpan<byte> key) => (_k0, _k1) = SipHash.SplitKey(key);

    /// <summary>
    /// M, the RFC 6528 timer at <paramref name="now"/>: one step per 4 µs, modulo 2^32 (it wraps
    /// about every 4.77 hours).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="now"/> is negative.</exception>
    public static uint Timer(TimeSpan now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(now, TimeSpan.Zero);
        return unchecked((uint)(now.Ticks / TicksPerStep));
    }

    /// <summary>The ISN for a connection from the local endpoint to the remote one at time <paramref name="now"/>.</summary>
    /// <param name="localAddress">The local IP address: 4 bytes (IPv4) or 16 (IPv6), network order.</param>
    /// <param name="localPort">The local port.</param>
    /// <param name="remoteAddress">The remote IP address, the same length as <paramref name="localAddress"/>.</param>
    /// <param name="remotePort">The remote port.</param>
    /// <param name="now">The caller's monotonic time.</param>
    /// <exception cref="ArgumentException">An address is not 4 or 16 bytes, or the two differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="now"/> is negative.</exception>
    public SequenceNumber Next(ReadOnlySpan<byte> localAddress, ushort localPort, ReadOnlySpan<byte> remoteAddress, ushort remotePort, TimeSpan now)
    {
        var m = Timer(now);
        return new SequenceNumber(unchecked(m + Offset(localAddress, localPort, remoteAddress, remotePort)));
    }

    /// <summary>
    /// F, the time-independent part of the ISN: the low 32 bits of SipHash-2-4 over
    /// <c>localAddress | remoteAddress | localPort | remotePort</c> (ports big-endian).
    /// </summary>
    /// <exception cref="ArgumentException">An address is not 4 or 16 bytes, or the two differ in length.</exception>
    public uint Offset(ReadOnlySpan<byte> localAddress, ushort localPort, ReadOnlySpan<byte> remoteAddress, ushort remotePort)
    {
        if (localAddress.Length is not (4 or 16))
        {
            throw new ArgumentException($"An IP address is 4 or 16 bytes (was {localAddress.Length}).", nameof(localAddress));
        }

        if (remoteAddress.Length != localAddress.Length)
        {
            throw new ArgumentException($"Both addresses must be of one family (lengths {localAddress.Length} and {remoteAddress.Length}).", nameof(remoteAddress));
        }

        Span<byte> tuple = stackalloc byte[36];
        var length = 0;
        localAddress.CopyTo(tuple);
        length += localAddress.Length;
        remoteAddress.CopyTo(tuple[length..]);
        length += remoteAddress.Length;
        BinaryPrimitives.WriteUInt16BigEndian(tuple[length..], localPort);
        BinaryPrimitives.WriteUInt16BigEndian(tuple[(length + 2)..], remotePort);
        length += 4;
        return unchecked((uint)SipHash.Hash24(_k0, _k1, tuple[..length]));
    }

    /// <summary>
    /// A timestamp clock offset for the pair of addresses (RFC 7323 §5.4): SipHash-2-4 of
    /// <c>0x54 | localAddress | remoteAddress</c> under the same key (the leading byte keeps it
    /// apart from <see cref="Offset"/>). Ports are left out so that every connection between the
    /// two hosts shares one rising clock (RFC 6191).
    /// </summary>
    /// <exception cref="ArgumentException">An address is not 4 or 16 bytes, or the two differ in length.</exception>
    public uint TimestampOffset(ReadOnlySpan<byte> localAddress, ReadOnlySpan<byte> remoteAddress)
    {
        if (localAddress.Length is not (4 or 16) || remoteAddress.Length != localAddress.Length)
        {
            throw new ArgumentException($"Both addresses must be 4 or 16 bytes (lengths {localAddress.Length} and {remoteAddress.Length}).", nameof(remoteAddress));
        }

        Span<byte> pair = stackalloc byte[33];
        pair[0] = 0x54;
        localAddress.CopyTo(pair[1..]);
        remoteAddress.CopyTo(pair[(1 + localAddress.Length)..]);
        return unchecked((uint)SipHash.Hash24(_k0, _k1, pair[..(1 + (2 * localAddress.Length))]));
    }
}
