using System.Globalization;

namespace SynAck.Drill.Syntax;

public sealed partial class ScriptParser
{
    // Far beyond any script (about 11.5 days), and far inside TimeSpan.
    private const long MaxSeconds = 1_000_000;

    // time := '*' | '+' seconds ['~' '+' seconds] | seconds ['~' seconds]
    private EventTime ParseEventTime()
    {
        var start = Current;
        if (start.Is('*'))
        {
            Take();
            return new EventTime(EventTimeKind.Any, TimeSpan.Zero, TimeSpan.Zero);
        }

        var relative = start.Is('+');
        if (relative)
        {
            Take();
        }

        var from = ParseSeconds(relative ? "a time after '+'" : "an event time (seconds, '+seconds' or '*')");
        if (!Current.Is('~'))
        {
            return relative ? EventTime.After(from) : EventTime.At(from);
        }

        Take();
        if (relative)
        {
            Expect('+', "'+' before the end of a relative time range (+start~+end)");
        }

        var to = ParseSeconds("the end of the time range");
        if (to < from)
        {
            throw new ScriptSyntaxException(ScriptErrorKind.InvalidTime, start.Location, "time range is backwards: it ends before it starts");
        }

        return new EventTime(relative ? EventTimeKind.RelativeRange : EventTimeKind.AbsoluteRange, from, to);
    }

    // A non-negative number of seconds, integer or decimal, truncated to the microsecond.
    private TimeSpan ParseSeconds(string what)
    {
        var token = Current;
        if (token.Kind is not (TokenKind.Integer or TokenKind.Decimal))
        {
            throw Unexpected(what);
        }

        Take();
        var text = token.Text;
        if (text.StartsWith('-'))
        {
            throw new ScriptSyntaxException(ScriptErrorKind.InvalidTime, token.Location, $"negative time '{text}'");
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var wholeText = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? string.Empty : text[(dot + 1)..];
        if (!long.TryParse(wholeText.Length == 0 ? "0" : wholeText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxSeconds)
        {
            throw new ScriptSyntaxException(ScriptErrorKind.NumberOutOfRange, token.Location, $"time '{text}' is too large (at most {MaxSeconds} seconds)");
        }

        var micros = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(6, '0')[..6], NumberStyles.None, CultureInfo.InvariantCulture);
        return TimeSpan.FromMicroseconds((seconds * 1_000_000) + micros);
    }
}
