using CsCheck;
using SynAck.Wire.Tcp;

namespace SynAck.Wire.Tests.Tcp;

/// <summary>
/// Untrusted bytes never throw (DESIGN.md rule 5): every parser returns a value or a typed error,
/// and a view that was accepted can be read in full.
/// </summary>
public class TcpParserRobustnessTests
{
    // Random headers with a plausible data offset and random option bytes, so that option checks
    // are reached, not just the length checks.
    private static readonly Gen<byte[]> HeaderShapedBytes =
        Gen.Select(Gen.Int[5, 15], Gen.Int[0, 8], Gen.Byte.Array[60 + 8], (dataOffset, payload, bytes) =>
        {
            bytes[12] = (byte)((dataOffset << 4) | (bytes[12] & 0x0F));
            return bytes.AsSpan(0, Math.Min(bytes.Length, (dataOffset * 4) + payload)).ToArray();
        });

    private static readonly byte[] InterestingKinds = [0, 1, 2, 3, 4, 5, 8, 30, 34, 254];

    // Option areas made of (kind, length) pairs with small lengths, so that lengths often fit,
    // often do not, and sometimes cover the following pairs as data.
    private static readonly Gen<byte[]> OptionShapedBytes =
        Gen.OneOf(
            Gen.Byte.Array[0, 44],
            Gen.Select(Gen.Int[0, InterestingKinds.Length - 1], Gen.Byte[0, 12], (kind, length) => new[] { InterestingKinds[kind], length })
                .Array[0, 12]
                .Select(pairs => pairs.SelectMany(pair => pair).ToArray()));

    [Fact]
    public void Random_bytes_give_a_view_or_a_typed_error()
        => Property.ForAll(Gen.Byte.Array[0, 80], 3000, ParseEverything);

    [Fact]
    public void Random_header_shaped_bytes_give_a_view_or_a_typed_error()
        => Property.ForAll(HeaderShapedBytes, 4000, ParseEverything);

    [Fact]
    public void Random_option_areas_give_options_or_a_typed_error()
        => Property.ForAll(OptionShapedBytes, 4000, bytes =>
        {
            var parsed = TcpOptions.TryParse(bytes, out var options, out var error);
            Assert.True(Enum.IsDefined(error));
            Assert.Equal(parsed, error == TcpParseError.None);
            if (parsed)
            {
                Assert.True(options.SackBlocks.Count <= SackBlockList.Capacity);
            }
            else
            {
                Assert.Equal(default, options);
            }
        });

    [Theory]
    [MemberData(nameof(KernelSegments.Names), MemberType = typeof(KernelSegments))]
    public void Every_truncation_of_a_kernel_segment_is_rejected_exactly_when_it_cuts_the_header(string name)
    {
        var bytes = KernelSegments.Get(name).Bytes;
        var headerLength = (bytes[12] >> 4) * 4;
        for (var length = 0; length <= bytes.Length; length++)
        {
            var prefix = bytes.AsSpan(0, length);
            var accepted = TcpSegmentView.TryCreate(prefix, out var view, out var error);
            var expected = length < 20 ? TcpParseError.TooShort
                : length < headerLength ? TcpParseError.DataOffsetBeyondSegment
                : TcpParseError.None;

            Assert.Equal(expected, error);
            Assert.Equal(expected == TcpParseError.None, accepted);
            if (accepted)
            {
                Assert.Equal(length - headerLength, view.Payload.Length);
            }

            ParseEverything(prefix.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(KernelSegments.Names), MemberType = typeof(KernelSegments))]
    public void Every_bit_flip_of_a_kernel_segment_gives_a_view_or_a_typed_error(string name)
    {
        var bytes = KernelSegments.Get(name).Bytes.ToArray();
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            ParseEverything(bytes);
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }

    [Fact]
    public void A_flipped_option_length_byte_is_caught()
    {
        var bytes = KernelSegments.SynAck.Bytes.ToArray();
        bytes[21] = 3; // MSS length 4 -> 3

        Assert.False(TcpSegmentView.TryCreate(bytes, out _, out var error));
        Assert.Equal(TcpParseError.OptionLengthWrongForKind, error);
    }

    /// <summary>Runs every parser over the bytes and reads everything an accepted view offers.</summary>
    private static void ParseEverything(byte[] bytes)
    {
        var accepted = TcpSegmentView.TryCreate(bytes, out var view, out var error);
        Assert.True(Enum.IsDefined(error));
        Assert.Equal(accepted, error == TcpParseError.None);

        var headerParsed = TcpHeader.TryParse(bytes, out var header, out var headerLength, out var headerError);
        Assert.Equal(accepted, headerParsed);
        Assert.Equal(error, headerError);

        // The bytes where options would be, whatever the data offset says.
        var area = bytes.AsSpan(Math.Min(20, bytes.Length), Math.Clamp(bytes.Length - 20, 0, 40));
        var areaParsed = TcpOptions.TryParse(area, out _, out var areaError);
        Assert.True(Enum.IsDefined(areaError));
        Assert.Equal(areaParsed, areaError == TcpParseError.None);

        if (!accepted)
        {
            Assert.Equal(0, view.Bytes.Length);
            Assert.Equal(0, headerLength);
            return;
        }

        Assert.InRange(view.HeaderLength, 20, Math.Min(60, bytes.Length));
        Assert.Equal(headerLength, view.HeaderLength);
        Assert.Equal(view.HeaderLength - 20, view.OptionsSpan.Length);
        Assert.Equal(bytes.Length - view.HeaderLength, view.Payload.Length);
        Assert.Equal(view.ToHeader(), header);
        Assert.Equal((TcpFlags)0, view.Flags & (TcpFlags)0xFE00);
        Assert.InRange(view.ReservedBits, 0, 7);
        _ = (view.SourcePort, view.DestinationPort, view.SequenceNumber, view.AcknowledgmentNumber, view.Window, view.Checksum, view.UrgentPointer);

        var consumed = 0;
        foreach (var option in view.Options)
        {
            Assert.Equal(option.Kind is TcpOptionKind.EndOfOptionList or TcpOptionKind.NoOperation ? 0 : option.Length - 2, option.Data.Length);
            consumed += option.Length;
        }

        Assert.InRange(consumed, 0, view.OptionsSpan.Length);
        Assert.True(TcpOptions.TryParse(view.OptionsSpan, out var options, out _));
        Assert.Equal(header.Options, options);
        Assert.NotEmpty(TcpFormatting.FormatSegment(view));

        // What was read can be written again, unless the options SynAck knows grow past 40 bytes
        // in the Linux layout (e.g. a peer's tightly packed options).
        var rewritten = new byte[TcpHeader.MaximumLength];
        if (header.TryWriteBytes(rewritten, out var written))
        {
            Assert.True(TcpHeader.TryParse(rewritten.AsSpan(0, written), out var again, out _, out _));
            Assert.Equal(header with { Checksum = 0 }, again);
        }
    }
}
