using static SynAck.Cli.Tests.Demo.DemoEvents;

namespace SynAck.Cli.Tests.Demo;

/// <summary><c>synack demo</c>'s options: random loss, capture, colour, sizes, and bad values.</summary>
public class DemoCommandTests
{
    private const string Escape = "\u001b[";

    [Fact]
    public async Task Random_loss_marks_lost_segments_and_their_retransmissions_still_complete_the_scenario()
    {
        var events = await RunAsync("--loss", "0.3", "--seed", "7");

        var lost = events.Segments.Where(Lost).ToList();
        Assert.NotEmpty(lost);
        Assert.Contains(events.Segments, s => s.TryGetProperty("retransmission", out _));
        Assert.Equal("CLOSED", events.States("client")[^1]);

        // Every lost segment that carried sequence space was sent again with the same SEG.SEQ.
        foreach (var segment in lost.Where(s => Len(s) > 0 || Flags(s).Contains('S') || Flags(s).Contains('F')))
        {
            var from = segment.GetProperty("from").GetString();
            Assert.Contains(events.Segments, s => s.GetProperty("from").GetString() == from && Seq(s) == Seq(segment) && Time(s) > Time(segment) && !Lost(s));
        }
    }

    [Fact]
    public async Task A_connection_that_fails_under_heavy_loss_is_drawn_up_to_the_failure_and_reported()
    {
        var result = await Cli.RunAsync("demo", "--loss", "0.9", "--seed", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("synack demo: the scenario stopped early: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("SYN seq=", result.Output, StringComparison.Ordinal);
        Assert.Contains("(retransmission)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_run_and_another_seed_another_one()
    {
        var first = await Cli.RunAsync("demo", "--format", "json", "--loss", "0.2", "--seed", "3");
        var again = await Cli.RunAsync("demo", "--format", "json", "--loss", "0.2", "--seed", "3");
        var other = await Cli.RunAsync("demo", "--format", "json", "--loss", "0.2", "--seed", "4");

        Assert.Equal(first.Output, again.Output);
        Assert.NotEqual(first.Output, other.Output);
    }

    [Fact]
    public async Task The_capture_holds_what_the_client_sent_and_received_and_decode_reads_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"synack-demo-{Guid.NewGuid():N}.pcap");
        try
        {
            var demo = await Cli.RunAsync("demo", "--scenario", "lossy", "--format", "json", "--pcap", path);
            Assert.Equal(0, demo.ExitCode);
            var events = new List<System.Text.Json.JsonElement>(demo.Lines.Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement));
            var segments = events.Where(e => e.GetProperty("type").GetString() == "segment").ToList();

            // A tap on the client's link sees all it sends, and what reaches it: not the SYN+ACK lost on the way.
            var seen = segments.Where(s => s.GetProperty("from").GetString() == "client" || !Lost(s)).ToList();
            var decode = await Cli.RunAsync("decode", "--format", "json", path);
            Assert.Equal(0, decode.ExitCode);
            var decoded = decode.Lines.Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement)
                .Where(e => e.GetProperty("type").GetString() == "segment").ToList();
            Assert.Equal(seen.Count, decoded.Count);
            for (var i = 0; i < seen.Count; i++)
            {
                Assert.Equal(Flags(seen[i]), Flags(decoded[i]));
                Assert.Equal(Seq(seen[i]), Seq(decoded[i]));
                Assert.Equal(Ack(seen[i]), Ack(decoded[i]));
                Assert.Equal(Len(seen[i]), Len(decoded[i]));
            }

            var diagram = await Cli.RunAsync("diagram", "--names", "role", "--format", "json", path);
            Assert.Equal(0, diagram.ExitCode);
            Assert.Single(diagram.Lines, line => line.Contains("\"type\":\"connection\"", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Colour_is_used_on_a_terminal_unless_no_color_is_set_and_on_request()
    {
        Assert.Contains(Escape, (await RunOn(new Terminal(true, false), "demo")).Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, (await RunOn(new Terminal(true, true), "demo")).Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, (await RunOn(new Terminal(false, false), "demo")).Output, StringComparison.Ordinal);
        Assert.Contains(Escape, (await RunOn(new Terminal(false, false), "demo", "--color", "always")).Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, (await RunOn(new Terminal(true, false), "demo", "--format", "json")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sizes_and_the_mss_shape_the_data_segments()
    {
        var events = await RunAsync("--mss", "536", "--request-bytes", "20", "--response-bytes", "1200");

        var data = events.Segments.Where(s => Len(s) > 0).ToList();
        Assert.Equal([20], data.Where(s => s.GetProperty("from").GetString() == "client").Select(Len));
        // Timestamps (on by default, RFC 7323) take 12 of the 536 bytes of each segment.
        Assert.Equal([524, 524, 152], data.Where(s => s.GetProperty("from").GetString() == "server").Select(Len));
        Assert.Contains("mss 536", events.Segments[0].GetProperty("options").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--scenario", "sideways", "'sideways'")]
    [InlineData("--loss", "1.5", "--loss")]
    [InlineData("--mss", "20", "--mss")]
    [InlineData("--request-bytes", "0", "--request-bytes")]
    [InlineData("--format", "xml", "'xml'")]
    [InlineData("--loss", "NaN", "--loss")]
    [InlineData("--loss", "some", "'some'")]
    [InlineData("--mss", "big", "'big'")]
    [InlineData("--request-bytes", "lots", "'lots'")]
    public async Task A_bad_option_value_is_bad_input(string option, string value, string named)
    {
        var result = await Cli.RunAsync("demo", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("t (ms)", result.Output, StringComparison.Ordinal);
    }

    private static async Task<CliResult> RunOn(Terminal terminal, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await SynAckCommand.RunAsync(args, output, error, terminal);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
