using static SynAck.Cli.Tests.Demo.DemoEvents;

namespace SynAck.Cli.Tests.Demo;

/// <summary>
/// Each scenario walks both ends through the states RFC 9293 gives (issue 4 item 9), read from the
/// JSON event stream, and puts on the wire the segments that make it so.
/// </summary>
public class DemoScenarioTests
{
    private const string Client = "client";
    private const string Server = "server";

    [Theory]
    [InlineData("normal")]
    [InlineData("lossy")]
    [InlineData("half-close")]
    public async Task The_client_closes_first_and_waits_in_time_wait_while_the_server_closes_passively(string scenario)
    {
        var events = await RunAsync("--scenario", scenario);

        Assert.Equal(["CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSED"], events.States(Client));
        Assert.Equal(["CLOSED", "LISTEN", "SYN_RCVD", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"], events.States(Server));
    }

    [Fact]
    public async Task Both_ends_sending_a_syn_at_once_pass_through_syn_rcvd_without_a_listener()
    {
        var events = await RunAsync("--scenario", "simultaneous-open");

        Assert.Equal(["CLOSED", "SYN_SENT", "SYN_RCVD", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSED"], events.States(Client));
        Assert.Equal(["CLOSED", "SYN_SENT", "SYN_RCVD", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"], events.States(Server));

        // RFC 9293 §3.5 Figure 8: the two SYNs cross, each answered with SYN+ACK.
        Assert.Equal(["S", "S."], events.SentBy(Client).Take(2).Select(Flags));
        Assert.Equal(["S", "S."], events.SentBy(Server).Take(2).Select(Flags));
        Assert.Equal(Time(events.SentBy(Client)[0]), Time(events.SentBy(Server)[0]));
    }

    [Fact]
    public async Task Both_ends_closing_at_once_pass_through_closing_to_time_wait()
    {
        var events = await RunAsync("--scenario", "simultaneous-close");

        Assert.Equal(["CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "CLOSING", "TIME_WAIT", "CLOSED"], events.States(Client));
        Assert.Equal(["CLOSED", "LISTEN", "SYN_RCVD", "ESTABLISHED", "FIN_WAIT_1", "CLOSING", "TIME_WAIT", "CLOSED"], events.States(Server));

        // RFC 9293 §3.6 Figure 13: the FINs cross, so neither acknowledges the other.
        var clientFin = events.SentBy(Client).Single(s => Flags(s).Contains('F'));
        var serverFin = events.SentBy(Server).Single(s => Flags(s).Contains('F'));
        Assert.Equal(Time(clientFin), Time(serverFin));
        Assert.Equal(Seq(clientFin), Ack(serverFin));
        Assert.Equal(Seq(serverFin), Ack(clientFin));
    }

    [Fact]
    public async Task A_syn_to_a_closed_port_is_refused_with_a_reset()
    {
        var events = await RunAsync("--scenario", "refused");

        Assert.Equal(["CLOSED", "SYN_SENT", "CLOSED"], events.States(Client));
        Assert.Equal(["CLOSED", "CLOSED"], events.States(Server));

        // RFC 9293 §3.10.7.1: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, the SYN counting one.
        var syn = Assert.Single(events.SentBy(Client));
        var reset = Assert.Single(events.SentBy(Server));
        Assert.Equal("S", Flags(syn));
        Assert.Equal("R.", Flags(reset));
        Assert.Equal(0u, Seq(reset));
        Assert.Equal(Seq(syn) + 1, Ack(reset));
    }

    [Fact]
    public async Task An_abort_mid_connection_sends_a_reset_and_closes_both_ends_at_once()
    {
        var events = await RunAsync("--scenario", "reset");

        Assert.Equal(["CLOSED", "SYN_SENT", "ESTABLISHED", "CLOSED"], events.States(Client));
        Assert.Equal(["CLOSED", "LISTEN", "SYN_RCVD", "ESTABLISHED", "CLOSED"], events.States(Server));
        var reset = events.SentBy(Server)[^1];
        Assert.Equal("R.", Flags(reset));
        Assert.DoesNotContain(events.Segments, s => Flags(s).Contains('F'));
    }

    [Fact]
    public async Task Lossy_loses_the_first_syn_ack_so_it_is_sent_again_and_the_handshake_completes()
    {
        var events = await RunAsync("--scenario", "lossy");

        var lost = Assert.Single(events.Segments, Lost);
        Assert.Equal(Server, lost.GetProperty("from").GetString());
        Assert.Equal("S.", Flags(lost));
        var again = events.SentBy(Server).Where(s => Flags(s) == "S.").ToList();
        Assert.Equal(2, again.Count);
        Assert.Equal(Seq(again[0]), Seq(again[1]));
        Assert.True(again[1].GetProperty("retransmission").GetBoolean());

        // The client saw no SYN+ACK until the retransmission, so it entered ESTABLISHED only after it.
        var established = events.All.First(e => e.GetProperty("type").GetString() == "state" && e.GetProperty("to").GetString() == "ESTABLISHED");
        Assert.True(Time(established) > Time(again[1]));
    }

    [Fact]
    public async Task Half_close_the_server_keeps_sending_after_the_client_fin()
    {
        var events = await RunAsync("--scenario", "half-close");

        var clientFin = events.SentBy(Client).Single(s => Flags(s).Contains('F'));
        var afterFin = events.SentBy(Server).Where(s => Time(s) > Time(clientFin) && Len(s) > 0 && !s.TryGetProperty("retransmission", out _)).ToList();
        Assert.Equal(1000, afterFin.Sum(Len)); // the default response size
        Assert.All(afterFin, s => Assert.Equal(Seq(clientFin) + 1, Ack(s)));
    }

    [Theory]
    [InlineData("normal")]
    [InlineData("simultaneous-close")]
    public async Task Time_wait_ends_after_two_msl_of_virtual_time(string scenario)
    {
        var events = await RunAsync("--scenario", scenario);

        var states = events.All.Where(e => e.GetProperty("type").GetString() == "state" && e.GetProperty("endpoint").GetString() == Client).ToList();
        var timeWait = states.Single(e => e.GetProperty("to").GetString() == "TIME_WAIT");
        var closed = states[^1];
        Assert.Equal("TIME_WAIT", closed.GetProperty("from").GetString());
        // 2 * MSL (MSL is 30 s by default), rounded up to the stack's 1 ms timer tick.
        var waited = Time(closed) - Time(timeWait);
        Assert.InRange(waited, 60m, 60.001m);
    }

    [Theory]
    [InlineData("normal")]
    [InlineData("simultaneous-open")]
    [InlineData("simultaneous-close")]
    [InlineData("half-close")]
    [InlineData("refused")]
    [InlineData("reset")]
    [InlineData("lossy")]
    public async Task Each_state_change_leaves_the_state_the_previous_one_entered(string scenario)
    {
        var events = await RunAsync("--scenario", scenario);

        foreach (var endpoint in new[] { Client, Server })
        {
            var changes = events.All.Where(e => e.GetProperty("type").GetString() == "state" && e.GetProperty("endpoint").GetString() == endpoint).ToList();
            for (var i = 1; i < changes.Count; i++)
            {
                Assert.Equal(changes[i - 1].GetProperty("to").GetString(), changes[i].GetProperty("from").GetString());
            }
        }
    }
}
