using System.Buffers.Binary;

namespace SynAck.Wire.Tcp;

public readonly partial record struct TcpOptions
{
    /// <summary>The most option bytes a header can carry: data offset 15 minus the fixed 20 bytes.</summary>
    public const int MaxEncodedLength = 40;

    private const byte Eol = (byte)TcpOptionKind.EndOfOptionList;
    private const byte Nop = (byte)TcpOptionKind.NoOperation;

    /// <summary>
    /// The length of the options area <see cref="TryWriteBytes"/> would write, padding included: a
    /// multiple of 4. It can exceed <see cref="MaxEncodedLength"/>, in which case the options do not
    /// fit in a header and <see cref="TryWriteBytes"/> fails.
    /// </summary>
    /// <param name="layout">The option order and alignment to use.</param>
    public int GetEncodedLength(TcpOptionLayout layout = default)
    {
        var sink = new OptionSink(default);
        Write(ref sink, layout);
        return sink.Position;
    }

    /// <summary>
    /// Writes the options area in the order and alignment of <paramref name="layout"/>, padded with
    /// zeros to a multiple of 4 bytes (RFC 9293 §3.1, MUST-69: the padding is EOL, which is 0).
    /// </summary>
    /// <param name="destination">Where to write; at least <see cref="GetEncodedLength"/> bytes.</param>
    /// <param name="written">The bytes written, or 0 on failure.</param>
    /// <param name="layout">The option order and alignment to use.</param>
    /// <returns>
    /// False, writing nothing, when the options need more than <see cref="MaxEncodedLength"/> bytes
    /// or <paramref name="destination"/> is too small.
    /// </returns>
    public bool TryWriteBytes(Span<byte> destination, out int written, TcpOptionLayout layout = default)
    {
        var length = GetEncodedLength(layout);
        if (length > MaxEncodedLength || destination.Length < length)
        {
            written = 0;
            return false;
        }

        written = Write(destination[..length], layout);
        return true;
    }

    /// <summary>Writes the options into a destination of exactly <see cref="GetEncodedLength"/> bytes.</summary>
    internal int Write(Span<byte> destination, TcpOptionLayout layout)
    {
        var sink = new OptionSink(destination);
        Write(ref sink, layout);
        return sink.Position;
    }

    private void Write(ref OptionSink sink, TcpOptionLayout layout)
    {
        switch (layout)
        {
            case TcpOptionLayout.Linux:
                WriteLinux(ref sink);
                break;
            case TcpOptionLayout.FreeBsd:
                WriteFreeBsd(ref sink);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown option layout.");
        }

        while (sink.Position % 4 != 0)
        {
            sink.Put(Eol);
        }
    }

    // Linux (tcp_options_write): every option starts its own 4-byte word, NOPs first; SACK-permitted
    // shares a word with the timestamps when both are present. Captured SYNs: mss, sackOK, TS, nop, wscale.
    private void WriteLinux(ref OptionSink sink)
    {
        if (MaximumSegmentSize is { } mss)
        {
            PutMaximumSegmentSize(ref sink, mss);
        }

        if (Timestamps is { } timestamps)
        {
            if (SackPermitted)
            {
                PutSackPermitted(ref sink);
            }
            else
            {
                sink.Put(Nop);
                sink.Put(Nop);
            }

            PutTimestamps(ref sink, timestamps);
        }
        else if (SackPermitted)
        {
            sink.Put(Nop);
            sink.Put(Nop);
            PutSackPermitted(ref sink);
        }

        if (WindowScale is { } shift)
        {
            sink.Put(Nop);
            PutWindowScale(ref sink, shift);
        }

        if (!SackBlocks.IsEmpty)
        {
            sink.Put(Nop);
            sink.Put(Nop);
            PutSackBlocks(ref sink, SackBlocks);
        }
    }

    // FreeBSD (tcp_addoptions in sys/netinet/tcp_output.c): a fixed order, each option preceded by
    // just enough NOPs to reach the offset it wants: MSS at 0 mod 4, window scale at an odd offset,
    // SACK-permitted at an even one, timestamps and SACK blocks at 2 mod 4; window scale, timestamps
    // and SACK blocks never start the area. SYN: mss, nop, wscale, sackOK, TS (20 bytes).
    private void WriteFreeBsd(ref OptionSink sink)
    {
        if (MaximumSegmentSize is { } mss)
        {
            sink.PadWithNops(modulus: 4, remainder: 0, notAtStart: false);
            PutMaximumSegmentSize(ref sink, mss);
        }

        if (WindowScale is { } shift)
        {
            sink.PadWithNops(modulus: 2, remainder: 1, notAtStart: true);
            PutWindowScale(ref sink, shift);
        }

        if (SackPermitted)
        {
            sink.PadWithNops(modulus: 2, remainder: 0, notAtStart: false);
            PutSackPermitted(ref sink);
        }

        if (Timestamps is { } timestamps)
        {
            sink.PadWithNops(modulus: 4, remainder: 2, notAtStart: true);
            PutTimestamps(ref sink, timestamps);
        }

        if (!SackBlocks.IsEmpty)
        {
            sink.PadWithNops(modulus: 4, remainder: 2, notAtStart: true);
            PutSackBlocks(ref sink, SackBlocks);
        }
    }

    private static void PutMaximumSegmentSize(ref OptionSink sink, ushort mss)
    {
        sink.Put((byte)TcpOptionKind.MaximumSegmentSize);
        sink.Put(4);
        sink.PutUInt16(mss);
    }

    private static void PutWindowScale(ref OptionSink sink, byte shift)
    {
        sink.Put((byte)TcpOptionKind.WindowScale);
        sink.Put(3);
        sink.Put(shift);
    }

    private static void PutSackPermitted(ref OptionSink sink)
    {
        sink.Put((byte)TcpOptionKind.SackPermitted);
        sink.Put(2);
    }

    private static void PutTimestamps(ref OptionSink sink, TcpTimestampOption timestamps)
    {
        sink.Put((byte)TcpOptionKind.Timestamps);
        sink.Put(10);
        sink.PutUInt32(timestamps.Value);
        sink.PutUInt32(timestamps.EchoReply);
    }

    private static void PutSackBlocks(ref OptionSink sink, SackBlockList blocks)
    {
        sink.Put((byte)TcpOptionKind.Sack);
        sink.Put((byte)(2 + (8 * blocks.Count)));
        for (var i = 0; i < blocks.Count; i++)
        {
            sink.PutUInt32(blocks[i].Left.Value);
            sink.PutUInt32(blocks[i].Right.Value);
        }
    }

    /// <summary>Writes option bytes, or only counts them when it has no buffer.</summary>
    private ref struct OptionSink(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Position { get; private set; }

        public void Put(byte value)
        {
            if (!_buffer.IsEmpty)
            {
                _buffer[Position] = value;
            }

            Position++;
        }

        public void PutUInt16(ushort value)
        {
            if (!_buffer.IsEmpty)
            {
                BinaryPrimitives.WriteUInt16BigEndian(_buffer[Position..], value);
            }

            Position += 2;
        }

        public void PutUInt32(uint value)
        {
            if (!_buffer.IsEmpty)
            {
                BinaryPrimitives.WriteUInt32BigEndian(_buffer[Position..], value);
            }

            Position += 4;
        }

        /// <summary>Puts NOPs until the position is <paramref name="remainder"/> modulo <paramref name="modulus"/> (and, if asked, not 0).</summary>
        public void PadWithNops(int modulus, int remainder, bool notAtStart)
        {
            while ((notAtStart && Position == 0) || Position % modulus != remainder)
            {
                Put(Nop);
            }
        }
    }
}
