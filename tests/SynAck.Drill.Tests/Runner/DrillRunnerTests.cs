using SynAck.Drill.Configuration;
using SynAck.Drill.Runner;

namespace SynAck.Drill.Tests.Runner;

/// <summary>The runner against SynAck: what makes a script fail, and the calls and commands it plays.</summary>
public sealed class DrillRunnerTests
{
    private const string Connect = """
        0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
        +0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0
        +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
        +0 > S 0:0(0) win 65535 <mss 1460,nop,wscale 2>
        """;

    [Fact]
    public void A_script_that_matches_the_stack_passes()
    {
        var result = Run(Connect + """

            +0.1 < S. 0:0(0) ack 1 win 65535 <mss 1460>
            +0 > . 1:1(0) ack 1 win 65535
            +0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
            """);

        Assert.True(result.Passed, result.Message);
        Assert.Equal(TimeSpan.FromMilliseconds(100), result.ScriptTime);
    }

    [Fact]
    public void A_packet_the_script_does_not_list_fails_the_next_event()
    {
        // The SYN-ACK must be acknowledged at once; the script forgot that line.
        var result = Run(Connect + """

            +0.1 < S. 0:0(0) ack 1 win 65535 <mss 1460>
            +0.1 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
            """);

        Assert.False(result.Passed);
        Assert.Equal(6, result.Line);
        Assert.Equal("no packet", result.Expected);
        Assert.Equal("> . 1:1(0) ack 1 win 65535", result.Actual);
        Assert.StartsWith("unexpected outbound packet at 0.100000", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_packet_sent_outside_its_time_window_fails_with_a_timing_error()
    {
        // The SYN is retransmitted after the initial RTO of 1 s, not at 1.5 s.
        var result = Run(Connect + "\n+1.5 > S 0:0(0) win 65535 <mss 1460,nop,wscale 2>\n");

        Assert.False(result.Passed);
        Assert.Equal(5, result.Line);
        Assert.Equal("timing error: expected outbound packet in 1.496000~1.504000, sent at 1.000000", result.Message);
    }

    [Fact]
    public void A_packet_that_never_comes_fails_when_its_window_closes()
    {
        var result = Run(Connect + "\n+0.1 > . 1:1(0) ack 1\n");

        Assert.False(result.Passed);
        Assert.Equal("timing error: expected outbound packet by 0.104000, none was sent", result.Message);
        Assert.Equal("no packet", result.Actual);
    }

    [Fact]
    public void A_field_that_differs_is_named_with_both_values()
    {
        var result = Run(Connect + """

            +0.1 < S. 0:0(0) ack 1 win 65535 <mss 1460>
            +0 > . 1:1(0) ack 2 win 65535
            """);

        Assert.False(result.Passed);
        Assert.Equal("bad outbound packet: AcknowledgmentNumber: expected 2, actual 1", result.Message);
        Assert.Equal("> . 1:1(0) ack 2 win 65535", result.Expected);
        Assert.Equal("> . 1:1(0) ack 1 win 65535", result.Actual);
    }

    [Fact]
    public void A_call_that_returns_another_result_or_errno_fails()
    {
        var result = Run("""
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0
            +0 connect(3, ..., ...) = 0
            """);

        Assert.False(result.Passed);
        Assert.Equal(3, result.Line);
        Assert.Equal("connect returned -1, expected 0", result.Message);
        Assert.Equal("= -1 EINPROGRESS", result.Actual);
    }

    [Fact]
    public void A_refused_connect_is_reported_once_by_SO_ERROR()
    {
        var result = Run(Connect + """

            +0.1 < R. 0:0(0) ack 1 win 0
            +0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0
            +0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
            +0 read(3, ..., 10) = -1 ENOTCONN (Socket is not connected)
            """);

        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void A_blocking_call_lets_the_next_events_run_and_must_return_in_its_window()
    {
        var result = Run("""
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0...0.1 connect(3, ..., ...) = 0
            +0 > S 0:0(0) win 65535 <mss 1460,nop,wscale 2>
            +0.1 < S. 0:0(0) ack 1 win 65535 <mss 1460>
            +0 > . 1:1(0) ack 1
            +0 write(3, ..., 10) = 10
            +0 > P. 1:11(10) ack 1
            """);

        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void A_blocking_call_that_returns_late_fails()
    {
        var result = Run("""
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0...0.05 connect(3, ..., ...) = 0
            +0 > S 0:0(0) win 65535 <mss 1460,nop,wscale 2>
            +0.1 < S. 0:0(0) ack 1 win 65535 <mss 1460>
            +0 > . 1:1(0) ack 1
            """);

        Assert.False(result.Passed);
        Assert.Equal(2, result.Line);
        Assert.Equal("timing error: expected the call to return in 0.046000~0.054000, it returned at 0.100000", result.Message);
    }

    [Fact]
    public void A_non_blocking_read_with_nothing_to_read_gives_EAGAIN_and_a_later_one_the_data()
    {
        var result = Run(Connect + """

            +0.1 < S. 0:0(0) ack 1 win 65535 <mss 1460>
            +0 > . 1:1(0) ack 1
            +0 read(3, ..., 100) = -1 EAGAIN (Resource temporarily unavailable)
            +0.1 < P. 1:6(5) ack 1 win 65535
            +0 read(3, ..., 100) = 5
            """);

        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void A_sysctl_changes_the_connections_opened_after_it()
    {
        var result = Run("""
            0 `sysctl -w net.inet.tcp.rfc1323=0`
            +0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0
            +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
            +0 > S 0:0(0) win 65535 <mss 1460>
            """);

        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void The_FreeBSD_profile_rounds_SO_RCVBUF_to_whole_segments_once_the_peer_told_its_MSS()
    {
        var result = Run(
            """
            0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
            +0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0
            +0 getsockopt(3, SOL_SOCKET, SO_RCVBUF, [65536], [4]) = 0
            +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
            +0 > S 0:0(0) win 65535 <...>
            +0.1 < S. 0:0(0) ack 1 win 32767 <mss 1440>
            +0 > . 1:1(0) ack 1 win 65535
            +0 getsockopt(3, SOL_SOCKET, SO_RCVBUF, [66240], [4]) = 0
            """,
            DrillProfile.FreeBsd);

        Assert.True(result.Passed, result.Message);
    }

    [Fact]
    public void A_sockstat_check_counts_the_stacks_connections_in_a_state()
    {
        var passing = Run(Connect + "\n+0 `sockstat -4 -P tcp -s | grep -c SYN_SENT | grep 1`\n");
        var failing = Run(Connect + "\n+0 `sockstat -4 -P tcp -s | grep -c ESTABLISHED | grep 1`\n");

        Assert.True(passing.Passed, passing.Message);
        Assert.False(failing.Passed);
        Assert.Equal("expected 1 connection(s) in ESTABLISHED, found 0", failing.Message);
    }

    [Fact]
    public void An_unsupported_call_and_a_syntax_error_fail_with_their_line()
    {
        var unsupported = Run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 sendmsg(3, {}, 0) = 0\n");
        var syntax = Run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 > Q 0:0(0) win 1\n");

        Assert.Equal((false, 2), (unsupported.Passed, unsupported.Line));
        Assert.Equal("the system call 'sendmsg' is not supported by the drill", unsupported.Message);
        Assert.Equal((false, 2), (syntax.Passed, syntax.Line));
    }

    private static DrillResult Run(string text, DrillProfile profile = DrillProfile.Rfc9293) =>
        DrillRunner.RunText(text, "test.pkt", new DrillRunOptions { Profile = profile });
}
