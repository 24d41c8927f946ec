namespace SynAck.Wire.Capture;

/// <summary>What a pcapng Interface Description Block says about the packets that name it.</summary>
internal readonly struct PcapNgInterface
{
    private readonly UInt128 _multiplier;
    private readonly UInt128 _divisor;
    private readonly int _shift;

    /// <param name="linkType">The link type of the interface's packets.</param>
    /// <param name="snapLength">The snapshot length, 0 for none.</param>
    /// <param name="resolution">The if_tsresol byte: 10^-n seconds per tick, or 2^-n when the top bit is set.</param>
    /// <param name="offsetSeconds">The if_tsoffset value, added to every timestamp.</param>
    public PcapNgInterface(LinkType linkType, uint snapLength, byte resolution, long offsetSeconds)
    {
        LinkType = linkType;
        SnapLength = snapLength;
        OffsetSeconds = offsetSeconds;
        // nanoseconds = ticks * _multiplier / _divisor >> _shift, with _divisor 0 standing for a
        // divisor so large (ticks finer than 10^-47 s) that every 64-bit count is below 1 ns.
        var exponent = resolution & 0x7F;
        _multiplier = 1;
        _divisor = 1;
        if ((resolution & 0x80) != 0)
        {
            _multiplier = 1_000_000_000;
            _shift = exponent;
        }
        else if (exponent <= 9)
        {
            _multiplier = Pow10(9 - exponent);
        }
        else
        {
            _divisor = exponent - 9 <= 38 ? Pow10(exponent - 9) : 0;
        }
    }

    /// <summary>The link type of the interface's packets.</summary>
    public LinkType LinkType { get; }

    /// <summary>The snapshot length, 0 for none.</summary>
    public uint SnapLength { get; }

    /// <summary>Seconds added to every timestamp (if_tsoffset).</summary>
    public long OffsetSeconds { get; }

    /// <summary>Converts a timestamp in the interface's ticks to nanoseconds since the Unix epoch.</summary>
    public bool TryToUnixNanoseconds(ulong ticks, out long nanoseconds)
    {
        UInt128 value = ticks * _multiplier;
        if (_divisor != 1)
        {
            value = _divisor == 0 ? 0 : value / _divisor;
        }

        value >>= _shift;

        nanoseconds = 0;
        if (value > long.MaxValue)
        {
            return false;
        }

        var offset = (Int128)OffsetSeconds * 1_000_000_000;
        var total = (Int128)(long)value + offset;
        if (total > long.MaxValue || total < long.MinValue)
        {
            return false;
        }

        nanoseconds = (long)total;
        return true;
    }

    private static UInt128 Pow10(int exponent)
    {
        UInt128 result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
