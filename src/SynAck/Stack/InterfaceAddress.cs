using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using SynAck.Wire.Ip;

namespace SynAck.Stack;

/// <summary>
/// An address of a network interface with the length of its on-link prefix, as in
/// <c>ip addr add 192.0.2.1/24</c>: the stack owns the address, and destinations inside the
/// prefix are reached directly on that interface.
/// </summary>
public readonly record struct InterfaceAddress
{
    /// <summary>Creates an interface address.</summary>
    /// <param name="address">An IPv4 or IPv6 unicast address.</param>
    /// <param name="prefixLength">The on-link prefix length: 0-32 for IPv4, 0-128 for IPv6.</param>
    /// <exception cref="ArgumentException">The address is not a usable unicast address, or the prefix length is out of range.</exception>
    public InterfaceAddress(IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        var value = IpAddress.FromIPAddress(address);
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, value.Length * 8);
        if (value.IsUnspecified || value.IsMulticast || value == IpAddress.Broadcast)
        {
            throw new ArgumentException($"{address} cannot be an interface address: it must be a unicast address.", nameof(address));
        }

        Address = address;
        PrefixLength = prefixLength;
        Value = value;
    }

    /// <summary>The address.</summary>
    public IPAddress Address { get; }

    /// <summary>The length of the on-link prefix in bits.</summary>
    public int PrefixLength { get; }

    /// <summary>The address as a value.</summary>
    internal IpAddress Value { get; }

    /// <summary>Parses <c>ADDRESS/PREFIX</c>, or a bare address (a host prefix: /32 or /128).</summary>
    /// <param name="text">E.g. <c>192.0.2.1/24</c> or <c>2001:db8::1/64</c>.</param>
    /// <returns>The interface address.</returns>
    /// <exception cref="FormatException">The text is not an address with an optional prefix length.</exception>
    public static InterfaceAddress Parse(string text)
        => TryParse(text, out var result) ? result : throw new FormatException($"'{text}' is not an address with an optional /prefix length.");

    /// <summary>Parses <c>ADDRESS/PREFIX</c> or a bare address.</summary>
    /// <param name="text">The text.</param>
    /// <param name="result">The interface address on success.</param>
    /// <returns>Whether the text was valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out InterfaceAddress result)
    {
        result = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address)
            || address.AddressFamily is not (System.Net.Sockets.AddressFamily.InterNetwork or System.Net.Sockets.AddressFamily.InterNetworkV6))
        {
            return false;
        }

        var maximum = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maximum;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maximum))
        {
            return false;
        }

        var value = IpAddress.FromIPAddress(address);
        if (value.IsUnspecified || value.IsMulticast || value == IpAddress.Broadcast)
        {
            return false;
        }

        result = new InterfaceAddress(address, prefix);
        return true;
    }

    /// <summary>Whether <paramref name="destination"/> lies inside this address's on-link prefix.</summary>
    /// <param name="destination">An address of either family.</param>
    /// <returns>True when the families match and the first <see cref="PrefixLength"/> bits are equal.</returns>
    internal bool Contains(IpAddress destination) => PrefixMatches(Value, destination, PrefixLength);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Address}/{PrefixLength}");

    internal static bool PrefixMatches(IpAddress a, IpAddress b, int prefixLength)
    {
        if (a.IsIPv6 != b.IsIPv6)
        {
            return false;
        }

        Span<byte> x = stackalloc byte[IpAddress.IPv6Length];
        Span<byte> y = stackalloc byte[IpAddress.IPv6Length];
        a.TryWriteBytes(x, out _);
        b.TryWriteBytes(y, out _);
        var whole = prefixLength / 8;
        if (!x[..whole].SequenceEqual(y[..whole]))
        {
            return false;
        }

        var bits = prefixLength % 8;
        if (bits == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - bits));
        return (x[whole] & mask) == (y[whole] & mask);
    }
}
