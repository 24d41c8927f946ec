using SynAck.Cli.Captures;
using SynAck.Cli.Decode;
using SynAck.Wire;
using SynAck.Wire.Capture;
using SynAck.Wire.Ip;

namespace SynAck.Cli.Tests.Decode;

/// <summary>The decode formatter as a pure function of one decoded segment or of the closing counts.</summary>
public class DecodeFormatterTests
{
    private static readonly DecodedSegment UrgentIpv6 = new(
        Frame: 3,
        UnixTimeNanoseconds: 1_795_650_147_690_246_809,
        Source: IpEndpoint.Parse("[2001:db8::1]:443"),
        Destination: IpEndpoint.Parse("[2001:db8::2]:50000"),
        Flags: TcpFlags.Psh | TcpFlags.Ack | TcpFlags.Urg,
        SequenceNumber: 4_294_967_290,
        AcknowledgmentNumber: 5,
        Window: 512,
        UrgentPointer: 3,
        PayloadLength: 10,
        Options: ["nop", "nop", "TS val 1 ecr 2"],
        ChecksumOk: null);

    [Fact]
    public void Text_is_tcpdumps_line_with_ip6_and_a_sequence_range_that_wraps()
    {
        Assert.Equal(
            "23:42:27.690246 IP6 2001:db8::1.443 > 2001:db8::2.50000: Flags [P.U], seq 4294967290:4, ack 5, win 512, urg 3, options [nop,nop,TS val 1 ecr 2], length 10",
            DecodeFormatter.FormatText(UrgentIpv6));
    }

    [Fact]
    public void Json_has_bracketed_ipv6_endpoints_nanosecond_time_and_null_checksum()
    {
        Assert.Equal(
            """{"type":"segment","frame":3,"time_s":1795650147.690246809,"src":"[2001:db8::1]:443","dst":"[2001:db8::2]:50000","flags":"P.U","seq":4294967290,"ack":5,"len":10,"win":512,"checksum_ok":null,"options":["nop","nop","TS val 1 ecr 2"]}""",
            DecodeFormatter.FormatJson(UrgentIpv6));
    }

    [Theory]
    [InlineData(1_795_650_145_112_841_000, "23:42:25.112841", "1795650145.112841")]
    [InlineData(1_795_650_147_690_246_809, "23:42:27.690246", "1795650147.690246809")]
    [InlineData(0, "00:00:00.000000", "0.000000")]
    [InlineData(-1, "23:59:59.999999", "-0.000000001")]
    public void Times_are_utc_to_the_microsecond_in_text_and_exact_in_json(long nanoseconds, string timeOfDay, string seconds)
    {
        Assert.Equal(timeOfDay, DecodeFormatter.FormatTimeOfDay(nanoseconds));
        Assert.Equal(seconds, DecodeFormatter.FormatUnixSeconds(nanoseconds));
    }

    [Fact]
    public void A_segment_without_flags_prints_none()
    {
        var bare = UrgentIpv6 with { Flags = TcpFlags.None, PayloadLength = 0, Options = [] };

        Assert.EndsWith("Flags [none], win 512, length 0", DecodeFormatter.FormatText(bare), StringComparison.Ordinal);
        Assert.Contains("\"flags\":\"none\"", DecodeFormatter.FormatJson(bare), StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_summary_names_a_capture_error_with_its_offset()
    {
        var counts = new CaptureCounts { Packets = 4, TcpSegments = 3, NonTcp = 1 };

        Assert.Equal(
            """{"type":"summary","packets":4,"tcp":3,"non_tcp":1,"fragments":0,"undecodable":0,"error":{"reason":"BadBlockLength","offset":312,"message":"bad block length in the block at byte 312"}}""",
            DecodeFormatter.FormatSummaryJson(counts, new CaptureError(CaptureErrorReason.BadBlockLength, 312)));
        Assert.Equal("4 packets: 3 TCP segments, 1 non-TCP, 0 IP fragments, 0 undecodable", DecodeFormatter.FormatSummaryText(counts));
    }
}
