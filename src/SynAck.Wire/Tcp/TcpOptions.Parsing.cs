using System.Buffers.Binary;
using System.Diagnostics;

namespace SynAck.Wire.Tcp;

public readonly partial record struct TcpOptions
{
    /// <summary>
    /// Reads the options SynAck knows from an options area (the header bytes after the fixed 20).
    /// NOPs and unknown kinds are skipped (RFC 9293 MUST-6) and reading stops at an EOL; an option
    /// with an illegal length fails the whole area (MUST-7). When a kind appears twice, the later one wins.
    /// </summary>
    /// <param name="optionBytes">The options area.</param>
    /// <param name="options">The options read, or <c>default</c> on failure.</param>
    /// <param name="error">Why the area was rejected, or <see cref="TcpParseError.None"/>.</param>
    /// <returns>Whether the area was well-formed.</returns>
    public static bool TryParse(ReadOnlySpan<byte> optionBytes, out TcpOptions options, out TcpParseError error)
    {
        options = default;
        ushort? mss = null;
        byte? windowScale = null;
        var sackPermitted = false;
        TcpTimestampOption? timestamps = null;
        SackBlockList sackBlocks = default;

        var offset = 0;
        while (offset < optionBytes.Length)
        {
            if (!TcpOptionReader.TryRead(optionBytes, offset, out var option, out offset, out error))
            {
                return false;
            }

            var data = option.Data;
            switch (option.Kind)
            {
                case TcpOptionKind.EndOfOptionList:
                    offset = optionBytes.Length;
                    break;
                case TcpOptionKind.MaximumSegmentSize:
                    mss = BinaryPrimitives.ReadUInt16BigEndian(data);
                    break;
                case TcpOptionKind.WindowScale:
                    windowScale = data[0];
                    break;
                case TcpOptionKind.SackPermitted:
                    sackPermitted = true;
                    break;
                case TcpOptionKind.Timestamps:
                    timestamps = new TcpTimestampOption(BinaryPrimitives.ReadUInt32BigEndian(data), BinaryPrimitives.ReadUInt32BigEndian(data[4..]));
                    break;
                case TcpOptionKind.Sack:
                    sackBlocks = ReadSackBlocks(data);
                    break;
                default:
                    break;
            }
        }

        options = new TcpOptions
        {
            MaximumSegmentSize = mss,
            WindowScale = windowScale,
            SackPermitted = sackPermitted,
            Timestamps = timestamps,
            SackBlocks = sackBlocks,
        };
        error = TcpParseError.None;
        return true;
    }

    /// <summary>Reads an options area that <see cref="TcpSegmentView.TryCreate"/> has already checked.</summary>
    internal static TcpOptions FromValidated(ReadOnlySpan<byte> optionBytes)
    {
        var parsed = TryParse(optionBytes, out var options, out _);
        Debug.Assert(parsed, "The view checked the options area when it was created.");
        return options;
    }

    private static SackBlockList ReadSackBlocks(ReadOnlySpan<byte> data)
    {
        SackBlockList blocks = default;
        for (var i = 0; i + 8 <= data.Length; i += 8)
        {
            blocks = blocks.Add(new SackBlock(BinaryPrimitives.ReadUInt32BigEndian(data[i..]), BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..])));
        }

        return blocks;
    }
}
