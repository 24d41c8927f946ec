using System.Diagnostics.CodeAnalysis;

namespace SynAck.Drill.Syntax;

/// <summary>
/// Parses packetdrill scripts into a <see cref="DrillScript"/>. The language follows packetdrill's
/// grammar (see src/SynAck.Drill/README.md): option lines, then timed events (packets, system
/// calls, backquoted commands, <c>%{ }%</c> blocks), with <c>#ifdef</c> sections. Each statement
/// starts on a new line. Bad script text never throws: <see cref="TryParse"/> returns the first
/// error with its file, line, column and what was expected.
/// </summary>
public sealed partial class ScriptParser
{
    private const int MaxNesting = 32;

    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _index;

    private ScriptParser(string text, List<Token> tokens)
    {
        _text = text;
        _tokens = tokens;
    }

    /// <summary>Parses a script's text.</summary>
    /// <param name="text">The script.</param>
    /// <param name="filePath">The name errors and the result carry (the file it came from).</param>
    /// <param name="script">The parsed script, when the text is valid.</param>
    /// <param name="error">The first error, when it is not.</param>
    /// <returns>True when the script parsed.</returns>
    public static bool TryParse(
        string text,
        string filePath,
        [NotNullWhen(true)] out DrillScript? script,
        [NotNullWhen(false)] out ScriptError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(filePath);
        try
        {
            var parser = new ScriptParser(text, ScriptLexer.Tokenize(text));
            script = parser.ParseScript(filePath);
            error = null;
            return true;
        }
        catch (ScriptSyntaxException e)
        {
            script = null;
            error = new ScriptError(e.Kind, filePath, e.Location, e.Message);
            return false;
        }
    }

    private Token Current => _tokens[_index];

    private Token Next => _tokens[Math.Min(_index + 1, _tokens.Count - 1)];

    private Token Take()
    {
        var token = _tokens[_index];
        if (_index < _tokens.Count - 1)
        {
            _index++;
        }

        return token;
    }

    private DrillScript ParseScript(string filePath)
    {
        var options = new List<ScriptOption>();
        while (Current.Kind == TokenKind.Option)
        {
            options.Add(ParseOption());
        }

        CommandEvent? init = null;
        if (Current.Kind == TokenKind.BackQuoted)
        {
            var token = Take();
            init = new CommandEvent(token.Text, EventTime.None, token.Location);
        }

        var statements = ParseStatements(nested: false, out var cleanup);
        return new DrillScript(filePath, options, init, statements, cleanup);
    }

    // The value is the source text of the tokens after '=' on the option's line, so that values like
    // "ipv4-mapped-ipv6" or "X=1" survive as written.
    private ScriptOption ParseOption()
    {
        var option = Take();
        if (!Current.Is('=') || Current.StartsLine)
        {
            return new ScriptOption(option.Text, null, option.Location);
        }

        Take();
        if (Current.StartsLine || Current.Kind is TokenKind.EndOfScript or TokenKind.Option)
        {
            throw Unexpected("an option value after '='");
        }

        var first = Current;
        var last = Take();
        while (!Current.StartsLine && Current.Kind is not (TokenKind.EndOfScript or TokenKind.Option))
        {
            last = Take();
        }

        return new ScriptOption(option.Text, _text[first.Start..last.End], option.Location);
    }

    private List<ScriptStatement> ParseStatements(bool nested, out CommandEvent? cleanup)
    {
        var statements = new List<ScriptStatement>();
        cleanup = null;
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.EndOfScript:
                    return statements;
                case TokenKind.Directive when token.Text is "else" or "endif" || token.Text.StartsWith("else ", StringComparison.Ordinal) || token.Text.StartsWith("endif ", StringComparison.Ordinal):
                    if (!nested)
                    {
                        throw new ScriptSyntaxException(ScriptErrorKind.InvalidDirective, token.Location, $"'#{token.Text}' without a matching '#ifdef'");
                    }

                    return statements;
                case TokenKind.Directive:
                    statements.Add(ParseConditional());
                    continue;
                case TokenKind.Option:
                    throw new ScriptSyntaxException(ScriptErrorKind.MisplacedOption, token.Location, $"option '--{token.Text}' after the first event; options must come first");
                default:
                    break;
            }

            if (!token.StartsLine)
            {
                throw new ScriptSyntaxException(
                    ScriptErrorKind.StatementNotOnNewLine,
                    token.Location,
                    $"unexpected {token.Describe()} after the end of the statement; expected a new line");
            }

            if (token.Kind == TokenKind.BackQuoted && !nested && Next.Kind == TokenKind.EndOfScript)
            {
                Take();
                cleanup = new CommandEvent(token.Text, EventTime.None, token.Location);
                return statements;
            }

            statements.Add(ParseEvent());
        }
    }

    private ConditionalSection ParseConditional()
    {
        var directive = Take();
        var parts = directive.Text.Split(' ');
        var negated = parts[0] == "ifndef";
        if (parts.Length != 2 || !(negated || parts[0] == "ifdef"))
        {
            throw new ScriptSyntaxException(
                ScriptErrorKind.InvalidDirective,
                directive.Location,
                $"unknown directive '#{directive.Text}'; expected '#ifdef NAME', '#ifndef NAME', '#else' or '#endif'");
        }

        var then = ParseStatements(nested: true, out _);
        IReadOnlyList<ScriptStatement> otherwise = [];
        if (IsDirective("else"))
        {
            Take();
            otherwise = ParseStatements(nested: true, out _);
        }

        if (!IsDirective("endif"))
        {
            throw new ScriptSyntaxException(
                ScriptErrorKind.InvalidDirective,
                Current.Kind == TokenKind.EndOfScript ? directive.Location : Current.Location,
                Current.Kind == TokenKind.EndOfScript
                    ? $"'#{directive.Text}' is not closed; expected '#endif'"
                    : $"unexpected {Current.Describe()}; expected '#endif'");
        }

        Take();
        return new ConditionalSection(parts[1], negated, then, otherwise, directive.Location);
    }

    private bool IsDirective(string name) =>
        Current.Kind == TokenKind.Directive &&
        (Current.Text == name || Current.Text.StartsWith(name + " ", StringComparison.Ordinal));

    private ScriptEvent ParseEvent()
    {
        var start = Current;
        var time = ParseEventTime();
        var token = Current;
        ScriptEvent scriptEvent = token.Kind switch
        {
            TokenKind.Punctuation when token.Is('<') || token.Is('>') => new PacketEvent(ParsePacket(), time, start.Location),
            TokenKind.BackQuoted => new CommandEvent(Take().Text, time, start.Location),
            TokenKind.Code => new CodeEvent(Take().Text, time, start.Location),
            TokenKind.Ellipsis => ParseSyscall(time, start.Location),
            TokenKind.Word when Next.Is('(') => ParseSyscall(time, start.Location),
            _ => throw Unexpected("a packet ('<' or '>'), a system call, a backquoted command or a %{ }% block after the time"),
        };

        if (time.IsRangeOrAny && !(scriptEvent is PacketEvent packet && packet.Packet.Direction == PacketDirection.Outbound))
        {
            throw new ScriptSyntaxException(
                ScriptErrorKind.TimeNotAllowed,
                start.Location,
                time.Kind == EventTimeKind.Any
                    ? "event time '*' can only be used with outbound packets"
                    : "an event time range can only be used with outbound packets");
        }

        return scriptEvent;
    }

    private Token Expect(char c, string what)
    {
        if (!Current.Is(c))
        {
            throw Unexpected(what);
        }

        return Take();
    }

    private ScriptSyntaxException Unexpected(string expected)
    {
        var token = Current;
        return token.Kind == TokenKind.EndOfScript
            ? new ScriptSyntaxException(ScriptErrorKind.UnexpectedEndOfScript, token.Location, $"unexpected end of the script; expected {expected}")
            : new ScriptSyntaxException(ScriptErrorKind.UnexpectedToken, token.Location, $"unexpected {token.Describe()}; expected {expected}");
    }
}
