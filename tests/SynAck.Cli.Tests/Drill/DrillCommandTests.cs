using System.Text.Json;

namespace SynAck.Cli.Tests.Drill;

/// <summary><c>synack drill</c>: per-script results, the summary line, JSON and exit codes.</summary>
public sealed class DrillCommandTests : IDisposable
{
    private const string Passing = """
        0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
        +0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0
        +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
        +0 > S 0:0(0) win 65535 <...>
        +0.1 < S. 0:0(0) ack 1 win 32767 <mss 1460>
        +0 > . 1:1(0) ack 1 win 65535
        +0 close(3) = 0
        """;

    // The stack answers a SYN to a closed port with a RST, not a SYN-ACK.
    private const string Failing = """
        0 < S 0:0(0) win 32767 <mss 1460>
        +0 > S. 0:0(0) ack 1 win 65535 <mss 1460>
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("synack-drill-").FullName;

    [Fact]
    public async Task A_passing_script_prints_PASS_and_a_summary_and_exits_with_0()
    {
        var path = Write("pass.pkt", Passing);

        var result = await Cli.RunAsync("drill", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"PASS {path}", "1 scripts: 1 passed, 0 failed"], result.Lines);
    }

    [Fact]
    public async Task A_failing_script_prints_the_line_with_the_expected_and_the_actual_packet_and_exits_with_1()
    {
        var path = Write("fail.pkt", Failing);

        var result = await Cli.RunAsync("drill", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [
                $"FAIL {path}:2: bad outbound packet: Flags: expected S., actual R.; Window: expected 65535, actual 0; Options: expected <mss 1460>, actual <>",
                "  expected: > S. 0:0(0) ack 1 win 65535 <mss 1460>",
                "  actual:   > R. 0:0(0) ack 1 win 0",
                "1 scripts: 0 passed, 1 failed",
            ],
            result.Lines);
    }

    [Fact]
    public async Task A_folder_runs_every_script_in_it_and_json_prints_one_object_per_script_then_the_summary()
    {
        Write("a.pkt", Passing);
        Write("b.pkt", Failing);

        var result = await Cli.RunAsync("drill", "--format", "json", _folder);

        Assert.Equal(1, result.ExitCode);
        var objects = result.Lines.Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.Equal(3, objects.Length);
        Assert.Equal(Path.Combine(_folder, "a.pkt"), objects[0].GetProperty("script").GetString());
        Assert.True(objects[0].GetProperty("passed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, objects[0].GetProperty("line").ValueKind);
        Assert.False(objects[1].GetProperty("passed").GetBoolean());
        Assert.Equal(2, objects[1].GetProperty("line").GetInt32());
        Assert.Equal("> S. 0:0(0) ack 1 win 65535 <mss 1460>", objects[1].GetProperty("expected").GetString());
        Assert.Equal("> R. 0:0(0) ack 1 win 0", objects[1].GetProperty("actual").GetString());
        Assert.Equal("summary", objects[2].GetProperty("type").GetString());
        Assert.Equal((2, 1, 1), (objects[2].GetProperty("scripts").GetInt32(), objects[2].GetProperty("passed").GetInt32(), objects[2].GetProperty("failed").GetInt32()));
    }

    [Fact]
    public async Task A_script_with_a_syntax_error_fails_with_its_line_and_column()
    {
        var path = Write("bad.pkt", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 > Q 0:0(0) win 1\n");

        var result = await Cli.RunAsync("drill", path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"FAIL {path}:2: {path}:2:", result.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_path_exits_with_2()
    {
        var result = await Cli.RunAsync("drill", Path.Combine(_folder, "missing.pkt"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file or folder", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
