namespace SynAck.Drill.Syntax;

/// <summary>
/// Splits a script into tokens. Comments (<c>//</c> to the end of the line, <c>/* */</c>) and white
/// space are dropped; newlines only matter through <see cref="Token.StartsLine"/>, except that a
/// <c>#</c> as the first character of a line starts a directive that runs to the end of the line.
/// Words and numbers follow packetdrill's longest-match rule: <c>0x1F</c> is hex, <c>12ab</c> a word,
/// <c>0.5</c> a decimal, <c>0...0.1</c> the integer 0, an ellipsis and the decimal 0.1.
/// </summary>
internal sealed class ScriptLexer
{
    private readonly string _text;
    private readonly List<Token> _tokens = [];
    private int _position;
    private int _line = 1;
    private int _lineStart;
    private bool _lineHasToken;

    private ScriptLexer(string text) => _text = text;

    /// <summary>Tokenizes the whole script, ending with an <see cref="TokenKind.EndOfScript"/> token.</summary>
    /// <exception cref="ScriptSyntaxException">An unterminated comment, string, command or code block.</exception>
    public static List<Token> Tokenize(string text)
    {
        var lexer = new ScriptLexer(text);
        lexer.Run();
        return lexer._tokens;
    }

    private SourceLocation Here => new(_line, _position - _lineStart + 1);

    private char Peek(int ahead = 0) => _position + ahead < _text.Length ? _text[_position + ahead] : '\0';

    private void Run()
    {
        while (true)
        {
            SkipSpaceAndComments();
            if (_position >= _text.Length)
            {
                _tokens.Add(new Token(TokenKind.EndOfScript, string.Empty, Here, _position, _position, !_lineHasToken));
                return;
            }

            var start = _position;
            var location = Here;
            var kind = ReadToken(out var text);
            _tokens.Add(new Token(kind, text, location, start, _position, !_lineHasToken));
            _lineHasToken = true;
        }
    }

    private void SkipSpaceAndComments()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '\n')
            {
                Advance();
            }
            else if (char.IsWhiteSpace(c))
            {
                _position++;
            }
            else if (c == '/' && Peek(1) == '/')
            {
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    _position++;
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var location = Here;
                var close = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new ScriptSyntaxException(ScriptErrorKind.UnterminatedComment, location, "'/*' comment is not closed; expected '*/'");
                }

                AdvanceTo(close + 2);
            }
            else
            {
                return;
            }
        }
    }

    private TokenKind ReadToken(out string text)
    {
        var c = _text[_position];
        if (c == '#' && !_lineHasToken)
        {
            return ReadDirective(out text);
        }

        if (c == '%' && Peek(1) == '{')
        {
            return ReadCode(out text);
        }

        if (c is '`' or '"')
        {
            return ReadQuoted(c, out text);
        }

        if (c == '.' && Peek(1) == '.' && Peek(2) == '.')
        {
            _position += 3;
            text = "...";
            return TokenKind.Ellipsis;
        }

        if (c == '-' && Peek(1) == '-' && IsWordChar(Peek(2)))
        {
            _position += 2;
            var nameStart = _position;
            SkipWordChars();
            text = _text[nameStart.._position];
            return TokenKind.Option;
        }

        if (char.IsAsciiDigit(c) || ((c is '-' or '.') && StartsNumber(c)))
        {
            return ReadNumberOrWord(out text);
        }

        if (IsWordChar(c))
        {
            var wordStart = _position;
            SkipWordChars();
            text = _text[wordStart.._position];
            return TokenKind.Word;
        }

        _position++;
        text = c.ToString();
        return TokenKind.Punctuation;
    }

    private bool StartsNumber(char c) => c == '-'
        ? char.IsAsciiDigit(Peek(1)) || (Peek(1) == '.' && char.IsAsciiDigit(Peek(2)))
        : char.IsAsciiDigit(Peek(1));

    // Longest match among integer, hex, decimal and word: a decimal wins when digits follow a '.';
    // hex when the whole run is 0x and hex digits; a word when letters follow the digits.
    private TokenKind ReadNumberOrWord(out string text)
    {
        var start = _position;
        var negative = _text[_position] == '-';
        if (negative)
        {
            _position++;
        }

        var runStart = _position;
        SkipWordChars();
        var run = _text.AsSpan(runStart, _position - runStart);
        var allDigits = !run.ContainsAnyExceptInRange('0', '9');
        if (allDigits && Peek() == '.' && char.IsAsciiDigit(Peek(1)))
        {
            _position++;
            while (char.IsAsciiDigit(Peek()))
            {
                _position++;
            }

            text = _text[start.._position];
            return TokenKind.Decimal;
        }

        text = _text[start.._position];
        if (allDigits)
        {
            return TokenKind.Integer;
        }

        if (!negative && run.Length > 2 && run[0] == '0' && run[1] is 'x' or 'X' && !run[2..].ContainsAnyExcept("0123456789abcdefABCDEF"))
        {
            return TokenKind.HexInteger;
        }

        if (negative)
        {
            // "-" followed by something that is not a number: the dash stands alone.
            _position = start + 1;
            text = "-";
            return TokenKind.Punctuation;
        }

        return TokenKind.Word;
    }

    private TokenKind ReadDirective(out string text)
    {
        var end = _text.IndexOf('\n', _position);
        if (end < 0)
        {
            end = _text.Length;
        }

        var line = _text.AsSpan(_position + 1, end - _position - 1);
        var comment = line.IndexOf("//", StringComparison.Ordinal);
        if (comment >= 0)
        {
            line = line[..comment];
        }

        text = string.Join(' ', line.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        _position = end;
        return TokenKind.Directive;
    }

    private TokenKind ReadCode(out string text)
    {
        var location = Here;
        var close = _text.IndexOf("}%", _position + 2, StringComparison.Ordinal);
        if (close < 0)
        {
            throw new ScriptSyntaxException(ScriptErrorKind.UnterminatedCode, location, "'%{' code block is not closed; expected '}%'");
        }

        text = _text[(_position + 2)..close].Trim(' ', '\t');
        AdvanceTo(close + 2);
        return TokenKind.Code;
    }

    private TokenKind ReadQuoted(char quote, out string text)
    {
        var location = Here;
        var i = _position + 1;
        while (i < _text.Length && _text[i] != quote)
        {
            i += _text[i] == '\\' ? 2 : 1;
        }

        if (i >= _text.Length)
        {
            throw quote == '`'
                ? new ScriptSyntaxException(ScriptErrorKind.UnterminatedCommand, location, "backquoted command is not closed; expected '`'")
                : new ScriptSyntaxException(ScriptErrorKind.UnterminatedString, location, "string is not closed; expected '\"'");
        }

        text = _text[(_position + 1)..i];
        AdvanceTo(i + 1);
        return quote == '`' ? TokenKind.BackQuoted : TokenKind.String;
    }

    private void SkipWordChars()
    {
        while (_position < _text.Length && IsWordChar(_text[_position]))
        {
            _position++;
        }
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private void Advance()
    {
        if (_text[_position] == '\n')
        {
            _line++;
            _lineStart = _position + 1;
            _lineHasToken = false;
        }

        _position++;
    }

    private void AdvanceTo(int target)
    {
        while (_position < target)
        {
            Advance();
        }
    }
}
