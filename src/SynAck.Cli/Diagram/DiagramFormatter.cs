using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SynAck.Diagnostics;

namespace SynAck.Cli.Diagram;

/// <summary>One connection of a capture, drawn in the chosen format: a pure function of the connection and the options.</summary>
internal static class DiagramFormatter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The connection's heading and diagram. Text: <c>connection 1 of 2: client 127.0.0.1:46194, server
    /// 127.0.0.1:8000, 12 segments</c> then the ladder (a blank line before every heading but the first).
    /// JSON: a <c>{"type":"connection",...}</c> object then the events. Mermaid: a <c>%%</c> comment then the diagram.
    /// </summary>
    public static string Format(CaptureConnection connection, int connectionCount, string format, DiagramOptions options, bool first)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var events = PassiveStateTracker.Track(connection.Segments);
        var ordered = options with { Endpoints = [connection.ClientName, connection.ServerName] };
        var heading = string.Create(
            CultureInfo.InvariantCulture,
            $"connection {connection.Number} of {connectionCount}: client {connection.Client}, server {connection.Server}, {connection.Segments.Count} segments");
        return format switch
        {
            "json" => ConnectionJson(connection) + "\n" + TraceJson.Render(events, ordered),
            "mermaid" => (first ? "" : "\n") + "%% " + heading + "\n" + MermaidDiagram.Render(events, ordered),
            _ => (first ? "" : "\n") + heading + "\n" + LadderDiagram.Render(events, ordered),
        };
    }

    private static string ConnectionJson(CaptureConnection connection)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("type", "connection");
            json.WriteNumber("connection", connection.Number);
            json.WriteString("client", connection.Client.ToString());
            json.WriteString("server", connection.Server.ToString());
            json.WriteNumber("segments", connection.Segments.Count);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
