using System.Globalization;

namespace SynAck.Wire.Ip;

/// <summary>Text formatting of <see cref="IpAddress"/>.</summary>
/// <remarks>
/// IPv4 is dotted decimal. IPv6 follows RFC 5952 §4: lowercase hex without leading zeros, the
/// longest run of two or more zero groups (the first of equal runs) shortened to "::", and an
/// IPv4-mapped address written ::ffff:a.b.c.d (RFC 5952 §5).
/// </remarks>
public readonly partial struct IpAddress : ISpanFormattable
{
    /// <summary>The longest text of an address: eight groups of four hex digits and seven colons.</summary>
    public const int MaxTextLength = 39;

    /// <summary>The address as text (dotted decimal or RFC 5952).</summary>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[MaxTextLength];
        var written = Format(buffer);
        return new string(buffer[..written]);
    }

    /// <summary>The address as text; the format and provider are ignored.</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Writes the address as text; the format and provider are ignored.</summary>
    /// <returns>False, with nothing written, if <paramref name="destination"/> is too short.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null)
    {
        Span<char> buffer = stackalloc char[MaxTextLength];
        var written = Format(buffer);
        if (!buffer[..written].TryCopyTo(destination))
        {
            charsWritten = 0;
            return false;
        }

        charsWritten = written;
        return true;
    }

    /// <summary>Formats into a buffer of <see cref="MaxTextLength"/> characters.</summary>
    private int Format(Span<char> buffer)
    {
        if (!_isIPv6)
        {
            return FormatIPv4((uint)_low, buffer);
        }

        if (IsIPv4MappedToIPv6)
        {
            "::ffff:".CopyTo(buffer);
            return 7 + FormatIPv4((uint)_low, buffer[7..]);
        }

        // RFC 5952 §4.2: shorten the longest run of at least two zero groups, the first if tied.
        int bestStart = -1, bestLength = 1;
        for (var i = 0; i < 8;)
        {
            if (GetGroup(i) != 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < 8 && GetGroup(i) == 0)
            {
                i++;
            }

            if (i - start > bestLength)
            {
                bestStart = start;
                bestLength = i - start;
            }
        }

        var position = 0;
        for (var i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                buffer[position++] = ':';
                buffer[position++] = ':';
                i += bestLength - 1;
                continue;
            }

            if (i > 0 && i != bestStart + bestLength)
            {
                buffer[position++] = ':';
            }

            GetGroup(i).TryFormat(buffer[position..], out var written, "x", CultureInfo.InvariantCulture);
            position += written;
        }

        return position;
    }

    private static int FormatIPv4(uint value, Span<char> buffer)
    {
        var position = 0;
        for (var shift = 24; shift >= 0; shift -= 8)
        {
            if (shift != 24)
            {
                buffer[position++] = '.';
            }

            ((byte)(value >> shift)).TryFormat(buffer[position..], out var written, default, CultureInfo.InvariantCulture);
            position += written;
        }

        return position;
    }
}
