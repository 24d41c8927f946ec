using SynAck.Diagnostics;
using SynAck.Wire;
using static SynAck.Tests.Diagnostics.SeedTraces;

namespace SynAck.Tests.Diagnostics;

/// <summary>Sequence numbers as the seed writes them (seed README §3-4).</summary>
public class SequenceSymbolsTests
{
    [Fact]
    public void The_seeds_wave_reads_fin_u_ack_v_fin_w_and_the_last_ack_u_plus_1_w_plus_1()
    {
        List<TraceEvent> events = [.. HandshakeAndWave()];
        var symbols = SequenceSymbols.Create(events);
        var written = events
            .Select((e, i) => (e, i))
            .Where(p => p.e.Kind == TraceEventKind.Segment)
            .Select(p => (symbols.Sequence(p.e.Segment, p.i), p.e.Segment.Has(TcpFlags.Ack) ? symbols.Acknowledgment(p.e.Segment, p.i) : "-"))
            .ToArray();

        Assert.Equal(
            [
                ("x", "-"), ("y", "x+1"), ("x+1", "y+1"),
                ("x+1", "y+1"), ("y+1", "x+101"), ("y+1", "x+101"), ("x+101", "y+301"),
                ("u", "y+301"), ("v", "u+1"), ("w", "u+1"), ("u+1", "w+1"),
            ],
            written);
    }

    [Fact]
    public void When_the_server_closes_first_u_is_its_fin_and_v_w_are_the_clients()
    {
        List<TraceEvent> events =
        [
            FromClient(0, TcpFlags.Syn, 1000, 0),
            FromServer(1, TcpFlags.Syn | TcpFlags.Ack, 5000, 1001),
            FromClient(2, TcpFlags.Ack, 1001, 5001),
            FromServer(3, TcpFlags.Fin | TcpFlags.Ack, 5001, 1001),
            FromClient(4, TcpFlags.Ack, 1001, 5002),
            FromClient(5, TcpFlags.Psh | TcpFlags.Ack, 1001, 5002, len: 20),
            FromClient(6, TcpFlags.Fin | TcpFlags.Ack, 1021, 5002),
            FromServer(7, TcpFlags.Ack, 5002, 1022),
        ];
        var symbols = SequenceSymbols.Create(events);

        Assert.Equal("u", symbols.Sequence(events[3].Segment, 3));
        Assert.Equal("v", symbols.Sequence(events[4].Segment, 4));
        Assert.Equal("u+1", symbols.Acknowledgment(events[4].Segment, 4));
        Assert.Equal("v", symbols.Sequence(events[5].Segment, 5)); // half-close: the client still sends data
        Assert.Equal("w", symbols.Sequence(events[6].Segment, 6));
        Assert.Equal("w+1", symbols.Acknowledgment(events[7].Segment, 7));
        Assert.Equal("u+1", symbols.Sequence(events[7].Segment, 7));
    }

    [Fact]
    public void A_fin_that_acknowledges_the_first_fin_is_w_and_there_is_no_v()
    {
        List<TraceEvent> events =
        [
            FromClient(0, TcpFlags.Syn, 1000, 0),
            FromServer(1, TcpFlags.Syn | TcpFlags.Ack, 5000, 1001),
            FromClient(2, TcpFlags.Fin | TcpFlags.Ack, 1001, 5001),
            FromServer(3, TcpFlags.Fin | TcpFlags.Ack, 5001, 1002),
        ];
        var symbols = SequenceSymbols.Create(events);

        Assert.Equal("w", symbols.Sequence(events[3].Segment, 3));
        Assert.Equal("u+1", symbols.Acknowledgment(events[3].Segment, 3));
    }

    [Fact]
    public void Offsets_run_across_the_wrap_of_the_sequence_space()
    {
        List<TraceEvent> events =
        [
            FromClient(0, TcpFlags.Syn, uint.MaxValue, 0),
            FromServer(1, TcpFlags.Syn | TcpFlags.Ack, 7, 0),
            FromClient(2, TcpFlags.Ack, 0, 8, len: 10),
        ];
        var symbols = SequenceSymbols.Create(events);

        Assert.Equal("x+1", symbols.Acknowledgment(events[1].Segment, 1));
        Assert.Equal("x+1", symbols.Sequence(events[2].Segment, 2));
    }

    [Fact]
    public void Without_a_syn_numbers_stay_absolute()
    {
        List<TraceEvent> events = [FromClient(0, TcpFlags.Ack, 1001, 5001, len: 10)];
        var symbols = SequenceSymbols.Create(events);

        Assert.Equal("1001", symbols.Sequence(events[0].Segment, 0));
        Assert.Equal("5001", symbols.Acknowledgment(events[0].Segment, 0));
    }

    [Fact]
    public void A_refused_connections_reset_keeps_its_absolute_sequence_number()
    {
        List<TraceEvent> events = [FromClient(0, TcpFlags.Syn, 1000, 0), FromServer(1, TcpFlags.Rst | TcpFlags.Ack, 0, 1001)];
        var symbols = SequenceSymbols.Create(events);

        Assert.Equal("0", symbols.Sequence(events[1].Segment, 1));
        Assert.Equal("x+1", symbols.Acknowledgment(events[1].Segment, 1));
    }
}
