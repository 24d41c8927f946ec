using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace SynAck.Wire.Ip;

/// <summary>
/// An IP address and a port: one end of a TCP connection, the value twin of <see cref="IPEndPoint"/>.
/// Its text is <c>a.b.c.d:port</c> for IPv4 and <c>[v6]:port</c> for IPv6 (RFC 5952 §6).
/// </summary>
/// <param name="Address">The IP address.</param>
/// <param name="Port">The port.</param>
public readonly record struct IpEndpoint(IpAddress Address, ushort Port) : ISpanFormattable, ISpanParsable<IpEndpoint>
{
    /// <summary>The longest text of an endpoint: "[" + address + "]:" + five digits.</summary>
    public const int MaxTextLength = IpAddress.MaxTextLength + 8;

    /// <summary>The value of <see cref="IPEndPoint"/> <paramref name="endpoint"/>.</summary>
    public static IpEndpoint FromIPEndPoint(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new IpEndpoint(IpAddress.FromIPAddress(endpoint.Address), (ushort)endpoint.Port);
    }

    /// <summary>A new <see cref="IPEndPoint"/> with this value.</summary>
    public IPEndPoint ToIPEndPoint() => new(Address.ToIPAddress(), Port);

    /// <summary>The endpoint as text: <c>a.b.c.d:port</c> or <c>[v6]:port</c>.</summary>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[MaxTextLength];
        TryFormat(buffer, out var written);
        return new string(buffer[..written]);
    }

    /// <summary>The endpoint as text; the format and provider are ignored.</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Writes the endpoint as text; the format and provider are ignored.</summary>
    /// <returns>False if <paramref name="destination"/> is too short.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        Span<char> buffer = stackalloc char[MaxTextLength];
        var position = 0;
        if (Address.IsIPv6)
        {
            buffer[position++] = '[';
        }

        Address.TryFormat(buffer[position..], out var written);
        position += written;
        if (Address.IsIPv6)
        {
            buffer[position++] = ']';
        }

        buffer[position++] = ':';
        Port.TryFormat(buffer[position..], out written, default, CultureInfo.InvariantCulture);
        position += written;
        if (!buffer[..position].TryCopyTo(destination))
        {
            charsWritten = 0;
            return false;
        }

        charsWritten = position;
        return true;
    }

    /// <summary>Parses <c>a.b.c.d:port</c> or <c>[v6]:port</c>.</summary>
    /// <exception cref="FormatException">The text is not an endpoint.</exception>
    public static IpEndpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Parses <c>a.b.c.d:port</c> or <c>[v6]:port</c>.</summary>
    /// <exception cref="FormatException">The text is not an endpoint.</exception>
    public static IpEndpoint Parse(ReadOnlySpan<char> text)
        => TryParse(text, out var endpoint) ? endpoint : throw new FormatException("The text is not an endpoint such as 192.0.2.1:80 or [2001:db8::1]:80.");

    /// <summary>Parses <c>a.b.c.d:port</c> or <c>[v6]:port</c>.</summary>
    /// <returns>False, with <paramref name="endpoint"/> set to <c>default</c>, if the text is not an endpoint.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out IpEndpoint endpoint) => TryParse(text.AsSpan(), out endpoint);

    /// <summary>Parses <c>a.b.c.d:port</c> or <c>[v6]:port</c>; the port is decimal, 0-65535.</summary>
    /// <returns>False, with <paramref name="endpoint"/> set to <c>default</c>, if the text is not an endpoint.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out IpEndpoint endpoint)
    {
        endpoint = default;
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (host.StartsWith('['))
        {
            if (!host.EndsWith(']'))
            {
                return false;
            }

            host = host[1..^1];
            if (!host.Contains(':'))
            {
                return false;
            }
        }
        else if (host.Contains(':'))
        {
            return false;
        }

        if (!ushort.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !IpAddress.TryParse(host, out var address))
        {
            return false;
        }

        endpoint = new IpEndpoint(address, port);
        return true;
    }

    /// <inheritdoc/>
    static IpEndpoint IParsable<IpEndpoint>.Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    static bool IParsable<IpEndpoint>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out IpEndpoint result)
        => TryParse(s, out result);

    /// <inheritdoc/>
    static IpEndpoint ISpanParsable<IpEndpoint>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    static bool ISpanParsable<IpEndpoint>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out IpEndpoint result)
        => TryParse(s, out result);
}
