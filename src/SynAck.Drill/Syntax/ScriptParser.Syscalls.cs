using System.Globalization;

namespace SynAck.Drill.Syntax;

public sealed partial class ScriptParser
{
    // syscall := ['...' seconds] NAME '(' [expr (',' expr)*] ')' '=' expr [ERRNO ['(' text ')']] ['(' text ')']
    private SyscallEvent ParseSyscall(EventTime time, SourceLocation location)
    {
        TimeSpan? returnTime = null;
        if (Current.Kind == TokenKind.Ellipsis)
        {
            Take();
            returnTime = ParseSeconds("the time a blocking call returns, after '...'");
            if (returnTime < time.Start)
            {
                throw new ScriptSyntaxException(ScriptErrorKind.InvalidTime, location, "a blocking call cannot return before it starts");
            }
        }

        if (Current.Kind != TokenKind.Word || !Next.Is('('))
        {
            throw Unexpected("a system call name and '('");
        }

        var name = Take().Text;
        Take();
        var arguments = ParseExpressionList(')', "',' and another argument, or ')' to close the argument list", 0);
        Expect('=', "'=' and the expected result after the system call");
        var result = ParseExpression(0);
        ExpectedErrno? errno = null;
        if (Current.Kind == TokenKind.Word)
        {
            var errnoName = Take().Text;
            errno = new ExpectedErrno(errnoName, Current.Is('(') ? ParseNote() : null);
        }

        var note = Current.Is('(') ? ParseNote() : null;
        return new SyscallEvent(name, arguments, result, errno, note, returnTime, time, location);
    }

    // '(' free words ')': the text between the parentheses, white space collapsed.
    private string ParseNote()
    {
        var open = Take();
        var depth = 1;
        while (true)
        {
            var token = Current;
            if (token.Kind == TokenKind.EndOfScript)
            {
                throw new ScriptSyntaxException(ScriptErrorKind.UnexpectedEndOfScript, open.Location, "note '(' is not closed; expected ')'");
            }

            Take();
            depth += token.Is('(') ? 1 : token.Is(')') ? -1 : 0;
            if (depth == 0)
            {
                var text = _text[open.End..token.Start];
                return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            }
        }
    }

    private List<ScriptExpression> ParseExpressionList(char close, string what, int depth)
    {
        var items = new List<ScriptExpression>();
        if (Current.Is(close))
        {
            Take();
            return items;
        }

        items.Add(ParseExpression(depth));
        while (Current.Is(','))
        {
            Take();
            items.Add(ParseExpression(depth));
        }

        Expect(close, what);
        return items;
    }

    // expr := primary ('|' primary)*
    private ScriptExpression ParseExpression(int depth)
    {
        if (depth > MaxNesting)
        {
            throw new ScriptSyntaxException(ScriptErrorKind.NestingTooDeep, Current.Location, $"expression nested more than {MaxNesting} levels deep");
        }

        var left = ParsePrimary(depth);
        while (Current.Is('|'))
        {
            Take();
            left = new BitwiseOrExpression(left, ParsePrimary(depth), left.Location);
        }

        return left;
    }

    private ScriptExpression ParsePrimary(int depth)
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Ellipsis:
                Take();
                return new EllipsisExpression(token.Location);
            case TokenKind.Integer:
                Take();
                if (!long.TryParse(token.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                {
                    throw new ScriptSyntaxException(ScriptErrorKind.NumberOutOfRange, token.Location, $"'{token.Text}' does not fit in 64 bits");
                }

                return new IntegerExpression(value, false, token.Location);
            case TokenKind.HexInteger:
                Take();
                if (!long.TryParse(token.Text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) || hex < 0)
                {
                    throw new ScriptSyntaxException(ScriptErrorKind.NumberOutOfRange, token.Location, $"'{token.Text}' does not fit in 63 bits");
                }

                return new IntegerExpression(hex, true, token.Location);
            case TokenKind.String:
                Take();
                var trailing = Current.Kind == TokenKind.Ellipsis;
                if (trailing)
                {
                    Take();
                }

                return new StringExpression(token.Text, trailing, token.Location);
            case TokenKind.Word when Next.Is('('):
                Take();
                Take();
                var arguments = ParseExpressionList(')', $"',' and another argument, or ')' to close {token.Text}(...)", depth + 1);
                return new CallExpression(token.Text, arguments, token.Location);
            case TokenKind.Word:
                Take();
                return new SymbolExpression(token.Text, token.Location);
            case TokenKind.Punctuation when token.Is('['):
                Take();
                return new ListExpression(ParseExpressionList(']', "',' and another element, or ']' to close the list", depth + 1), token.Location);
            case TokenKind.Punctuation when token.Is('{'):
                Take();
                return ParseStruct(token, depth + 1);
            default:
                throw Unexpected("an expression (a number, a name, \"string\", [list], {struct} or ...)");
        }
    }

    // struct := '{' [field (',' field)*] '}', field := expr ['=' expr]
    private StructExpression ParseStruct(Token open, int depth)
    {
        var fields = new List<StructField>();
        if (!Current.Is('}'))
        {
            do
            {
                if (Current.Is(','))
                {
                    Take();
                }

                var first = ParseExpression(depth);
                if (Current.Is('='))
                {
                    Take();
                    fields.Add(new StructField(first, ParseExpression(depth)));
                }
                else
                {
                    fields.Add(new StructField(null, first));
                }
            }
            while (Current.Is(','));
        }

        Expect('}', "',' and another field, or '}' to close the structure");
        return new StructExpression(fields, open.Location);
    }
}
