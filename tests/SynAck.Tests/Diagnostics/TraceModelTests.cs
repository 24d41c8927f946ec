using SynAck.Diagnostics;
using SynAck.Tcp;
using SynAck.Wire;
using static SynAck.Tests.Diagnostics.SeedTraces;

namespace SynAck.Tests.Diagnostics;

/// <summary>The event types, their names, and what the renderers refuse.</summary>
public class TraceModelTests
{
    [Theory]
    [InlineData(TcpState.Closed, "CLOSED")]
    [InlineData(TcpState.Listen, "LISTEN")]
    [InlineData(TcpState.SynSent, "SYN_SENT")]
    [InlineData(TcpState.SynReceived, "SYN_RCVD")]
    [InlineData(TcpState.Established, "ESTABLISHED")]
    [InlineData(TcpState.FinWait1, "FIN_WAIT_1")]
    [InlineData(TcpState.FinWait2, "FIN_WAIT_2")]
    [InlineData(TcpState.CloseWait, "CLOSE_WAIT")]
    [InlineData(TcpState.Closing, "CLOSING")]
    [InlineData(TcpState.LastAck, "LAST_ACK")]
    [InlineData(TcpState.TimeWait, "TIME_WAIT")]
    public void States_are_named_as_the_seed_names_them(TcpState state, string name) => Assert.Equal(name, TraceNames.StateName(state));

    [Theory]
    [InlineData(TcpFlags.Syn | TcpFlags.Ack, "SYN+ACK")]
    [InlineData(TcpFlags.Fin | TcpFlags.Ack, "FIN+ACK")]
    [InlineData(TcpFlags.Fin | TcpFlags.Psh | TcpFlags.Ack, "FIN+PSH+ACK")]
    [InlineData(TcpFlags.Rst, "RST")]
    [InlineData(TcpFlags.Syn | TcpFlags.Ece | TcpFlags.Cwr, "SYN+ECE+CWR")]
    [InlineData(TcpFlags.Ack | TcpFlags.Urg | TcpFlags.Ae, "ACK+URG+AE")]
    [InlineData(TcpFlags.None, "none")]
    public void Control_bits_are_named_and_joined_in_the_seeds_order(TcpFlags flags, string names) => Assert.Equal(names, TraceNames.FlagNamesOf(flags));

    [Fact]
    public void A_segment_ends_past_its_data_with_syn_and_fin_counting_one_each()
    {
        Assert.Equal(new SequenceNumber(1001), FromClient(0, TcpFlags.Syn, 1000, 0).End);
        Assert.Equal(new SequenceNumber(1111), FromClient(0, TcpFlags.Fin | TcpFlags.Ack, 1100, 0, len: 10).End);
        Assert.Equal(new SequenceNumber(4), FromClient(0, TcpFlags.Ack, uint.MaxValue, 0, len: 5).End);
    }

    [Fact]
    public void An_event_gives_only_what_it_holds()
    {
        TraceEvent segment = FromClient(1, TcpFlags.Syn, 1, 0);
        TraceEvent state = State(2, Client, TcpState.Closed, TcpState.SynSent, "x");

        Assert.Equal(At(1), segment.Time);
        Assert.Equal(At(2), state.Time);
        Assert.Throws<InvalidOperationException>(() => segment.State);
        Assert.Throws<InvalidOperationException>(() => state.Segment);
    }

    [Fact]
    public void A_ladder_refuses_a_third_endpoint()
    {
        List<TraceEvent> events = [FromClient(0, TcpFlags.Syn, 1, 0), FromClient(0, TcpFlags.Syn, 1, 0) with { To = "elsewhere" }];

        Assert.Throws<ArgumentException>(() => LadderDiagram.Render(events));
    }

    [Fact]
    public void Renderers_refuse_an_endpoint_the_options_leave_out()
    {
        var options = new DiagramOptions { Endpoints = [Client] };

        Assert.Throws<ArgumentException>(() => LadderDiagram.Render(HandshakeAndWave(), options));
        Assert.Throws<ArgumentException>(() => MermaidDiagram.Render(HandshakeAndWave(), options));
    }

    [Fact]
    public void The_options_endpoint_order_puts_the_server_on_the_left()
    {
        var ladder = LadderDiagram.Render(HandshakeAndWave(), new DiagramOptions { Endpoints = [Server, Client] });

        var header = ladder.Split('\n')[0];
        Assert.True(header.IndexOf(Server, StringComparison.Ordinal) < header.IndexOf(Client, StringComparison.Ordinal));
        Assert.Contains("│◄", ladder.Split('\n')[4], StringComparison.Ordinal); // the client's SYN now points left
    }

    [Fact]
    public void Every_ladder_row_is_as_wide_as_the_lifelines_need_and_lifelines_line_up()
    {
        var rows = LadderDiagram.Render(HandshakeAndWave(), new DiagramOptions { Symbolic = true }).Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        var left = rows[0].IndexOf('│', StringComparison.Ordinal);
        var right = rows[0].LastIndexOf('│');

        Assert.All(rows, row =>
        {
            Assert.Equal(left, row.IndexOf('│', StringComparison.Ordinal));
            Assert.Equal(right, row.LastIndexOf('│'));
        });
    }

    [Fact]
    public void Json_times_are_seconds_since_the_epoch_exact_to_the_tick()
    {
        Assert.Equal("1735732800.000500", TraceJson.FormatUnixSeconds(At(0.5)));
        Assert.Equal("1735732800.0000001", TraceJson.FormatUnixSeconds(Start.AddTicks(1)));
        Assert.Equal("0.000000", TraceJson.FormatUnixSeconds(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Empty_events_render_as_just_a_header_or_nothing()
    {
        Assert.Equal("t (ms)\n", LadderDiagram.Render([]));
        Assert.Equal("", TraceJson.Render([]));
        Assert.Equal("sequenceDiagram\n", MermaidDiagram.Render([]));
    }
}
