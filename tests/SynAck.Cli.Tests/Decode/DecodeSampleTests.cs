using System.Globalization;
using System.Text.Json;
using SynAck.Cli.Tests.Captures;

namespace SynAck.Cli.Tests.Decode;

/// <summary><c>synack decode</c> on the captures the Linux kernel made (samples/), against Wireshark and tcpdump.</summary>
public class DecodeSampleTests
{
    public static TheoryData<string> SampleNames() => Samples.Names();

    public static TheoryData<string> TcpdumpGoldens() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Decode", "Golden"), "*.tcpdump.txt")
            .Select(path => Path.GetFileName(path)[..^".tcpdump.txt".Length])
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(SampleNames))]
    public async Task Every_segment_has_the_flags_seq_ack_len_window_and_time_wireshark_shows(string sample)
    {
        var result = await Cli.RunAsync("decode", "--format", "json", Samples.Path(sample));
        var rows = Samples.Tshark(sample);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        var objects = result.Lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var segments = objects.Where(o => o.GetProperty("type").GetString() == "segment").ToList();
        Assert.Equal(rows.Count, segments.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, json) = (rows[i], segments[i]);
            var context = $"{sample} frame {row.Frame}";
            Assert.True(row.Frame == json.GetProperty("frame").GetInt64(), context);
            Assert.True(row.SourcePort == Port(json.GetProperty("src")), context);
            Assert.True(row.DestinationPort == Port(json.GetProperty("dst")), context);
            Assert.True(Samples.TcpdumpLetters(row.Flags) == json.GetProperty("flags").GetString(), context);
            Assert.True(row.Seq == json.GetProperty("seq").GetUInt32(), context);
            Assert.True(row.Ack == json.GetProperty("ack").GetUInt32(), context);
            Assert.True(row.Length == json.GetProperty("len").GetInt32(), context);
            Assert.True(row.Window == json.GetProperty("win").GetUInt16(), context);
            Assert.True(decimal.Parse(row.TimeEpoch, CultureInfo.InvariantCulture) == json.GetProperty("time_s").GetDecimal(), context);
        }

        var summary = objects[^1];
        Assert.Equal("summary", summary.GetProperty("type").GetString());
        Assert.Equal(rows.Count, summary.GetProperty("packets").GetInt32());
        Assert.Equal(rows.Count, summary.GetProperty("tcp").GetInt32());
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public async Task Checksum_ok_is_wiresharks_verdict_and_null_for_segments_the_capture_cut(string sample)
    {
        var verdicts = File.ReadAllLines(Samples.GoldenPath("Decode", "tshark-checksums.tsv"))
            .Skip(1)
            .Select(line => line.Split('\t'))
            .Where(fields => fields[0] == sample)
            .ToDictionary(fields => long.Parse(fields[1], CultureInfo.InvariantCulture), fields => fields[2] switch
            {
                "0" => JsonValueKind.False,
                "1" => JsonValueKind.True,
                _ => JsonValueKind.Null,
            });
        var result = await Cli.RunAsync("decode", "--format", "json", Samples.Path(sample));
        var segments = result.Lines.Select(line => JsonDocument.Parse(line).RootElement).SkipLast(1).ToList();

        Assert.Equal(verdicts.Count, segments.Count);
        Assert.All(segments, segment =>
        {
            var frame = segment.GetProperty("frame").GetInt64();
            Assert.True(verdicts[frame] == segment.GetProperty("checksum_ok").ValueKind, $"{sample} frame {frame}");
        });
    }

    [Fact]
    public async Task A_data_segment_cut_by_the_snapshot_length_has_the_length_its_ip_header_states()
    {
        var result = await Cli.RunAsync("decode", "--format", "json", Samples.Path("bulk-download-lo-ipv4.pcap"));
        var rows = Samples.Tshark("bulk-download-lo-ipv4.pcap");
        var segments = result.Lines.Select(line => JsonDocument.Parse(line).RootElement).SkipLast(1).ToList();

        var cut = rows.Select((row, i) => (row, json: segments[i])).Where(pair => pair.row.CapturedLength < pair.row.FrameLength).ToList();
        Assert.Equal(35, cut.Count);
        Assert.All(cut, pair =>
        {
            // Ethernet, IPv4 and TCP with timestamps take 14 + 20 + 32 bytes of the captured ones.
            var capturedPayload = pair.row.CapturedLength - (14 + 20 + 32);
            Assert.Equal(pair.row.Length, pair.json.GetProperty("len").GetInt32());
            Assert.True(pair.row.Length > capturedPayload);
        });
    }

    [Theory]
    [MemberData(nameof(TcpdumpGoldens))]
    public async Task Text_lines_are_the_ones_tcpdump_prints(string sample)
    {
        var result = await Cli.RunAsync("decode", Samples.Path(sample));
        // tcpdump prints an interface and direction column ("lo    In  ") for Linux cooked v2 captures.
        var tcpdump = File.ReadAllLines(Samples.GoldenPath("Decode", sample + ".tcpdump.txt"))
            .Select(line => System.Text.RegularExpressions.Regex.Replace(line, @"^(\S+) lo +(In|Out) +", "$1 "))
            .ToArray();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(tcpdump, result.Lines[..^1]);
    }

    [Fact]
    public async Task The_readme_sample_decodes_to_its_golden_text()
    {
        var result = await Cli.RunAsync("decode", Samples.Path("http-download-lo-ipv4.pcap"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText(Samples.GoldenPath("Decode", "http-download-lo-ipv4.pcap.decode.txt")), result.Output);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Json_lines_carry_the_contract_fields_with_their_types()
    {
        var result = await Cli.RunAsync("decode", "--format", "json", Samples.Path("refused-lo-ipv6.pcap"));
        var objects = result.Lines.Select(line => JsonDocument.Parse(line).RootElement).ToArray();

        Assert.Equal(3, objects.Length);
        var syn = objects[0];
        Assert.Equal("segment", syn.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Number, syn.GetProperty("time_s").ValueKind);
        Assert.Equal("1795650147.031131", syn.GetProperty("time_s").GetRawText());
        Assert.Equal("[::1]:47120", syn.GetProperty("src").GetString());
        Assert.Equal("[::1]:8001", syn.GetProperty("dst").GetString());
        Assert.Equal("S", syn.GetProperty("flags").GetString());
        Assert.Equal(3140440220u, syn.GetProperty("seq").GetUInt32());
        Assert.Equal(0u, syn.GetProperty("ack").GetUInt32());
        Assert.Equal(0, syn.GetProperty("len").GetInt32());
        Assert.Equal(65476, syn.GetProperty("win").GetInt32());
        Assert.Equal(JsonValueKind.False, syn.GetProperty("checksum_ok").ValueKind);
        Assert.Equal(
            ["mss 65476", "sackOK", "TS val 1552418939 ecr 0", "nop", "wscale 10"],
            syn.GetProperty("options").EnumerateArray().Select(option => option.GetString()));

        var rst = objects[1];
        Assert.Equal("R.", rst.GetProperty("flags").GetString());
        Assert.Equal(3140440221u, rst.GetProperty("ack").GetUInt32());
        Assert.Equal(JsonValueKind.Array, rst.GetProperty("options").ValueKind);
        Assert.Empty(rst.GetProperty("options").EnumerateArray());

        Assert.Equal("""{"type":"summary","packets":2,"tcp":2,"non_tcp":0,"fragments":0,"undecodable":0}""", result.Lines[2]);
    }

    private static int Port(JsonElement endpoint)
    {
        var text = endpoint.GetString()!;
        return int.Parse(text.AsSpan(text.LastIndexOf(':') + 1), CultureInfo.InvariantCulture);
    }
}
