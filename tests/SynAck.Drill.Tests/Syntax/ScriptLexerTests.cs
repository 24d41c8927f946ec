using SynAck.Drill.Syntax;

namespace SynAck.Drill.Tests.Syntax;

public sealed class ScriptLexerTests
{
    private static (TokenKind Kind, string Text)[] Lex(string text) =>
        [.. ScriptLexer.Tokenize(text).Select(t => (t.Kind, t.Text))];

    [Fact]
    public void A_blocking_time_splits_into_integer_ellipsis_and_decimal()
    {
        Assert.Equal(
            [(TokenKind.Punctuation, "+"), (TokenKind.Integer, "0"), (TokenKind.Ellipsis, "..."), (TokenKind.Decimal, "0.1"), (TokenKind.EndOfScript, "")],
            Lex("+0...0.1"));
    }

    [Fact]
    public void Numbers_follow_the_longest_match_rule()
    {
        Assert.Equal(
            [
                (TokenKind.HexInteger, "0x02"), (TokenKind.Word, "12ab"), (TokenKind.Word, "0x1g"), (TokenKind.Integer, "-1"),
                (TokenKind.Decimal, ".5"), (TokenKind.Decimal, "-0.25"), (TokenKind.Punctuation, "-"), (TokenKind.Word, "x"),
                (TokenKind.EndOfScript, ""),
            ],
            Lex("0x02 12ab 0x1g -1 .5 -0.25 -x"));
    }

    [Fact]
    public void Flags_with_an_ack_dot_are_a_word_and_a_dot()
    {
        Assert.Equal(
            [(TokenKind.Word, "S"), (TokenKind.Punctuation, "."), (TokenKind.Punctuation, "."), (TokenKind.Integer, "1"), (TokenKind.Punctuation, ":"), (TokenKind.EndOfScript, "")],
            Lex("S. . 1:"));
    }

    [Fact]
    public void Options_comments_commands_code_and_strings_are_single_tokens()
    {
        Assert.Equal(
            [
                (TokenKind.Option, "tolerance_usecs"), (TokenKind.Punctuation, "="), (TokenKind.Integer, "5"),
                (TokenKind.BackQuoted, "sysctl -w a=1"), (TokenKind.Code, "assert x == 1"), (TokenKind.String, "a\\\"b"),
                (TokenKind.EndOfScript, ""),
            ],
            Lex("--tolerance_usecs=5 // comment\n/* multi\nline */ `sysctl -w a=1` %{ \tassert x == 1 }% \"a\\\"b\""));
    }

    [Fact]
    public void A_hash_starts_a_directive_only_at_the_start_of_a_line()
    {
        var tokens = ScriptLexer.Tokenize("  #ifdef   FreeBSD // why\nx #y\n#endif");

        Assert.Equal(
            [(TokenKind.Directive, "ifdef FreeBSD"), (TokenKind.Word, "x"), (TokenKind.Punctuation, "#"), (TokenKind.Word, "y"), (TokenKind.Directive, "endif"), (TokenKind.EndOfScript, "")],
            tokens.Select(t => (t.Kind, t.Text)));
    }

    [Fact]
    public void Tokens_know_their_line_and_column_and_whether_they_start_a_line()
    {
        var tokens = ScriptLexer.Tokenize("a b\n\t c /* x\n */ d");

        Assert.Equal(
            [(new SourceLocation(1, 1), true), (new SourceLocation(1, 3), false), (new SourceLocation(2, 3), true), (new SourceLocation(3, 5), true)],
            tokens.Take(4).Select(t => (t.Location, t.StartsLine)));
    }

    [Theory]
    [InlineData("/* never closed", ScriptErrorKind.UnterminatedComment)]
    [InlineData("`sysctl", ScriptErrorKind.UnterminatedCommand)]
    [InlineData("\"text", ScriptErrorKind.UnterminatedString)]
    [InlineData("%{ assert", ScriptErrorKind.UnterminatedCode)]
    public void Unterminated_constructs_are_errors_at_their_start(string text, ScriptErrorKind kind)
    {
        var error = Parse.Error("0 close(3) = 0\n  " + text);

        Assert.Equal(kind, error.Kind);
        Assert.Equal(new SourceLocation(2, 3), error.Location);
    }
}
