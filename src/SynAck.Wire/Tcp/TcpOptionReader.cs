namespace SynAck.Wire.Tcp;

/// <summary>
/// Reads one option from an options area and checks it (RFC 9293 §3.1, MUST-7). The view, its
/// enumerator and <see cref="TcpOptions.TryParse"/> all read options through here, so they agree on
/// what is well-formed.
/// </summary>
internal static class TcpOptionReader
{
    /// <summary>The most SACK blocks an option can carry (RFC 2018 §3: 4 fill the 40-byte options area).</summary>
    public const int MaxSackBlocks = 4;

    /// <summary>
    /// Reads the option starting at <paramref name="offset"/>, which must be inside <paramref name="area"/>.
    /// On success <paramref name="next"/> is the offset just after it.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> area, int offset, out TcpOption option, out int next, out TcpParseError error)
    {
        var kind = (TcpOptionKind)area[offset];
        if (kind is TcpOptionKind.EndOfOptionList or TcpOptionKind.NoOperation)
        {
            option = new TcpOption(kind, 1, default);
            next = offset + 1;
            error = TcpParseError.None;
            return true;
        }

        option = default;
        next = offset;
        if (offset + 1 >= area.Length)
        {
            error = TcpParseError.OptionTruncated;
            return false;
        }

        int length = area[offset + 1];
        if (length < 2)
        {
            // RFC 9293 MUST-7: a length that cannot even cover kind and length bytes is illegal.
            error = TcpParseError.OptionLengthIllegal;
            return false;
        }

        if (length > area.Length - offset)
        {
            error = TcpParseError.OptionTruncated;
            return false;
        }

        error = CheckLength(kind, length);
        if (error != TcpParseError.None)
        {
            return false;
        }

        option = new TcpOption(kind, length, area.Slice(offset + 2, length - 2));
        next = offset + length;
        return true;
    }

    /// <summary>Checks every option in <paramref name="area"/>, stopping after an EOL.</summary>
    public static TcpParseError Validate(ReadOnlySpan<byte> area)
    {
        var offset = 0;
        while (offset < area.Length)
        {
            if (!TryRead(area, offset, out var option, out offset, out var error))
            {
                return error;
            }

            if (option.Kind == TcpOptionKind.EndOfOptionList)
            {
                break;
            }
        }

        return TcpParseError.None;
    }

    private static TcpParseError CheckLength(TcpOptionKind kind, int length) => kind switch
    {
        TcpOptionKind.MaximumSegmentSize when length != 4 => TcpParseError.OptionLengthWrongForKind,
        TcpOptionKind.WindowScale when length != 3 => TcpParseError.OptionLengthWrongForKind,
        TcpOptionKind.SackPermitted when length != 2 => TcpParseError.OptionLengthWrongForKind,
        TcpOptionKind.Timestamps when length != 10 => TcpParseError.OptionLengthWrongForKind,
        TcpOptionKind.Sack when (length - 2) % 8 != 0 || length == 2 || (length - 2) / 8 > MaxSackBlocks
            => TcpParseError.SackBlockCountIllegal,
        _ => TcpParseError.None,
    };
}
