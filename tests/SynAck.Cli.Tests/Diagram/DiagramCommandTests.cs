using System.Text.Json;
using SynAck.Cli.Tests.Captures;
using SynAck.Wire;

namespace SynAck.Cli.Tests.Diagram;

/// <summary><c>synack diagram</c> on hand-made and damaged captures, and its colour choice.</summary>
public class DiagramCommandTests
{
    private const string Escape = "\u001b[";

    [Fact]
    public async Task A_repeated_data_segment_is_marked_as_a_retransmission()
    {
        var handshake = Handshake();
        var data = TestCapture.TcpIpv4(TestCapture.Header(TcpFlags.Psh | TcpFlags.Ack, seq: 1001, ack: 5001), new byte[100]);
        using var capture = new TempCapture(TestCapture.Pcap([.. handshake, data, data]));

        var json = await Cli.RunAsync("diagram", "--format", "json", capture.Path);
        var text = await Cli.RunAsync("diagram", "--symbolic", capture.Path);

        var segments = json.Lines.Select(line => JsonDocument.Parse(line).RootElement).Where(e => e.GetProperty("type").GetString() == "segment").ToList();
        Assert.False(segments[3].TryGetProperty("retransmission", out _));
        Assert.True(segments[4].GetProperty("retransmission").GetBoolean());
        Assert.Contains("PSH+ACK seq=x+1 ack=y+1 len=100 (retransmission)", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_syn_on_a_closed_port_pair_starts_a_second_connection()
    {
        var rst = TestCapture.TcpIpv4(TestCapture.Header(TcpFlags.Rst, seq: 1001, ack: 0), []);
        var again = TestCapture.TcpIpv4(TestCapture.Header(TcpFlags.Syn, seq: 90000, ack: 0), []);
        using var capture = new TempCapture(TestCapture.Pcap([.. Handshake(), rst, again]));

        var result = await Cli.RunAsync("diagram", capture.Path);

        Assert.Contains("connection 1 of 2: client 192.0.2.1:40000, server 192.0.2.2:80, 4 segments", result.Output, StringComparison.Ordinal);
        Assert.Contains("connection 2 of 2: client 192.0.2.1:40000, server 192.0.2.2:80, 1 segments", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_capture_draws_what_was_read_then_names_the_offset_and_exits_with_2()
    {
        var bytes = File.ReadAllBytes(Samples.Path("http-download-lo-ipv4.pcap"));
        using var capture = new TempCapture(bytes[..^10]);

        var result = await Cli.RunAsync("diagram", "--format", "json", capture.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(11, result.Lines.Count(line => line.Contains("\"type\":\"segment\"", StringComparison.Ordinal)));
        Assert.Matches(@"^synack diagram: .*: file ends inside the record at byte \d+\n$", result.Error);
    }

    [Fact]
    public async Task A_missing_file_is_bad_input()
    {
        var result = await Cli.RunAsync("diagram", Path.Combine(Path.GetTempPath(), $"synack-missing-{Guid.NewGuid():N}.pcap"));

        Assert.Equal(2, result.ExitCode);
        Assert.EndsWith(": no such file\n", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Colour_is_used_on_a_terminal_unless_no_color_is_set_and_on_request()
    {
        var path = Samples.Path("refused-lo-ipv4.pcap");

        Assert.Contains(Escape, (await RunOn(new Terminal(true, false), "diagram", path)).Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, (await RunOn(new Terminal(true, true), "diagram", path)).Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, (await RunOn(new Terminal(false, false), "diagram", path)).Output, StringComparison.Ordinal);
        Assert.Contains(Escape, (await RunOn(new Terminal(false, false), "diagram", "--color", "always", path)).Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, (await RunOn(new Terminal(true, false), "diagram", "--color", "never", path)).Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, (await RunOn(new Terminal(true, false), "diagram", "--format", "json", path)).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ascii_draws_without_box_characters()
    {
        var result = await Cli.RunAsync("diagram", "--ascii", "--window", Samples.Path("refused-lo-ipv4.pcap"));

        Assert.All(result.Output, c => Assert.True(c < 128, $"'{c}' is not ASCII"));
        Assert.Contains("SYN seq=138580517 win=65495 --", result.Output, StringComparison.Ordinal);
    }

    private static byte[][] Handshake() =>
    [
        TestCapture.TcpIpv4(TestCapture.Header(TcpFlags.Syn, seq: 1000, ack: 0), []),
        TestCapture.TcpIpv4(TestCapture.Header(TcpFlags.Syn | TcpFlags.Ack, seq: 5000, ack: 1001, fromServer: true), [], fromServer: true),
        TestCapture.TcpIpv4(TestCapture.Header(TcpFlags.Ack, seq: 1001, ack: 5001), []),
    ];

    private static async Task<CliResult> RunOn(Terminal terminal, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await SynAckCommand.RunAsync(args, output, error, terminal);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
