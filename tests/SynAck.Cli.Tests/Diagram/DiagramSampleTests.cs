using System.Text.Json;
using SynAck.Cli.Tests.Captures;

namespace SynAck.Cli.Tests.Diagram;

/// <summary><c>synack diagram</c> on the kernel-made captures: connections, segments as Wireshark sees them, and the states RFC 9293 gives.</summary>
public class DiagramSampleTests
{
    private const string ClientFirst = "client closes first";
    private const string ServerFirst = "server closes first";
    private const string Crossing = "FINs cross";
    private static readonly string[] ActiveClose = ["FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT"];
    private static readonly string[] PassiveClose = ["CLOSE_WAIT", "LAST_ACK", "CLOSED"];
    private static readonly string[] SimultaneousClose = ["FIN_WAIT_1", "CLOSING", "TIME_WAIT"];

    public static TheoryData<string> SampleNames() => Samples.Names();

    [Theory]
    [MemberData(nameof(SampleNames))]
    public async Task Every_segment_is_drawn_once_with_the_numbers_wireshark_shows(string sample)
    {
        var result = await Cli.RunAsync("diagram", "--format", "json", Samples.Path(sample));
        var rows = Samples.Tshark(sample);

        Assert.Equal(0, result.ExitCode);
        var objects = result.Lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var connections = objects.Where(o => Type(o) == "connection").ToList();
        var segments = objects.Where(o => Type(o) == "segment").ToList();
        Assert.Equal(rows.Count, segments.Count);
        Assert.Equal(rows.Count, connections.Sum(c => c.GetProperty("segments").GetInt32()));

        // Connections come one after the other in these captures, so capture order is kept.
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, json) = (rows[i], segments[i]);
            var context = $"{sample} frame {row.Frame}";
            Assert.True(json.GetProperty("src").GetString()!.EndsWith($":{row.SourcePort}", StringComparison.Ordinal), context);
            Assert.True(json.GetProperty("dst").GetString()!.EndsWith($":{row.DestinationPort}", StringComparison.Ordinal), context);
            Assert.True(Samples.TcpdumpLetters(row.Flags) == json.GetProperty("flags").GetString(), context);
            Assert.True(row.Seq == json.GetProperty("seq").GetUInt32(), context);
            Assert.True(row.Ack == json.GetProperty("ack").GetUInt32(), context);
            Assert.True(row.Length == json.GetProperty("len").GetInt32(), context);
            Assert.True(row.Window == json.GetProperty("win").GetUInt16(), context);
            Assert.False(json.TryGetProperty("lost", out _), context);
            Assert.False(json.TryGetProperty("retransmission", out _), context);
        }
    }

    // How each download's connection closes, read off tcpdump's lines for its FINs: the first FIN's
    // sender closes first; when the other side's FIN does not acknowledge it, the FINs crossed.
    [Theory]
    [InlineData("http-download-lo-ipv4.pcap", 1, ClientFirst)]
    [InlineData("http-download-lo-ipv4-dumpcap.pcapng", 1, ClientFirst)]
    [InlineData("bulk-download-lo-ipv4.pcap", 1, ClientFirst)]
    [InlineData("http-download-lo-ipv6.pcap", 1, ServerFirst)] // the server's FIN, then the client's F. with ack = its seq + 1
    [InlineData("http-download-lo-ipv6-nano.pcap", 1, Crossing)]
    [InlineData("http-download-any-sll.pcap", 1, ClientFirst)]
    [InlineData("http-download-any-sll.pcap", 2, Crossing)] // the client's F. acknowledges only up to the server's FIN
    [InlineData("http-download-any-sll2.pcap", 1, ClientFirst)]
    [InlineData("http-download-any-sll2.pcap", 2, Crossing)] // the server's F. acknowledges only up to the client's FIN
    public async Task A_download_goes_through_the_handshake_and_the_wave_its_fins_call_for(string sample, int connection, string close)
    {
        var result = await Cli.RunAsync("diagram", "--format", "json", "--names", "role", "--connection", $"{connection}", Samples.Path(sample));

        var events = Assert.Single(Split(result.Lines));
        Assert.Equal("LISTEN", FirstFrom(events, "server"));
        Assert.Equal("CLOSED", FirstFrom(events, "client"));
        var (client, server) = close switch
        {
            ClientFirst => (ActiveClose, PassiveClose),
            ServerFirst => (PassiveClose, ActiveClose),
            _ => (SimultaneousClose, SimultaneousClose),
        };
        Assert.Equal(["SYN_SENT", "ESTABLISHED", .. client], StatesOf(events, "client"));
        Assert.Equal(["SYN_RCVD", "ESTABLISHED", .. server], StatesOf(events, "server"));
    }

    [Theory]
    [InlineData("refused-lo-ipv4.pcap")]
    [InlineData("refused-lo-ipv6.pcap")]
    public async Task A_refused_connection_is_a_syn_then_an_rst_and_the_client_ends_closed(string sample)
    {
        var result = await Cli.RunAsync("diagram", "--format", "json", "--names", "role", Samples.Path(sample));

        var events = Assert.Single(Split(result.Lines));
        Assert.Equal(["S", "R."], events.Where(e => Type(e) == "segment").Select(e => e.GetProperty("flags").GetString()));
        Assert.Equal(["SYN_SENT", "CLOSED"], StatesOf(events, "client"));
        Assert.Equal(["CLOSED"], StatesOf(events, "server"));
        Assert.Equal("received RST", events.Last(e => Type(e) == "state").GetProperty("cause").GetString());
    }

    [Fact]
    public async Task Crossing_fins_in_the_nanosecond_capture_close_both_ends_through_closing_with_times_in_order()
    {
        // In this capture the server's FIN acknowledges only up to the client's FIN, not past it:
        // the two FINs crossed, so both ends went through CLOSING (RFC 9293 §3.6, Figure 13).
        var result = await Cli.RunAsync("diagram", "--format", "json", "--names", "role", Samples.Path("http-download-lo-ipv6-nano.pcap"));

        var events = Assert.Single(Split(result.Lines));
        Assert.Equal(["FIN_WAIT_1", "CLOSING", "TIME_WAIT"], StatesOf(events, "client")[^3..]);
        Assert.Equal(["FIN_WAIT_1", "CLOSING", "TIME_WAIT"], StatesOf(events, "server")[^3..]);
        Assert.Equal(["received FIN", "received ACK of FIN"], CausesOf(events, "server")[^2..]);
        var times = events.Where(e => Type(e) != "connection").Select(e => e.GetProperty("time_s").GetDecimal()).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Theory]
    [InlineData("http-download-lo-ipv4.pcap.ladder.txt")]
    [InlineData("http-download-lo-ipv4.pcap.symbolic.ladder.txt", "--symbolic", "--names", "role")]
    [InlineData("http-download-lo-ipv4.pcap.jsonl", "--format", "json")]
    [InlineData("http-download-lo-ipv4.pcap.mermaid.txt", "--format", "mermaid", "--symbolic")]
    public async Task The_readme_sample_draws_as_its_golden_file(string golden, params string[] options)
    {
        var result = await Cli.RunAsync(["diagram", .. options, Samples.Path("http-download-lo-ipv4.pcap")]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText(Samples.GoldenPath("Diagram", golden)), result.Output);
    }

    [Fact]
    public async Task The_refused_connection_draws_as_its_golden_file()
    {
        var result = await Cli.RunAsync("diagram", "--symbolic", Samples.Path("refused-lo-ipv4.pcap"));

        Assert.Equal(File.ReadAllText(Samples.GoldenPath("Diagram", "refused-lo-ipv4.pcap.symbolic.ladder.txt")), result.Output);
    }

    [Fact]
    public async Task Connection_picks_one_connection_in_the_order_of_first_segments()
    {
        var second = await Cli.RunAsync("diagram", "--connection", "2", Samples.Path("http-download-any-sll.pcap"));
        var all = await Cli.RunAsync("diagram", Samples.Path("http-download-any-sll.pcap"));

        Assert.Equal(0, second.ExitCode);
        Assert.StartsWith("connection 2 of 2: client [::1]:", second.Output, StringComparison.Ordinal);
        Assert.StartsWith("connection 1 of 2: client 127.0.0.1:", all.Output, StringComparison.Ordinal);
        Assert.EndsWith(second.Output, all.Output, StringComparison.Ordinal);
        Assert.Contains("\n\nconnection 2 of 2", all.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_that_does_not_exist_is_bad_input()
    {
        var result = await Cli.RunAsync("diagram", "--connection", "3", Samples.Path("http-download-any-sll.pcap"));

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.EndsWith("no connection 3; the capture has 2 connections\n", result.Error, StringComparison.Ordinal);
    }

    private static string? Type(JsonElement element) => element.GetProperty("type").GetString();

    /// <summary>The JSON lines cut at each connection object.</summary>
    private static List<List<JsonElement>> Split(string[] lines)
    {
        var connections = new List<List<JsonElement>>();
        foreach (var element in lines.Select(line => JsonDocument.Parse(line).RootElement))
        {
            if (Type(element) == "connection")
            {
                connections.Add([]);
            }

            connections[^1].Add(element);
        }

        return connections;
    }

    private static string[] StatesOf(List<JsonElement> events, string endpoint) =>
        [.. events.Where(e => Type(e) == "state" && e.GetProperty("endpoint").GetString() == endpoint).Select(e => e.GetProperty("to").GetString()!)];

    private static string[] CausesOf(List<JsonElement> events, string endpoint) =>
        [.. events.Where(e => Type(e) == "state" && e.GetProperty("endpoint").GetString() == endpoint).Select(e => e.GetProperty("cause").GetString()!)];

    private static string? FirstFrom(List<JsonElement> events, string endpoint) =>
        events.First(e => Type(e) == "state" && e.GetProperty("endpoint").GetString() == endpoint).GetProperty("from").GetString();
}
