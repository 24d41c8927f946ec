using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SynAck.Cli.Captures;
using SynAck.Wire.Capture;
using SynAck.Wire.Tcp;

namespace SynAck.Cli.Decode;

/// <summary>
/// The lines <c>synack decode</c> prints, each a pure function of a decoded segment or of the
/// closing counts. Text lines are tcpdump's (<c>tcpdump -n -S</c>, times in UTC); JSON lines follow
/// DESIGN.md's CLI contract.
/// </summary>
internal static class DecodeFormatter
{
    // Lines go to a terminal or a script, not into HTML: '+' and '>' stay as they are.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// One segment as tcpdump prints it with <c>-n -S</c> and <c>TZ=UTC</c>:
    /// <c>23:42:25.112841 IP 127.0.0.1.46194 &gt; 127.0.0.1.8000: Flags [S], seq 274525735, win 65495, options [...], length 0</c>.
    /// The time of day is in UTC, to the microsecond (a nanosecond capture's digits beyond are dropped, as tcpdump does).
    /// </summary>
    public static string FormatText(DecodedSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var options = segment.Options.Count == 0 ? string.Empty : "[" + string.Join(',', segment.Options) + "]";
        var tcp = TcpFormatting.FormatSegment(
            segment.Flags,
            segment.SequenceNumber,
            segment.AcknowledgmentNumber,
            segment.Window,
            segment.UrgentPointer,
            options,
            segment.PayloadLength);
        var source = segment.Source;
        var destination = segment.Destination;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{FormatTimeOfDay(segment.UnixTimeNanoseconds)} {(segment.IsIPv6 ? "IP6" : "IP")} {source.Address}.{source.Port} > {destination.Address}.{destination.Port}: {tcp}");
    }

    /// <summary>
    /// One segment as a JSON object on one line: <c>type</c> ("segment"), <c>frame</c>, <c>time_s</c>,
    /// <c>src</c>, <c>dst</c>, <c>flags</c>, <c>seq</c>, <c>ack</c>, <c>len</c>, <c>win</c>,
    /// <c>checksum_ok</c> (null when the capture cut the segment short) and <c>options</c> (an array of tcpdump's texts).
    /// </summary>
    public static string FormatJson(DecodedSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return WriteJson(segment, static (json, segment) =>
        {
            json.WriteString("type", "segment");
            json.WriteNumber("frame", segment.Frame);
            json.WritePropertyName("time_s");
            json.WriteRawValue(FormatUnixSeconds(segment.UnixTimeNanoseconds), skipInputValidation: true);
            json.WriteString("src", segment.Source.ToString());
            json.WriteString("dst", segment.Destination.ToString());
            json.WriteString("flags", TcpFormatting.FormatFlags(segment.Flags));
            json.WriteNumber("seq", segment.SequenceNumber);
            json.WriteNumber("ack", segment.AcknowledgmentNumber);
            json.WriteNumber("len", segment.PayloadLength);
            json.WriteNumber("win", segment.Window);
            if (segment.ChecksumOk is { } ok)
            {
                json.WriteBoolean("checksum_ok", ok);
            }
            else
            {
                json.WriteNull("checksum_ok");
            }

            json.WriteStartArray("options");
            foreach (var option in segment.Options)
            {
                json.WriteStringValue(option);
            }

            json.WriteEndArray();
        });
    }

    /// <summary>The closing line: <c>12 packets: 12 TCP segments, 0 non-TCP, 0 IP fragments, 0 undecodable</c>.</summary>
    public static string FormatSummaryText(CaptureCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{counts.Packets} packets: {counts.TcpSegments} TCP segments, {counts.NonTcp} non-TCP, {counts.Fragments} IP fragments, {counts.Undecodable} undecodable");
    }

    /// <summary>
    /// The closing JSON object: <c>{"type":"summary","packets":N,"tcp":N,"non_tcp":N,"fragments":N,"undecodable":N}</c>,
    /// with an <c>error</c> object (<c>reason</c>, <c>offset</c>, <c>message</c>) when the capture is damaged.
    /// </summary>
    public static string FormatSummaryJson(CaptureCounts counts, CaptureError end)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return WriteJson((counts, end), static (json, state) =>
        {
            var (counts, end) = state;
            json.WriteString("type", "summary");
            json.WriteNumber("packets", counts.Packets);
            json.WriteNumber("tcp", counts.TcpSegments);
            json.WriteNumber("non_tcp", counts.NonTcp);
            json.WriteNumber("fragments", counts.Fragments);
            json.WriteNumber("undecodable", counts.Undecodable);
            if (end.IsError)
            {
                json.WriteStartObject("error");
                json.WriteString("reason", end.Reason.ToString());
                json.WriteNumber("offset", end.Offset);
                json.WriteString("message", end.Message);
                json.WriteEndObject();
            }
        });
    }

    /// <summary>The UTC time of day, <c>HH:mm:ss.ffffff</c>, of a time in nanoseconds since the Unix epoch (rounded down to the microsecond).</summary>
    public static string FormatTimeOfDay(long unixTimeNanoseconds)
    {
        var microseconds = Math.DivRem(unixTimeNanoseconds, 1000L, out var rest) - (rest < 0 ? 1 : 0);
        var time = DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);
        return time.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Seconds since the Unix epoch as a JSON number, exact: six decimals when the time is a whole
    /// number of microseconds, nine otherwise (<c>1795650145.112841</c>, <c>1795650147.690246809</c>).
    /// </summary>
    public static string FormatUnixSeconds(long unixTimeNanoseconds)
    {
        var seconds = unixTimeNanoseconds / 1_000_000_000m;
        return seconds.ToString(unixTimeNanoseconds % 1000 == 0 ? "F6" : "F9", CultureInfo.InvariantCulture);
    }

    private static string WriteJson<T>(T state, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            write(json, state);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
