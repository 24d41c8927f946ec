using static SynAck.Cli.Tests.Demo.DemoEvents;

namespace SynAck.Cli.Tests.Demo;

/// <summary>The seed's numbers (seed README §3-4) hold in the normal scenario's JSON, absolute and symbolic.</summary>
public class DemoSeedTests
{
    [Fact]
    public async Task The_handshake_carries_x_then_y_with_x_plus_1_then_x_plus_1_with_y_plus_1()
    {
        var events = await RunAsync("--symbolic");
        var (syn, synAck, ack) = (events.Segments[0], events.Segments[1], events.Segments[2]);

        Assert.Equal(["S", "S.", "."], new[] { syn, synAck, ack }.Select(Flags));
        var (x, y) = (Seq(syn), Seq(synAck));
        Assert.Equal(x + 1, Ack(synAck));
        Assert.Equal(x + 1, Seq(ack));
        Assert.Equal(y + 1, Ack(ack));
        Assert.Equal(["x", "y", "x+1"], new[] { syn, synAck, ack }.Select(s => s.GetProperty("seq_symbolic").GetString()));
        Assert.Equal(["x+1", "y+1"], new[] { synAck, ack }.Select(s => s.GetProperty("ack_symbolic").GetString()));
    }

    [Fact]
    public async Task The_wave_carries_u_then_v_with_u_plus_1_then_w_with_u_plus_1_then_u_plus_1_with_w_plus_1()
    {
        var events = await RunAsync("--symbolic");
        var segments = events.Segments;
        var finIndex = segments.FindIndex(s => Flags(s) == "F.");
        var (fin, serverAck, serverFin, lastAck) = (segments[finIndex], segments[finIndex + 1], segments[finIndex + 2], segments[finIndex + 3]);

        Assert.Equal(segments.Count, finIndex + 4);
        Assert.Equal(["client", "server", "server", "client"], new[] { fin, serverAck, serverFin, lastAck }.Select(s => s.GetProperty("from").GetString()));
        Assert.Equal(["F.", ".", "F.", "."], new[] { fin, serverAck, serverFin, lastAck }.Select(Flags));
        var (u, w) = (Seq(fin), Seq(serverFin));
        Assert.Equal(u + 1, Ack(serverAck));
        Assert.Equal(u + 1, Ack(serverFin));
        Assert.Equal(u + 1, Seq(lastAck));
        Assert.Equal(w + 1, Ack(lastAck));
        Assert.Equal(["u", "v", "w", "u+1"], new[] { fin, serverAck, serverFin, lastAck }.Select(s => s.GetProperty("seq_symbolic").GetString()));
        Assert.Equal(["u+1", "u+1", "w+1"], new[] { serverAck, serverFin, lastAck }.Select(s => s.GetProperty("ack_symbolic").GetString()));
    }

    [Fact]
    public async Task The_states_change_where_the_seed_says_between_the_segments()
    {
        var events = await RunAsync();
        var order = events.All.Select(e => e.GetProperty("type").GetString() == "segment"
            ? $"{e.GetProperty("from").GetString()} {Flags(e)}{(Len(e) > 0 ? " data" : "")}"
            : $"{e.GetProperty("endpoint").GetString()} {e.GetProperty("to").GetString()}");

        Assert.Equal(
            [
                "server LISTEN",
                "client SYN_SENT", "client S",
                "server SYN_RCVD", "server S.",
                "client ESTABLISHED", "client .",
                "server ESTABLISHED",
                "client P. data", "server .", "server P. data",
                "client FIN_WAIT_1", "client F.",
                "server CLOSE_WAIT", "server .",
                "client FIN_WAIT_2",
                "server LAST_ACK", "server F.",
                "client TIME_WAIT", "client .",
                "server CLOSED",
                "client CLOSED",
            ],
            order);
    }
}
