using System.Globalization;
using System.Text;
using SynAck.Tcp;
using SynAck.Wire;

namespace SynAck.Diagnostics;

/// <summary>
/// Draws a connection's events as a text ladder diagram: a column per endpoint with its state
/// written at each change, an arrow per segment, and the time since the first event at the left.
/// A pure function of the events, so its output is golden-tested.
/// </summary>
/// <example>
/// <code>
///  t (ms)         client                                        server
///                 CLOSED │                                    │ LISTEN
///   0.000       SYN_SENT │                                    │               sent SYN
///   0.000                │────────────── SYN seq=x ──────────►│
/// </code>
/// </example>
public static class LadderDiagram
{
    private const string TimeHeader = "t (ms)";
    private const int MinArrowWidth = 36;
    private const int LostGap = 4;

    // The widest state name, ESTABLISHED.
    private const int StateWidth = 11;

    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Dim = "\u001b[2m";
    private const string Red = "\u001b[31m";
    private const string Green = "\u001b[32m";
    private const string Yellow = "\u001b[33m";
    private const string Magenta = "\u001b[35m";
    private const string Cyan = "\u001b[36m";

    /// <summary>Draws the events, which must name at most two endpoints (one connection).</summary>
    /// <param name="events">The events in order.</param>
    /// <param name="options">How to draw; null for <see cref="DiagramOptions.Default"/>.</param>
    /// <returns>The diagram, one line per row, each ending in a newline.</returns>
    /// <exception cref="ArgumentException">The events name more than two endpoints, or one the options leave out.</exception>
    public static string Render(IReadOnlyList<TraceEvent> events, DiagramOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        options ??= DiagramOptions.Default;
        var endpoints = DiagramText.Endpoints(events, options);
        if (endpoints.Count > 2)
        {
            throw new ArgumentException($"A ladder draws one connection, two endpoints, not {endpoints.Count}; render each connection apart.", nameof(events));
        }

        var layout = new Layout(events, endpoints, options);
        var text = new StringBuilder();
        layout.Header(text);
        layout.InitialStates(text);
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Kind == TraceEventKind.Segment)
            {
                layout.Segment(text, i);
            }
            else
            {
                layout.State(text, i);
            }
        }

        return text.ToString();
    }

    private sealed class Layout
    {
        private readonly IReadOnlyList<TraceEvent> _events;
        private readonly DiagramOptions _options;
        private readonly string _left;
        private readonly string _right;
        private readonly string?[] _labels;
        private readonly string[] _times;
        private readonly int _timeWidth;
        private readonly int _leftWidth;
        private readonly int _rightWidth;
        private readonly int _arrowWidth;
        private readonly char _lifeline;
        private readonly char _line;
        private readonly char _rightHead;
        private readonly char _leftHead;
        private readonly char _lostMark;

        public Layout(IReadOnlyList<TraceEvent> events, IReadOnlyList<string> endpoints, DiagramOptions options)
        {
            _events = events;
            _options = options;
            _left = endpoints.Count > 0 ? endpoints[0] : "";
            _right = endpoints.Count > 1 ? endpoints[1] : "";
            (_lifeline, _line, _rightHead, _leftHead, _lostMark) = options.Ascii ? ('|', '-', '>', '<', 'x') : ('│', '─', '►', '◄', '✗');

            var symbols = options.Symbolic ? SequenceSymbols.Create(events) : null;
            _labels = new string?[events.Count];
            _times = new string[events.Count];
            var origin = events.Count > 0 ? events[0].Time : default;
            var longestLabel = 0;
            for (var i = 0; i < events.Count; i++)
            {
                _times[i] = (events[i].Time - origin).TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture);
                if (events[i].Kind == TraceEventKind.Segment)
                {
                    _labels[i] = DiagramText.Label(events[i].Segment, i, symbols, options);
                    longestLabel = Math.Max(longestLabel, _labels[i]!.Length);
                }
            }

            _timeWidth = Math.Max(TimeHeader.Length, _times.Length == 0 ? 0 : _times.Max(time => time.Length));
            _leftWidth = Math.Max(StateWidth, _left.Length);
            _rightWidth = Math.Max(StateWidth, _right.Length);
            _arrowWidth = Math.Max(MinArrowWidth, longestLabel + LostGap + 6);
        }

        public void Header(StringBuilder text)
            => Row(text, TimeHeader, _left, Bold, new string(' ', _arrowWidth), null, _right, Bold, null, lifelines: false);

        /// <summary>The state each endpoint starts in: the state its first change leaves.</summary>
        public void InitialStates(StringBuilder text)
        {
            var left = FirstState(_left);
            var right = FirstState(_right);
            if (left is null && right is null)
            {
                return;
            }

            Row(text, "", Name(left), StateColor(left), new string(' ', _arrowWidth), null, Name(right), StateColor(right), null, lifelines: true);

            static string Name(TcpState? state) => state is { } known ? TraceNames.StateName(known) : "";
        }

        public void State(StringBuilder text, int index)
        {
            var state = _events[index].State;
            var name = TraceNames.StateName(state.To);
            var color = StateColor(state.To);
            var note = _options.ShowCauses ? state.Cause : null;
            var middle = new string(' ', _arrowWidth);
            if (state.Endpoint == _left)
            {
                Row(text, _times[index], name, color, middle, null, "", null, note, lifelines: true);
            }
            else
            {
                Row(text, _times[index], "", null, middle, null, name, color, note, lifelines: true);
            }
        }

        public void Segment(StringBuilder text, int index)
        {
            var segment = _events[index].Segment;
            var label = _labels[index]!;
            var rightward = segment.From == _left && segment.To != _left;
            var length = segment.Lost ? _arrowWidth - LostGap : _arrowWidth;
            var dashes = length - 1 - label.Length - 2;
            var before = new string(_line, dashes / 2) + " ";
            var after = " " + new string(_line, dashes - (dashes / 2));
            var gap = new string(' ', _arrowWidth - length);
            var arrow = rightward
                ? before + label + after + (segment.Lost ? _lostMark : _rightHead) + gap
                : gap + (segment.Lost ? _lostMark : _leftHead) + before + label + after;
            Row(text, _times[index], "", null, arrow, SegmentColor(segment), "", null, null, lifelines: true);
        }

        private TcpState? FirstState(string endpoint)
        {
            foreach (var traceEvent in _events)
            {
                if (traceEvent.Kind == TraceEventKind.State && traceEvent.State.Endpoint == endpoint)
                {
                    return traceEvent.State.From;
                }
            }

            return null;
        }

        private void Row(
            StringBuilder text,
            string time,
            string left,
            string? leftColor,
            string middle,
            string? middleColor,
            string right,
            string? rightColor,
            string? note,
            bool lifelines)
        {
            var line = lifelines ? _lifeline : ' ';
            var row = new StringBuilder();
            row.Append(time.PadLeft(_timeWidth)).Append("  ");
            row.Append(' ', _leftWidth - left.Length).Append(Paint(left, leftColor)).Append(' ').Append(line);
            row.Append(Paint(middle, middleColor));
            row.Append(line).Append(' ').Append(Paint(right, rightColor));
            if (!string.IsNullOrEmpty(note))
            {
                row.Append(' ', _rightWidth - right.Length).Append("  ").Append(Paint(note, Dim));
            }

            text.Append(row.ToString().TrimEnd()).Append('\n');
        }

        private string Paint(string text, string? color)
            => _options.Color && color is not null && text.Length > 0 ? color + text + Reset : text;

        private static string? StateColor(TcpState? state) => state switch
        {
            null => null,
            TcpState.Established => Bold + Green,
            TcpState.Closed => Bold + Red,
            _ => Bold + Yellow,
        };

        private static string? SegmentColor(SegmentTrace segment) => segment switch
        {
            { Lost: true } => Red + Dim,
            _ when segment.Has(TcpFlags.Rst) => Red,
            _ when segment.Has(TcpFlags.Syn) => Cyan,
            _ when segment.Has(TcpFlags.Fin) => Magenta,
            _ => null,
        };
    }
}
