using System.Diagnostics.CodeAnalysis;

namespace SynAck.Wire.Ip;

/// <summary>Text parsing of <see cref="IpAddress"/>.</summary>
/// <remarks>
/// IPv4 is the dotted-decimal form only: four decimal numbers 0-255 without leading zeros (the
/// strict form of inet_pton; "010.0.0.1" is refused rather than read as octal, and "127.1" is
/// refused). IPv6 is the text of RFC 4291 §2.2: up to eight groups of one to four hex digits,
/// at most one "::", and optionally a dotted IPv4 address as the last 32 bits. Brackets, zone
/// identifiers ("%eth0") and surrounding white space are refused.
/// </remarks>
public readonly partial struct IpAddress : ISpanParsable<IpAddress>
{
    /// <summary>Parses an IPv4 or IPv6 address.</summary>
    /// <exception cref="FormatException">The text is not an IP address.</exception>
    public static IpAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(text.AsSpan());
    }

    /// <summary>Parses an IPv4 or IPv6 address.</summary>
    /// <exception cref="FormatException">The text is not an IP address.</exception>
    public static IpAddress Parse(ReadOnlySpan<char> text)
        => TryParse(text, out var address) ? address : throw new FormatException("The text is not an IPv4 or IPv6 address.");

    /// <summary>Parses an IPv4 or IPv6 address.</summary>
    /// <returns>False, with <paramref name="address"/> set to <c>default</c>, if the text is not an address.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out IpAddress address)
        => TryParse(text.AsSpan(), out address);

    /// <summary>Parses an IPv4 or IPv6 address.</summary>
    /// <returns>False, with <paramref name="address"/> set to <c>default</c>, if the text is not an address.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out IpAddress address)
    {
        if (text.Contains(':'))
        {
            return TryParseIPv6(text, out address);
        }

        if (TryParseIPv4(text, out var value))
        {
            address = FromIPv4(value);
            return true;
        }

        address = default;
        return false;
    }

    /// <inheritdoc/>
    static IpAddress IParsable<IpAddress>.Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    static bool IParsable<IpAddress>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out IpAddress result)
        => TryParse(s, out result);

    /// <inheritdoc/>
    static IpAddress ISpanParsable<IpAddress>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc/>
    static bool ISpanParsable<IpAddress>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out IpAddress result)
        => TryParse(s, out result);

    private static bool TryParseIPv4(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        var position = 0;
        for (var part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if (position >= text.Length || text[position] != '.')
                {
                    return false;
                }

                position++;
            }

            var start = position;
            var number = 0;
            while (position < text.Length && char.IsAsciiDigit(text[position]) && position - start < 3)
            {
                number = (number * 10) + (text[position] - '0');
                position++;
            }

            var digits = position - start;
            if (digits == 0 || number > 255 || (digits > 1 && text[start] == '0'))
            {
                return false;
            }

            value = (value << 8) | (uint)number;
        }

        return position == text.Length;
    }

    private static bool TryParseIPv6(ReadOnlySpan<char> text, out IpAddress address)
    {
        address = default;
        Span<ushort> groups = stackalloc ushort[8];
        var count = 0;
        var gapAt = -1;
        var position = 0;
        if (text.StartsWith("::"))
        {
            gapAt = 0;
            position = 2;
        }

        while (position < text.Length)
        {
            var rest = text[position..];
            var colon = rest.IndexOf(':');
            var token = colon < 0 ? rest : rest[..colon];
            if (colon < 0 && token.Contains('.'))
            {
                // RFC 4291 §2.2 form 3: the low-order 32 bits in dotted decimal.
                if (count > 6 || !TryParseIPv4(token, out var ipv4))
                {
                    return false;
                }

                groups[count++] = (ushort)(ipv4 >> 16);
                groups[count++] = (ushort)ipv4;
                position = text.Length;
                break;
            }

            if (count == 8 || !TryParseHexGroup(token, out groups[count]))
            {
                return false;
            }

            count++;
            position += token.Length;
            if (position == text.Length)
            {
                break;
            }

            position++; // the ':' after the group
            if (position < text.Length && text[position] == ':')
            {
                if (gapAt >= 0)
                {
                    return false;
                }

                gapAt = count;
                position++;
            }
            else if (position == text.Length)
            {
                return false;
            }
        }

        // Without "::" there must be eight groups; "::" stands for at least one zero group.
        if (gapAt < 0 ? count != 8 : count > 7)
        {
            return false;
        }

        ulong high = 0, low = 0;
        var zeros = 8 - count;
        for (int source = 0, target = 0; target < 8; target++)
        {
            var inGap = gapAt >= 0 && target >= gapAt && target < gapAt + zeros;
            var group = inGap ? (ushort)0 : groups[source++];

            if (target < 4)
            {
                high = (high << 16) | group;
            }
            else
            {
                low = (low << 16) | group;
            }
        }

        address = FromIPv6(high, low);
        return true;
    }

    private static bool TryParseHexGroup(ReadOnlySpan<char> token, out ushort group)
    {
        group = 0;
        if (token.IsEmpty || token.Length > 4)
        {
            return false;
        }

        var value = 0;
        foreach (var c in token)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }

            value = (value << 4) | HexValue(c);
        }

        group = (ushort)value;
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
