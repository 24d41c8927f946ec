using SynAck.Wire.Ip;

namespace SynAck.Stack;

/// <summary>
/// A connection's 4-tuple seen from the local end: the key of the stack's demultiplexing table.
/// A value, so a lookup costs no allocation.
/// </summary>
internal readonly struct ConnectionKey(IpAddress localAddress, ushort localPort, IpAddress remoteAddress, ushort remotePort) : IEquatable<ConnectionKey>
{
    public IpAddress LocalAddress { get; } = localAddress;

    public ushort LocalPort { get; } = localPort;

    public IpAddress RemoteAddress { get; } = remoteAddress;

    public ushort RemotePort { get; } = remotePort;

    public IpEndpoint Local => new(LocalAddress, LocalPort);

    public IpEndpoint Remote => new(RemoteAddress, RemotePort);

    public bool IsIPv6 => LocalAddress.IsIPv6;

    public bool Equals(ConnectionKey other)
        => LocalPort == other.LocalPort && RemotePort == other.RemotePort && LocalAddress == other.LocalAddress && RemoteAddress == other.RemoteAddress;

    public override bool Equals(object? obj) => obj is ConnectionKey other && Equals(other);

    // IpAddress.GetHashCode mixes in the per-process HashCode seed, so a peer cannot aim its
    // 4-tuples at one bucket.
    public override int GetHashCode() => HashCode.Combine(LocalAddress, RemoteAddress, LocalPort | (RemotePort << 16));

    public override string ToString() => $"{Local} <-> {Remote}";
}

/// <summary>The key of a listener: a local address (unspecified for a wildcard listener) and port.</summary>
internal readonly record struct ListenerKey(IpAddress Address, ushort Port);
