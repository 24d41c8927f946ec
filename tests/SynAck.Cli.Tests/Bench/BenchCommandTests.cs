using System.Text.Json;

namespace SynAck.Cli.Tests.Bench;

/// <summary><c>synack bench</c>'s output shape, with tiny sizes; no figure is asserted, only that it was measured.</summary>
public class BenchCommandTests
{
    [Fact]
    public async Task Json_gives_one_object_per_result_with_the_contract_fields()
    {
        var result = await Cli.RunAsync("bench", "--format", "json", "--bytes", "300000", "--connections", "20");

        Assert.Equal(0, result.ExitCode);
        var objects = result.Lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["throughput", "throughput", "handshakes", "idle-memory"], objects.Select(o => o.GetProperty("scenario").GetString()));
        Assert.Equal(["scenario", "mss", "bytes", "gbit_per_s", "loss", "rtt_ms", "cc", "sack"], Names(objects[0]));
        Assert.All(objects.Take(2), o => Assert.Equal(0, o.GetProperty("loss").GetDouble()));
        Assert.All(objects.Take(2), o => Assert.Equal(0, o.GetProperty("rtt_ms").GetDouble()));
        Assert.All(objects.Take(2), o => Assert.Equal("cubic", o.GetProperty("cc").GetString()));
        Assert.All(objects.Take(2), o => Assert.True(o.GetProperty("sack").GetBoolean()));
        Assert.Equal([1460, 65495], objects.Take(2).Select(o => o.GetProperty("mss").GetInt32()));
        Assert.All(objects.Take(2), o => Assert.Equal(300_000, o.GetProperty("bytes").GetInt64()));
        Assert.All(objects.Take(2), o => Assert.True(o.GetProperty("gbit_per_s").GetDouble() > 0));
        Assert.Equal(["scenario", "connections", "per_s"], Names(objects[2]));
        Assert.Equal(20, objects[2].GetProperty("connections").GetInt32());
        Assert.True(objects[2].GetProperty("per_s").GetDouble() > 0);
        Assert.Equal(["scenario", "connections", "bytes_per_connection"], Names(objects[3]));
        Assert.Equal(20, objects[3].GetProperty("connections").GetInt32());
        // The heap is the whole process's, shared with tests running beside this one, so only the type is certain.
        Assert.Equal(JsonValueKind.Number, objects[3].GetProperty("bytes_per_connection").ValueKind);
    }

    [Theory]
    [InlineData("throughput", "throughput   mss  1460")]
    [InlineData("handshakes", "handshakes")]
    [InlineData("idle-memory", "idle-memory")]
    public async Task One_scenario_gives_its_lines_only(string scenario, string start)
    {
        var result = await Cli.RunAsync("bench", "--scenario", scenario, "--bytes", "100000", "--mss", "1460", "--connections", "10");

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.Lines);
        Assert.StartsWith(start, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lossy_slow_path_without_sack_is_reported_with_its_settings_and_every_byte_arrives()
    {
        var result = await Cli.RunAsync(
            "bench", "--scenario", "throughput", "--mss", "1460", "--bytes", "150000", "--format", "json",
            "--loss", "0.02", "--rtt", "2", "--seed", "7", "--cc", "newreno", "--no-sack");

        Assert.Equal(0, result.ExitCode);
        var o = JsonDocument.Parse(Assert.Single(result.Lines)).RootElement;
        Assert.Equal(150_000, o.GetProperty("bytes").GetInt64());
        Assert.Equal(0.02, o.GetProperty("loss").GetDouble());
        Assert.Equal(2, o.GetProperty("rtt_ms").GetDouble());
        Assert.Equal("newreno", o.GetProperty("cc").GetString());
        Assert.False(o.GetProperty("sack").GetBoolean());
        Assert.True(o.GetProperty("gbit_per_s").GetDouble() > 0);
    }

    [Fact]
    public async Task The_text_line_names_the_path_and_the_tcp_settings()
    {
        var result = await Cli.RunAsync("bench", "--scenario", "throughput", "--mss", "1460", "--bytes", "50000", "--rtt", "1.5", "--cc", "cubic");

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("loss 0  rtt 1.5 ms  cubic  sack", Assert.Single(result.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duration_stops_a_throughput_run_before_its_bytes_are_sent()
    {
        var result = await Cli.RunAsync("bench", "--scenario", "throughput", "--mss", "65495", "--bytes", "1000000000000", "--duration", "0.05", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var bytes = JsonDocument.Parse(Assert.Single(result.Lines)).RootElement.GetProperty("bytes").GetInt64();
        Assert.InRange(bytes, 1, 999_999_999_999);
    }

    [Fact]
    public async Task Progress_is_drawn_on_standard_error_only_when_it_is_a_terminal()
    {
        string[] args = ["bench", "--scenario", "handshakes", "--connections", "10", "--format", "json"];

        var onTerminal = await RunOn(new Terminal(false, false, ErrorIsTerminal: true), args);
        var redirected = await RunOn(new Terminal(false, false, ErrorIsTerminal: false), args);

        Assert.Contains("handshakes [", onTerminal.Error, StringComparison.Ordinal);
        Assert.Contains("100%", onTerminal.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("[", redirected.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("[", onTerminal.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--scenario", "everything")]
    [InlineData("--mss", "40")]
    [InlineData("--connections", "1")]
    [InlineData("--bytes", "0")]
    [InlineData("--loss", "2")]
    [InlineData("--loss", "1")]
    [InlineData("--loss", "-0.01")]
    [InlineData("--loss", "NaN")]
    [InlineData("--loss", "two")]
    [InlineData("--rtt", "-1")]
    [InlineData("--rtt", "10001")]
    [InlineData("--cc", "bbr")]
    [InlineData("--seed", "x")]
    [InlineData("--bytes", "many")]
    [InlineData("--duration", "long")]
    [InlineData("--mss", "big")]
    public async Task A_bad_option_value_is_bad_input(string option, string value)
    {
        var result = await Cli.RunAsync("bench", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.NotEqual("", result.Error);
        Assert.DoesNotContain("{\"scenario\"", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_loss_given_as_a_percentage_is_refused_with_the_expected_form()
    {
        var result = await Cli.RunAsync("bench", "--scenario", "throughput", "--loss", "2");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--loss must be a fraction from 0 up to, not including, 1 (0.02 means 2 % of packets lost each way)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_describes_the_throughput_path_options()
    {
        var result = await Cli.RunAsync("bench", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--loss", "--rtt", "--seed", "--cc", "--no-sack" })
        {
            Assert.Contains(option, result.Output, StringComparison.Ordinal);
        }
    }

    private static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    private static async Task<CliResult> RunOn(Terminal terminal, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await SynAckCommand.RunAsync(args, output, error, terminal);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
