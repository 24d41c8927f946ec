using System.Text.Json;
using SynAck.Cli.Tests.Captures;
using SynAck.Wire;
using SynAck.Wire.Ip;

namespace SynAck.Cli.Tests.Decode;

/// <summary><c>synack decode</c> on damaged captures, hand-made packets and bad command lines.</summary>
public class DecodeCommandTests
{
    [Fact]
    public async Task A_truncated_capture_prints_every_packet_before_the_cut_then_the_offset_and_exits_with_2()
    {
        var sample = "http-download-lo-ipv4.pcap";
        var rows = Samples.Tshark(sample);
        // A classic pcap: a 24-byte file header, then per packet a 16-byte record header and the captured bytes.
        var lastRecord = 24 + rows.SkipLast(1).Sum(row => 16 + row.CapturedLength);
        var bytes = File.ReadAllBytes(Samples.Path(sample));
        Assert.Equal(lastRecord + 16 + rows[^1].CapturedLength, bytes.Length);
        using var capture = new TempCapture(bytes[..(lastRecord + 16 + 10)]);

        var text = await Cli.RunAsync("decode", capture.Path);
        var json = await Cli.RunAsync("decode", "--format", "json", capture.Path);

        Assert.Equal(2, text.ExitCode);
        var golden = File.ReadAllLines(Samples.GoldenPath("Decode", sample + ".tcpdump.txt"));
        Assert.Equal([.. golden[..11], "11 packets: 11 TCP segments, 0 non-TCP, 0 IP fragments, 0 undecodable"], text.Lines);
        Assert.Equal($"synack decode: {capture.Path}: file ends inside the record at byte {lastRecord}\n", text.Error);

        Assert.Equal(2, json.ExitCode);
        Assert.Equal(text.Error, json.Error);
        var summary = JsonDocument.Parse(json.Lines[^1]).RootElement;
        Assert.Equal(11, json.Lines.Length - 1);
        Assert.Equal("summary", summary.GetProperty("type").GetString());
        var error = summary.GetProperty("error");
        Assert.Equal("TruncatedRecordBody", error.GetProperty("reason").GetString());
        Assert.Equal(lastRecord, error.GetProperty("offset").GetInt64());
    }

    [Fact]
    public async Task A_file_cut_inside_the_pcap_header_decodes_nothing_and_exits_with_2()
    {
        using var capture = new TempCapture(File.ReadAllBytes(Samples.Path("refused-lo-ipv4.pcap"))[..20]);

        var result = await Cli.RunAsync("decode", capture.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["0 packets: 0 TCP segments, 0 non-TCP, 0 IP fragments, 0 undecodable"], result.Lines);
        Assert.Equal($"synack decode: {capture.Path}: file ends inside the file header at byte 0\n", result.Error);
    }

    [Fact]
    public async Task Non_tcp_packets_fragments_and_malformed_packets_are_skipped_and_counted()
    {
        var udp = TestCapture.Ipv4(IpProtocol.Udp, [0x9c, 0x40, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00]);
        var icmpEcho = TestCapture.Ipv4(IpProtocol.Icmp, [8, 0, 0xf7, 0xff, 0, 0, 0, 0]);
        var firstFragment = TestCapture.Ipv4(IpProtocol.Tcp, new byte[24], moreFragments: true);
        var badIhl = TestCapture.Ipv4(IpProtocol.Tcp, new byte[20]);
        badIhl[0] = 0x43; // IHL 3: a header shorter than 20 bytes
        var syn = TestCapture.TcpIpv4(TestCapture.Header(TcpFlags.Syn, seq: 1000, ack: 0), []);
        using var capture = new TempCapture(TestCapture.Pcap(udp, icmpEcho, firstFragment, syn, badIhl));

        var text = await Cli.RunAsync("decode", capture.Path);
        var json = await Cli.RunAsync("decode", "--format", "json", capture.Path);

        Assert.Equal(0, text.ExitCode);
        Assert.Equal(
            [
                "01:46:40.003000 IP 192.0.2.1.40000 > 192.0.2.2.80: Flags [S], seq 1000, win 1000, length 0",
                "5 packets: 1 TCP segments, 2 non-TCP, 1 IP fragments, 1 undecodable",
            ],
            text.Lines);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(4, JsonDocument.Parse(json.Lines[0]).RootElement.GetProperty("frame").GetInt32());
        Assert.Equal("""{"type":"summary","packets":5,"tcp":1,"non_tcp":2,"fragments":1,"undecodable":1}""", json.Lines[1]);
    }

    [Fact]
    public async Task A_segment_whose_checksum_verifies_is_reported_checksum_ok()
    {
        var data = TestCapture.TcpIpv4(TestCapture.Header(TcpFlags.Psh | TcpFlags.Ack, seq: 1001, ack: 5001), "hello"u8.ToArray());
        var damaged = (byte[])data.Clone();
        damaged[^1] ^= 0x01;
        using var capture = new TempCapture(TestCapture.Pcap(data, damaged));

        var result = await Cli.RunAsync("decode", "--format", "json", capture.Path);

        var segments = result.Lines[..^1].Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.Equal(JsonValueKind.True, segments[0].GetProperty("checksum_ok").ValueKind);
        Assert.Equal(JsonValueKind.False, segments[1].GetProperty("checksum_ok").ValueKind);
        Assert.Equal(5, segments[0].GetProperty("len").GetInt32());
    }

    [Fact]
    public async Task A_tcp_header_cut_by_the_snapshot_length_is_undecodable()
    {
        var syn = TestCapture.TcpIpv4(TestCapture.Header(TcpFlags.Syn, seq: 1, ack: 0), []);
        using var capture = new TempCapture(TestCapture.Pcap(snapLength: 30, syn));

        var result = await Cli.RunAsync("decode", capture.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["1 packets: 0 TCP segments, 0 non-TCP, 0 IP fragments, 1 undecodable"], result.Lines);
    }

    [Fact]
    public async Task A_data_segment_cut_after_its_header_is_printed_with_its_whole_length_and_an_unknown_checksum()
    {
        var data = TestCapture.TcpIpv4(TestCapture.Header(TcpFlags.Ack, seq: 7, ack: 9), new byte[100]);
        using var capture = new TempCapture(TestCapture.Pcap(snapLength: 50, data));

        var text = await Cli.RunAsync("decode", capture.Path);
        var json = await Cli.RunAsync("decode", "--format", "json", capture.Path);

        Assert.Equal("01:46:40.000000 IP 192.0.2.1.40000 > 192.0.2.2.80: Flags [.], seq 7:107, ack 9, win 1000, length 100", text.Lines[0]);
        var segment = JsonDocument.Parse(json.Lines[0]).RootElement;
        Assert.Equal(100, segment.GetProperty("len").GetInt32());
        Assert.Equal(JsonValueKind.Null, segment.GetProperty("checksum_ok").ValueKind);
    }

    [Fact]
    public async Task A_missing_file_is_bad_input()
    {
        var path = Path.Combine(Path.GetTempPath(), $"synack-missing-{Guid.NewGuid():N}.pcap");

        var result = await Cli.RunAsync("decode", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal($"synack decode: {path}: no such file\n", result.Error);
    }

    [Fact]
    public async Task A_file_that_is_not_a_capture_is_bad_input()
    {
        using var notACapture = new TempCapture("GET / HTTP/1.1\r\n\r\n"u8.ToArray());

        var result = await Cli.RunAsync("decode", notACapture.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"synack decode: {notACapture.Path}: not a pcap or pcapng file (unknown magic number) at byte 0\n", result.Error);
    }

    [Fact]
    public async Task An_unknown_format_is_a_usage_error_with_exit_code_2()
    {
        var result = await Cli.RunAsync("decode", "--format", "xml", Samples.Path("refused-lo-ipv4.pcap"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("xml", result.Error, StringComparison.Ordinal);
    }
}
