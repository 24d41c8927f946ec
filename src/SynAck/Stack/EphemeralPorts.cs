using SynAck.Tcp.Security;
using SynAck.Wire.Ip;

namespace SynAck.Stack;

/// <summary>
/// Ephemeral port selection by RFC 6056 §3.3.3 (Algorithm 3, "Simple Hash-Based Port
/// Selection"): each (local address, remote address, remote port) starts its search at its own
/// keyed-hash offset into the range, and a shared counter moves every search on, so ports are
/// hard to guess from outside yet a 4-tuple is not reused at once. Range 32768-60999 as Linux's
/// ip_local_port_range.
/// </summary>
internal sealed class EphemeralPorts(ulong key0, ulong key1)
{
    /// <summary>The first port of the range.</summary>
    public const int First = 32768;

    /// <summary>The last port of the range.</summary>
    public const int Last = 60999;

    /// <summary>How many ports the range holds.</summary>
    public const int Count = Last - First + 1;

    private uint _nextEphemeral;

    /// <summary>
    /// F(local, remote, remote port, secret) of RFC 6056 §3.3.3: SipHash-2-4 of the three under
    /// the stack's secret key.
    /// </summary>
    public uint Offset(IpAddress local, IpAddress remote, ushort remotePort)
    {
        Span<byte> message = stackalloc byte[(2 * IpAddress.IPv6Length) + 2];
        local.TryWriteBytes(message, out var localLength);
        remote.TryWriteBytes(message[localLength..], out var remoteLength);
        var used = localLength + remoteLength;
        message[used] = (byte)(remotePort >> 8);
        message[used + 1] = (byte)remotePort;
        return (uint)SipHash.Hash24(key0, key1, message[..(used + 2)]);
    }

    /// <summary>The next candidate of a search: min_ephemeral + (next_ephemeral + offset) mod num_ephemeral.</summary>
    public ushort Next(uint offset)
    {
        var port = First + (int)((_nextEphemeral + (ulong)offset) % Count);
        _nextEphemeral++;
        return (ushort)port;
    }
}
