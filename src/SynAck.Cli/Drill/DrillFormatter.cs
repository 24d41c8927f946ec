using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SynAck.Drill.Runner;

namespace SynAck.Cli.Drill;

/// <summary>Prints drill results: text for people, JSON (one object per line) for programs.</summary>
internal static class DrillFormatter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// <c>PASS path</c>, or <c>FAIL path:line: message</c> with the expected and the actual
    /// packet or result on the next lines.
    /// </summary>
    public static string FormatText(DrillResult result, bool verbose)
    {
        var text = new StringBuilder();
        if (result.Passed)
        {
            text.Append("PASS ").Append(result.Script).Append('\n');
        }
        else
        {
            text.Append("FAIL ").Append(result.Script);
            if (result.Line is { } line)
            {
                text.Append(CultureInfo.InvariantCulture, $":{line}");
            }

            text.Append(": ").Append(result.Message).Append('\n');
            if (result.Expected is { } expected)
            {
                text.Append("  expected: ").Append(expected).Append('\n');
            }

            if (result.Actual is { } actual)
            {
                text.Append("  actual:   ").Append(actual).Append('\n');
            }
        }

        if (verbose)
        {
            foreach (var note in result.Notes)
            {
                text.Append("  note: ").Append(note).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary><c>514 scripts: 480 passed, 34 failed</c>.</summary>
    public static string FormatSummaryText(int scripts, int passed) =>
        string.Create(CultureInfo.InvariantCulture, $"{scripts} scripts: {passed} passed, {scripts - passed} failed");

    /// <summary>
    /// <c>{"type":"script","script":...,"passed":...,"line":...,"expected":...,"actual":...,"message":...,"script_time_s":...,"notes":[...]}</c>;
    /// line, expected, actual and message are null when the script passed.
    /// </summary>
    public static string FormatJson(DrillResult result) => WriteJson(result, static (json, result) =>
    {
        json.WriteString("type", "script");
        json.WriteString("script", result.Script);
        json.WriteBoolean("passed", result.Passed);
        if (result.Line is { } line)
        {
            json.WriteNumber("line", line);
        }
        else
        {
            json.WriteNull("line");
        }

        json.WriteString("expected", result.Expected);
        json.WriteString("actual", result.Actual);
        json.WriteString("message", result.Message);
        json.WriteNumber("script_time_s", Math.Round(result.ScriptTime.TotalSeconds, 6));
        json.WriteStartArray("notes");
        foreach (var note in result.Notes)
        {
            json.WriteStringValue(note);
        }

        json.WriteEndArray();
    });

    /// <summary><c>{"type":"summary","scripts":N,"passed":N,"failed":N}</c>.</summary>
    public static string FormatSummaryJson(int scripts, int passed) => WriteJson((scripts, passed), static (json, counts) =>
    {
        json.WriteString("type", "summary");
        json.WriteNumber("scripts", counts.scripts);
        json.WriteNumber("passed", counts.passed);
        json.WriteNumber("failed", counts.scripts - counts.passed);
    });

    private static string WriteJson<T>(T state, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            write(json, state);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
