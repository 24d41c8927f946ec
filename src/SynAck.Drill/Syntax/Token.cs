namespace SynAck.Drill.Syntax;

/// <summary>The lexical classes of the script language.</summary>
internal enum TokenKind
{
    /// <summary>The end of the script.</summary>
    EndOfScript,

    /// <summary>Letters, digits and underscores not forming a number: <c>ack</c>, <c>S</c>, <c>SOCK_STREAM</c>.</summary>
    Word,

    /// <summary>A decimal integer, possibly negative: <c>0</c>, <c>-1</c>, <c>65535</c>.</summary>
    Integer,

    /// <summary><c>0x</c> and hex digits.</summary>
    HexInteger,

    /// <summary>A number with a fraction: <c>0.100</c>, <c>.5</c>.</summary>
    Decimal,

    /// <summary>A double-quoted string; the text is without the quotes.</summary>
    String,

    /// <summary>A backquoted command; the text is without the backquotes.</summary>
    BackQuoted,

    /// <summary>A <c>%{ }%</c> block; the text is the code, trimmed of spaces and tabs.</summary>
    Code,

    /// <summary><c>--name</c>; the text is the name.</summary>
    Option,

    /// <summary><c>...</c>.</summary>
    Ellipsis,

    /// <summary>Any other single character: <c>&lt; &gt; + * ~ : ( ) [ ] { } , = | ! . -</c>.</summary>
    Punctuation,

    /// <summary>A <c>#</c> line (<c>#ifdef X</c>, <c>#else</c>, <c>#endif</c>); the text follows the <c>#</c>, trimmed.</summary>
    Directive,
}

/// <summary>One token of a script.</summary>
/// <param name="Kind">Its lexical class.</param>
/// <param name="Text">Its text (see <see cref="TokenKind"/> for what is stripped).</param>
/// <param name="Location">Where it starts.</param>
/// <param name="Start">Offset of its first character in the script text.</param>
/// <param name="End">Offset after its last character.</param>
/// <param name="StartsLine">True when no other token precedes it on its line.</param>
internal readonly record struct Token(TokenKind Kind, string Text, SourceLocation Location, int Start, int End, bool StartsLine)
{
    /// <summary>Whether this is the punctuation character <paramref name="c"/>.</summary>
    public bool Is(char c) => Kind == TokenKind.Punctuation && Text.Length == 1 && Text[0] == c;

    /// <summary>Whether this is the word <paramref name="word"/> (case-sensitive, as packetdrill's keywords are).</summary>
    public bool IsWord(string word) => Kind == TokenKind.Word && string.Equals(Text, word, StringComparison.Ordinal);

    /// <summary>The token as an error message shows it.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.EndOfScript => "the end of the script",
        TokenKind.String => "\"" + Text + "\"",
        TokenKind.BackQuoted => "a backquoted command",
        TokenKind.Code => "a %{ }% block",
        TokenKind.Option => "'--" + Text + "'",
        TokenKind.Directive => "'#" + Text + "'",
        _ => "'" + Text + "'",
    };
}

/// <summary>A script error found while lexing or parsing; <see cref="ScriptParser.TryParse"/> turns it into a <see cref="ScriptError"/>.</summary>
internal sealed class ScriptSyntaxException(ScriptErrorKind kind, SourceLocation location, string message) : Exception(message)
{
    /// <summary>The kind of error.</summary>
    public ScriptErrorKind Kind { get; } = kind;

    /// <summary>Where it is.</summary>
    public SourceLocation Location { get; } = location;
}
