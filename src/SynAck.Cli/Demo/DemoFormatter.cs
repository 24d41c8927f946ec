using System.Globalization;
using SynAck.Diagnostics;

namespace SynAck.Cli.Demo;

/// <summary>A demo's events in the chosen format: a pure function of the settings and the events.</summary>
internal static class DemoFormatter
{
    /// <summary>The endpoints' names, left to right.</summary>
    private static readonly string[] Columns = ["client", "server"];

    /// <summary>
    /// Text: a heading (<c>synack demo: normal, client 192.0.2.1:49152, server 192.0.2.2:80</c>) then the
    /// ladder. JSON: the events only, one object per line. Mermaid: a <c>%%</c> comment then the diagram.
    /// </summary>
    public static string Format(DemoSettings settings, IReadOnlyList<TraceEvent> events, string format, DiagramOptions options)
    {
        var ordered = options with { Endpoints = Columns };
        return format switch
        {
            "json" => TraceJson.Render(events, ordered),
            "mermaid" => "%% " + Heading(settings, events) + "\n" + MermaidDiagram.Render(events, ordered),
            _ => Heading(settings, events) + "\n" + LadderDiagram.Render(events, ordered),
        };
    }

    private static string Heading(DemoSettings settings, IReadOnlyList<TraceEvent> events)
    {
        var heading = string.Create(CultureInfo.InvariantCulture, $"synack demo: {DemoScenarios.NameOf(settings.Scenario)}");
        foreach (var traceEvent in events)
        {
            if (traceEvent.Kind == TraceEventKind.Segment)
            {
                var segment = traceEvent.Segment;
                var (client, server) = segment.From == Columns[0] ? (segment.Source, segment.Destination) : (segment.Destination, segment.Source);
                heading += string.Create(CultureInfo.InvariantCulture, $", client {client}, server {server}");
                break;
            }
        }

        if (settings.Loss > 0)
        {
            heading += string.Create(CultureInfo.InvariantCulture, $", loss {settings.Loss:0.###} (seed {settings.Seed})");
        }

        return heading;
    }
}
