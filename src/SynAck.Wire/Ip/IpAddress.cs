using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SynAck.Wire.Ip;

/// <summary>
/// An IPv4 or IPv6 address as a value: the allocation-free twin of <see cref="IPAddress"/>, fit to
/// be part of a hash-table key. <c>default</c> is 0.0.0.0 (<see cref="Any"/>).
/// </summary>
/// <remarks>
/// An IPv4 address and its IPv4-mapped IPv6 form (::ffff:a.b.c.d) are different values, as they
/// are for <see cref="IPAddress"/>; use <see cref="MapToIPv6"/> or <see cref="MapToIPv4"/> to
/// compare across families. IPv6 scope (zone) identifiers are not carried.
/// </remarks>
public readonly partial struct IpAddress : IEquatable<IpAddress>
{
    /// <summary>The length in bytes of an IPv4 address.</summary>
    public const int IPv4Length = 4;

    /// <summary>The length in bytes of an IPv6 address.</summary>
    public const int IPv6Length = 16;

    /// <summary>Bytes 0-7 of an IPv6 address, big-endian; 0 for IPv4.</summary>
    private readonly ulong _high;

    /// <summary>Bytes 8-15 of an IPv6 address, big-endian; for IPv4 the address in the low 32 bits.</summary>
    private readonly ulong _low;

    private readonly bool _isIPv6;

    private IpAddress(ulong high, ulong low, bool isIPv6)
    {
        _high = high;
        _low = low;
        _isIPv6 = isIPv6;
    }

    /// <summary>The IPv4 unspecified address 0.0.0.0.</summary>
    public static IpAddress Any => default;

    /// <summary>The IPv4 loopback address 127.0.0.1.</summary>
    public static IpAddress Loopback => FromIPv4(0x7F00_0001);

    /// <summary>The IPv4 limited broadcast address 255.255.255.255.</summary>
    public static IpAddress Broadcast => FromIPv4(0xFFFF_FFFF);

    /// <summary>The IPv6 unspecified address ::.</summary>
    public static IpAddress IPv6Any => new(0, 0, isIPv6: true);

    /// <summary>The IPv6 loopback address ::1.</summary>
    public static IpAddress IPv6Loopback => new(0, 1, isIPv6: true);

    /// <summary>Whether this is an IPv4 address.</summary>
    public bool IsIPv4 => !_isIPv6;

    /// <summary>Whether this is an IPv6 address (including an IPv4-mapped one).</summary>
    public bool IsIPv6 => _isIPv6;

    /// <summary><see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>.</summary>
    public AddressFamily AddressFamily => _isIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    /// <summary>The length of the address in bytes: 4 or 16.</summary>
    public int Length => _isIPv6 ? IPv6Length : IPv4Length;

    /// <summary>Whether this is 0.0.0.0 or ::.</summary>
    public bool IsUnspecified => _high == 0 && _low == 0;

    /// <summary>Whether this is in 127.0.0.0/8 or is ::1.</summary>
    public bool IsLoopback => _isIPv6 ? _high == 0 && _low == 1 : (_low >> 24) == 127;

    /// <summary>Whether this is in 224.0.0.0/4 or ff00::/8.</summary>
    public bool IsMulticast => _isIPv6 ? (_high >> 56) == 0xFF : (_low >> 28) == 0xE;

    /// <summary>Whether this is an IPv4-mapped IPv6 address, ::ffff:0:0/96 (RFC 4291 §2.5.5.2).</summary>
    public bool IsIPv4MappedToIPv6 => _isIPv6 && _high == 0 && (_low >> 32) == 0xFFFF;

    /// <summary>An IPv4 address from its 32-bit value, most significant byte first (0x7F000001 is 127.0.0.1).</summary>
    public static IpAddress FromIPv4(uint address) => new(0, address, isIPv6: false);

    /// <summary>An IPv6 address from its two 64-bit halves, most significant byte first.</summary>
    public static IpAddress FromIPv6(ulong high, ulong low) => new(high, low, isIPv6: true);

    /// <summary>An address from 4 (IPv4) or 16 (IPv6) bytes in network order.</summary>
    /// <exception cref="ArgumentException">The span is neither 4 nor 16 bytes long.</exception>
    public static IpAddress FromBytes(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        IPv4Length => FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes)),
        IPv6Length => FromIPv6(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..])),
        _ => throw new ArgumentException("An IP address is 4 or 16 bytes long.", nameof(bytes)),
    };

    /// <summary>The value of <see cref="IPAddress"/> <paramref name="address"/>; its scope identifier is dropped.</summary>
    /// <exception cref="ArgumentException">The address is of neither IP family.</exception>
    public static IpAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[IPv6Length];
        if (!address.TryWriteBytes(bytes, out var written) || (written != IPv4Length && written != IPv6Length))
        {
            throw new ArgumentException("The address is neither IPv4 nor IPv6.", nameof(address));
        }

        return FromBytes(bytes[..written]);
    }

    /// <summary>A new <see cref="IPAddress"/> with this value.</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[IPv6Length];
        WriteBytes(bytes);
        return new IPAddress(bytes[..Length]);
    }

    /// <summary>Writes the 4 or 16 bytes of the address in network order.</summary>
    /// <returns>False, with nothing written, if <paramref name="destination"/> is too short.</returns>
    public bool TryWriteBytes(Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < Length)
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = WriteBytes(destination);
        return true;
    }

    /// <summary>The IPv4-mapped IPv6 form of an IPv4 address; an IPv6 address unchanged.</summary>
    public IpAddress MapToIPv6() => _isIPv6 ? this : new(0, 0xFFFF_0000_0000 | _low, isIPv6: true);

    /// <summary>The IPv4 address inside an IPv4-mapped IPv6 address; any other address unchanged.</summary>
    public IpAddress MapToIPv4() => IsIPv4MappedToIPv6 ? FromIPv4((uint)_low) : this;

    /// <inheritdoc/>
    public bool Equals(IpAddress other) => _low == other._low && _high == other._high && _isIPv6 == other._isIPv6;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IpAddress other && Equals(other);

    /// <summary>
    /// A hash of all 128 bits and the family, mixed with <see cref="HashCode"/>, whose per-process
    /// seed keeps a peer that picks its addresses from flooding one hash bucket.
    /// </summary>
    public override int GetHashCode()
        => HashCode.Combine((uint)(_high >> 32), (uint)_high, (uint)(_low >> 32), (uint)_low, _isIPv6);

    /// <summary>Whether two addresses are equal (same family and bits).</summary>
    public static bool operator ==(IpAddress left, IpAddress right) => left.Equals(right);

    /// <summary>Whether two addresses differ.</summary>
    public static bool operator !=(IpAddress left, IpAddress right) => !left.Equals(right);

    /// <summary>Reads an IPv4 address; the span must hold at least 4 bytes.</summary>
    internal static IpAddress ReadIPv4(ReadOnlySpan<byte> bytes) => FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes));

    /// <summary>Reads an IPv6 address; the span must hold at least 16 bytes.</summary>
    internal static IpAddress ReadIPv6(ReadOnlySpan<byte> bytes)
        => FromIPv6(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));

    /// <summary>Writes the address; the caller has checked that <paramref name="destination"/> is long enough.</summary>
    internal int WriteBytes(Span<byte> destination)
    {
        if (!_isIPv6)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_low);
            return IPv4Length;
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
        return IPv6Length;
    }

    /// <summary>The 16-bit group <paramref name="index"/> (0-7) of an IPv6 address.</summary>
    private ushort GetGroup(int index) => (ushort)((index < 4 ? _high : _low) >> (48 - (16 * (index & 3))));
}
