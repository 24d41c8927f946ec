using System.Globalization;
using System.Text;

namespace SynAck.Diagnostics;

/// <summary>
/// Writes events as a Mermaid <c>sequenceDiagram</c>: a participant per endpoint, a note over an
/// endpoint for the state it starts in and each state it enters, an arrow per segment (<c>-&gt;&gt;</c>, or <c>-x</c> for a
/// lost one). A pure function of the events, so its output is golden-tested.
/// </summary>
public static class MermaidDiagram
{
    /// <summary>Writes the diagram.</summary>
    /// <param name="events">The events in order.</param>
    /// <param name="options">Symbolic numbers and the window; null for <see cref="DiagramOptions.Default"/>.</param>
    /// <returns>The diagram's text, each line ending in a newline.</returns>
    /// <exception cref="ArgumentException">An event names an endpoint the options leave out.</exception>
    public static string Render(IReadOnlyList<TraceEvent> events, DiagramOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        options ??= DiagramOptions.Default;
        var endpoints = DiagramText.Endpoints(events, options);
        var symbols = options.Symbolic ? SequenceSymbols.Create(events) : null;
        var ids = new Dictionary<string, string>();
        var text = new StringBuilder("sequenceDiagram\n");
        for (var i = 0; i < endpoints.Count; i++)
        {
            // Participant ids are plain words; the endpoint's name, colons and brackets included, is its alias.
            var id = string.Create(CultureInfo.InvariantCulture, $"E{i + 1}");
            ids.Add(endpoints[i], id);
            text.Append(CultureInfo.InvariantCulture, $"    participant {id} as {endpoints[i]}\n");
        }

        // Each endpoint's first state, as the ladder's first row shows it.
        foreach (var endpoint in endpoints)
        {
            foreach (var traceEvent in events)
            {
                if (traceEvent.Kind == TraceEventKind.State && traceEvent.State.Endpoint == endpoint)
                {
                    text.Append(CultureInfo.InvariantCulture, $"    Note over {ids[endpoint]}: {TraceNames.StateName(traceEvent.State.From)}\n");
                    break;
                }
            }
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Kind == TraceEventKind.State)
            {
                var state = events[i].State;
                var cause = state.Cause.Length > 0 ? $" ({state.Cause})" : "";
                text.Append(CultureInfo.InvariantCulture, $"    Note over {ids[state.Endpoint]}: {TraceNames.StateName(state.To)}{cause}\n");
            }
            else
            {
                var segment = events[i].Segment;
                var arrow = segment.Lost ? "-x" : "->>";
                var lost = segment.Lost ? " (lost)" : "";
                text.Append(CultureInfo.InvariantCulture, $"    {ids[segment.From]}{arrow}{ids[segment.To]}: {DiagramText.Label(segment, i, symbols, options)}{lost}\n");
            }
        }

        return text.ToString();
    }
}
