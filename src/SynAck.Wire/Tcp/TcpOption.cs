namespace SynAck.Wire.Tcp;

/// <summary>
/// One option as it sits in a segment's options area: its kind, its length and the bytes after the
/// kind and length bytes. Yielded by <see cref="TcpSegmentView.Options"/>; it points into the segment.
/// </summary>
public readonly ref struct TcpOption
{
    internal TcpOption(TcpOptionKind kind, int length, ReadOnlySpan<byte> data)
    {
        Kind = kind;
        Length = length;
        Data = data;
    }

    /// <summary>The option kind (any byte value; unknown kinds are not named by <see cref="TcpOptionKind"/>).</summary>
    public TcpOptionKind Kind { get; }

    /// <summary>The total length in bytes: 1 for EOL and NOP, otherwise the option's length byte.</summary>
    public int Length { get; }

    /// <summary>The option's value: the bytes after the kind and length bytes (empty for EOL and NOP).</summary>
    public ReadOnlySpan<byte> Data { get; }
}
