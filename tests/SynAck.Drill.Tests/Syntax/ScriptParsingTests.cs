using SynAck.Drill.Syntax;

namespace SynAck.Drill.Tests.Syntax;

public sealed class ScriptParsingTests
{
    [Fact]
    public void Option_lines_keep_their_value_text_as_written()
    {
        var script = Parse.Script("--ip_version=ipv4-mapped-ipv6\n--tolerance_usecs=50000 // comment\n--define=X=1\n--dry_run\n0 close(3) = 0");

        Assert.Equal(
            [("ip_version", "ipv4-mapped-ipv6"), ("tolerance_usecs", "50000"), ("define", "X=1"), ("dry_run", null)],
            script.Options.Select(o => (o.Name, o.Value)));
        Assert.Equal("50000", script.GetOption("tolerance_usecs"));
        Assert.Null(script.GetOption("mtu"));
    }

    [Fact]
    public void Commands_and_code_blocks_are_events_and_untimed_commands_are_init_and_cleanup()
    {
        var script = Parse.Script("`ifconfig up`\n0 `sysctl -w net.inet.tcp.insecure_rst=1`\n+0 %{ assert tcpi_state == TCPI_LISTEN }%\n`cleanup`\n");

        Assert.Equal("ifconfig up", script.InitCommand?.CommandLine);
        Assert.Equal("cleanup", script.CleanupCommand?.CommandLine);
        Assert.Collection(
            script.Statements,
            s => Assert.Equal("sysctl -w net.inet.tcp.insecure_rst=1", Assert.IsType<CommandEvent>(s).CommandLine),
            s => Assert.Equal("assert tcpi_state == TCPI_LISTEN", Assert.IsType<CodeEvent>(s).Code));
    }

    [Fact]
    public void A_multi_line_code_block_keeps_its_lines()
    {
        var code = Assert.IsType<CodeEvent>(Parse.Event("0 %{\nassert a == 1\nassert b == 2\n}%"));

        Assert.Equal("\nassert a == 1\nassert b == 2\n", code.Code);
    }

    [Fact]
    public void Events_carry_the_line_they_start_on()
    {
        var script = Parse.Script("// header\n\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n   +0 close(3) = 0\n");

        Assert.Equal([new SourceLocation(3, 1), new SourceLocation(4, 4)], script.Statements.Select(s => s.Location));
    }

    [Fact]
    public void Conditional_sections_keep_both_branches_and_flatten_by_the_defined_symbols()
    {
        var script = Parse.Script(
            """
            0 close(3) = 0
            #ifdef STANDARD
            +0 > R. 2:2(0) ack 2 win 0
            #else
            +0 > . 2:2(0) ack 2 win 65535
            #endif
            #ifndef FreeBSD
            +0 `echo not-freebsd`
            #endif
            +0 close(4) = 0
            """);

        var section = Assert.IsType<ConditionalSection>(script.Statements[1]);
        Assert.Equal(("STANDARD", false, 1, 1), (section.Symbol, section.Negated, section.Then.Count, section.Else.Count));
        Assert.True(Assert.IsType<ConditionalSection>(script.Statements[2]).Negated);

        string Lines(params string[] symbols) => string.Join(",", script.Flatten(symbols.ToHashSet()).Select(e => e.Location.Line));
        Assert.Equal("1,3,8,10", Lines("STANDARD"));
        Assert.Equal("1,5,10", Lines("FreeBSD"));
        Assert.Equal("1,5,8,10", Lines());
    }

    [Fact]
    public void Sections_nest()
    {
        var script = Parse.Script("#ifdef A\n#ifdef B\n0 close(3) = 0\n#endif\n#endif\n");

        Assert.Single(script.Flatten(new HashSet<string> { "A", "B" }));
        Assert.Empty(script.Flatten(new HashSet<string> { "A" }));
    }

    [Theory]
    [InlineData("#ifdef A\n0 close(3) = 0\n", 1)]
    [InlineData("0 close(3) = 0\n#endif\n", 2)]
    [InlineData("#else\n", 1)]
    [InlineData("#if defined(A)\n#endif\n", 1)]
    [InlineData("#ifdef\n#endif\n", 1)]
    public void Unbalanced_or_unknown_directives_are_errors(string text, int line)
    {
        var error = Parse.Error(text);

        Assert.Equal(ScriptErrorKind.InvalidDirective, error.Kind);
        Assert.Equal(line, error.Location.Line);
    }

    [Fact]
    public void Options_after_the_first_event_are_an_error()
    {
        var error = Parse.Error("0 close(3) = 0\n--tolerance_usecs=5\n");

        Assert.Equal(ScriptErrorKind.MisplacedOption, error.Kind);
        Assert.Equal(new SourceLocation(2, 1), error.Location);
    }

    [Fact]
    public void Two_statements_on_one_line_are_an_error()
    {
        var error = Parse.Error("0 close(3) = 0 +0 close(4) = 0");

        Assert.Equal(ScriptErrorKind.StatementNotOnNewLine, error.Kind);
        Assert.Equal("bad.pkt:1:16: unexpected '+' after the end of the statement; expected a new line", error.ToString());
    }

    [Theory]
    [InlineData("close(3) = 0")]
    [InlineData("+ close(3) = 0")]
    [InlineData("0 foo")]
    [InlineData("0 ~ close(3) = 0")]
    public void A_statement_must_start_with_a_time_and_an_action(string line)
    {
        Assert.Equal(ScriptErrorKind.UnexpectedToken, Parse.Error(line).Kind);
    }

    [Fact]
    public void An_empty_script_or_one_of_comments_only_has_no_events()
    {
        Assert.Empty(Parse.Script(string.Empty).Statements);
        Assert.Empty(Parse.Script("// nothing\n/* at all */\n").Statements);
    }

    [Fact]
    public void Arbitrary_text_never_throws()
    {
        Property.ForAll(
            CsCheck.Gen.String[CsCheck.Gen.Char["+-*~<>:()[]{},=|!.`\"%#/ \n0123456789abcSFRPxwinack"], 0, 80],
            2000,
            text =>
            {
                var parsed = ScriptParser.TryParse(text, "fuzz.pkt", out var script, out var error);
                Assert.True(parsed ? script is not null && error is null : script is null && error is not null);
            });
    }
}
