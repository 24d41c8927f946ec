using CsCheck;
using SynAck.Wire.Tcp;

namespace SynAck.Wire.Tests.Tcp;

public class TcpOptionsTests
{
    [Fact]
    public void Parsing_reads_every_known_option()
    {
        var bytes = Convert.FromHexString("020405b4" + "0402" + "080a0000000100000002" + "01" + "030307" + "0101" + "0512" + "0000000a00000014" + "0000001e00000028");

        Assert.True(TcpOptions.TryParse(bytes, out var options, out var error));
        Assert.Equal(TcpParseError.None, error);
        Assert.Equal(
            new TcpOptions
            {
                MaximumSegmentSize = 1460,
                SackPermitted = true,
                Timestamps = new TcpTimestampOption(1, 2),
                WindowScale = 7,
                SackBlocks = new SackBlockList([new SackBlock(10u, 20u), new SackBlock(30u, 40u)]),
            },
            options);
    }

    [Fact]
    public void Four_sack_blocks_fill_a_34_byte_option_and_parse()
    {
        var bytes = Convert.FromHexString("0101" + "0522" + string.Concat(Enumerable.Range(1, 8).Select(i => i.ToString("x8", null))) + "0000");

        Assert.True(TcpOptions.TryParse(bytes, out var options, out _));
        Assert.Equal(4, options.SackBlocks.Count);
        Assert.Equal(new SackBlock(7u, 8u), options.SackBlocks[3]);
    }

    [Fact]
    public void A_sack_option_with_five_blocks_is_illegal()
    {
        // Only reachable when the area is longer than a header allows; RFC 2018 §3 caps a SACK option at 4 blocks.
        var bytes = Convert.FromHexString("052a" + new string('0', 80));

        Assert.False(TcpOptions.TryParse(bytes, out var options, out var error));
        Assert.Equal(TcpParseError.SackBlockCountIllegal, error);
        Assert.Equal(default, options);
    }

    [Fact]
    public void An_empty_area_parses_to_no_options()
    {
        Assert.True(TcpOptions.TryParse([], out var options, out _));
        Assert.True(options.IsEmpty);
        Assert.Equal(0, options.GetEncodedLength());
    }

    [Fact]
    public void When_a_kind_repeats_the_later_option_wins()
    {
        Assert.True(TcpOptions.TryParse(Convert.FromHexString("0204010002040200"), out var options, out _));
        Assert.Equal((ushort)0x0200, options.MaximumSegmentSize);
    }

    [Theory]
    [InlineData("0200", TcpParseError.OptionLengthIllegal)]
    [InlineData("fd01", TcpParseError.OptionLengthIllegal)]
    [InlineData("02", TcpParseError.OptionTruncated)]
    [InlineData("020405", TcpParseError.OptionTruncated)]
    [InlineData("0303", TcpParseError.OptionTruncated)]
    [InlineData("020300", TcpParseError.OptionLengthWrongForKind)]
    [InlineData("03040000", TcpParseError.OptionLengthWrongForKind)]
    [InlineData("0404", TcpParseError.OptionTruncated)]
    [InlineData("04040000", TcpParseError.OptionLengthWrongForKind)]
    [InlineData("08080000 00000000", TcpParseError.OptionLengthWrongForKind)]
    [InlineData("0502", TcpParseError.SackBlockCountIllegal)]
    [InlineData("05060000 0000", TcpParseError.SackBlockCountIllegal)]
    public void Each_illegal_length_fails_with_its_reason(string hex, TcpParseError expected)
    {
        Assert.False(TcpOptions.TryParse(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Emitting_pads_the_area_with_zeros_to_a_multiple_of_four()
    {
        // RFC 9293 §3.1 (MUST-69): the header is padded with zeros; zero is the End of Option List kind.
        var options = new TcpOptions { MaximumSegmentSize = 1460, SackPermitted = true };
        var destination = new byte[12];
        destination.AsSpan().Fill(0xAA);

        Assert.True(options.TryWriteBytes(destination, out var written, TcpOptionLayout.FreeBsd));
        Assert.Equal(8, written);
        Assert.Equal(Convert.FromHexString("020405b4 04020000".Replace(" ", string.Empty, StringComparison.Ordinal)), destination[..8]);
        Assert.Equal([0xAA, 0xAA, 0xAA, 0xAA], destination[8..]);
    }

    [Fact]
    public void Timestamps_and_three_sack_blocks_fill_exactly_40_bytes()
    {
        var options = new TcpOptions
        {
            Timestamps = new TcpTimestampOption(1, 2),
            SackBlocks = new SackBlockList([new SackBlock(1u, 2u), new SackBlock(3u, 4u), new SackBlock(5u, 6u)]),
        };

        Assert.Equal(40, options.GetEncodedLength());
        Assert.True(options.TryWriteBytes(new byte[40], out var written));
        Assert.Equal(40, written);
    }

    [Theory]
    [InlineData(TcpOptionLayout.Linux)]
    [InlineData(TcpOptionLayout.FreeBsd)]
    public void Options_longer_than_40_bytes_are_not_written(TcpOptionLayout layout)
    {
        var options = new TcpOptions
        {
            Timestamps = new TcpTimestampOption(1, 2),
            SackBlocks = new SackBlockList([new SackBlock(1u, 2u), new SackBlock(3u, 4u), new SackBlock(5u, 6u), new SackBlock(7u, 8u)]),
        };
        var destination = new byte[64];
        destination.AsSpan().Fill(0xAA);

        Assert.Equal(48, options.GetEncodedLength(layout));
        Assert.False(options.TryWriteBytes(destination, out var written, layout));
        Assert.Equal(0, written);
        Assert.All(destination, b => Assert.Equal(0xAA, b));
    }

    [Fact]
    public void A_destination_too_small_is_not_written()
    {
        var options = new TcpOptions { MaximumSegmentSize = 1460, WindowScale = 7 };
        var destination = new byte[7];

        Assert.False(options.TryWriteBytes(destination, out var written));
        Assert.Equal(0, written);
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Any_options_round_trip_through_bytes_in_either_layout()
    {
        Property.ForAll(Gen.Select(TcpGenerators.Options, TcpGenerators.Layout, (o, l) => (o, l)), 3000, input =>
        {
            var (options, layout) = input;
            var length = options.GetEncodedLength(layout);
            var destination = new byte[64];
            Assert.Equal(0, length % 4);
            Assert.Equal(length <= TcpOptions.MaxEncodedLength, options.TryWriteBytes(destination, out var written, layout));
            if (length > TcpOptions.MaxEncodedLength)
            {
                return;
            }

            Assert.Equal(length, written);
            Assert.True(TcpOptions.TryParse(destination.AsSpan(0, written), out var parsed, out var error), error.ToString());
            Assert.Equal(options, parsed);
        });
    }
}
