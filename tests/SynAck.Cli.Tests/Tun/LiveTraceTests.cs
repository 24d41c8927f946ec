using System.Text.Json;
using SynAck.Cli.Tun;
using SynAck.Diagnostics;
using SynAck.Tcp;
using SynAck.Wire;
using SynAck.Wire.Ip;

namespace SynAck.Cli.Tests.Tun;

public class LiveTraceTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IpEndpoint Server = IpEndpoint.Parse("192.0.2.2:80");
    private static readonly IpEndpoint First = IpEndpoint.Parse("192.0.2.1:40000");
    private static readonly IpEndpoint Second = IpEndpoint.Parse("192.0.2.1:40001");
    private static readonly DiagramOptions Plain = new() { Ascii = true };

    [Fact]
    public void In_text_each_connection_is_drawn_once_it_is_over_and_only_with_its_own_segments()
    {
        var output = new StringWriter();
        var trace = new LiveTrace(output, TraceFormat.Text, Plain);
        var first = FirstConnection();
        var second = new[]
        {
            Segment(Second, Server, TcpFlags.Syn, 7000, 0),
            Segment(Server, Second, TcpFlags.Rst | TcpFlags.Ack, 0, 7001),
        };

        foreach (var segment in first[..3])
        {
            trace.OnSegment(segment);
        }

        Assert.Equal(string.Empty, output.ToString());
        trace.OnSegment(second[0]);
        trace.OnSegment(second[1]);
        var afterReset = output.ToString();
        foreach (var segment in first[3..^1])
        {
            trace.OnSegment(segment);
        }

        var beforeLastAck = output.ToString();
        trace.OnSegment(first[^1]);

        Assert.Equal(Ladder(second), afterReset);
        Assert.Equal(afterReset, beforeLastAck);
        Assert.Equal(Ladder(second) + Ladder(first), output.ToString());
    }

    [Fact]
    public void In_text_completing_draws_what_is_not_over_yet()
    {
        var output = new StringWriter();
        var trace = new LiveTrace(output, TraceFormat.Text, Plain);
        var first = FirstConnection()[..4];
        foreach (var segment in first)
        {
            trace.OnSegment(segment);
        }

        trace.Complete();

        Assert.Equal(Ladder(first), output.ToString());
    }

    [Fact]
    public void In_json_every_event_is_one_line_written_as_it_happens()
    {
        var output = new StringWriter();
        var trace = new LiveTrace(output, TraceFormat.Json, DiagramOptions.Default);

        trace.OnSegment(FirstConnection()[0]);
        var afterSegment = output.ToString();
        trace.OnState(new StateTrace(Start, "synack", TcpState.Listen, TcpState.SynReceived, "received SYN"));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(afterSegment.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, lines.Length);
        using var segment = JsonDocument.Parse(lines[0]);
        using var state = JsonDocument.Parse(lines[1]);
        Assert.Equal(("segment", "S", 1000L), (segment.RootElement.GetProperty("type").GetString(), segment.RootElement.GetProperty("flags").GetString(), segment.RootElement.GetProperty("seq").GetInt64()));
        Assert.Equal(("state", "LISTEN", "SYN_RCVD"), (state.RootElement.GetProperty("type").GetString(), state.RootElement.GetProperty("from").GetString(), state.RootElement.GetProperty("to").GetString()));
    }

    [Fact]
    public void None_prints_no_events()
    {
        var output = new StringWriter();
        var trace = new LiveTrace(output, TraceFormat.None, DiagramOptions.Default);

        foreach (var segment in FirstConnection())
        {
            trace.OnSegment(segment);
        }

        trace.OnState(new StateTrace(Start, "synack", TcpState.Listen, TcpState.SynReceived, "received SYN"));
        trace.Complete();

        Assert.Equal(string.Empty, output.ToString());
    }

    /// <summary>Handshake, 100 bytes from the server, the client closes first, the server follows.</summary>
    private static SegmentTrace[] FirstConnection() =>
    [
        Segment(First, Server, TcpFlags.Syn, 1000, 0),
        Segment(Server, First, TcpFlags.Syn | TcpFlags.Ack, 5000, 1001),
        Segment(First, Server, TcpFlags.Ack, 1001, 5001),
        Segment(Server, First, TcpFlags.Psh | TcpFlags.Ack, 5001, 1001, length: 100),
        Segment(First, Server, TcpFlags.Fin | TcpFlags.Ack, 1001, 5101),
        Segment(Server, First, TcpFlags.Fin | TcpFlags.Ack, 5101, 1002),
        Segment(First, Server, TcpFlags.Ack, 1002, 5102),
    ];

    private static string Ladder(IEnumerable<SegmentTrace> segments)
        => LadderDiagram.Render(PassiveStateTracker.Track(segments), Plain) + Environment.NewLine;

    private static SegmentTrace Segment(IpEndpoint from, IpEndpoint to, TcpFlags flags, uint seq, uint ack, int length = 0)
        => new(Start, from == Server ? "synack" : from.ToString(), to == Server ? "synack" : to.ToString(), from, to, flags, seq, ack, length, 64240);
}
