using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SynAck.Tcp.Congestion;

namespace SynAck.Cli.Bench;

/// <summary>One measured figure of <c>synack bench</c>: a JSON object with <c>scenario</c> first, and a line of text.</summary>
internal abstract record BenchResult
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The scenario's name, the JSON <c>scenario</c> field.</summary>
    public abstract string Scenario { get; }

    /// <summary>The result as one line of JSON (the CLI contract: field names stay stable).</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("scenario", Scenario);
            WriteFields(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The result as one line for a person.</summary>
    public abstract string ToText();

    /// <summary>Writes the fields after <c>scenario</c>.</summary>
    protected abstract void WriteFields(Utf8JsonWriter json);

    /// <summary>A figure rounded for JSON (three decimals unless told), as a number.</summary>
    protected static void WriteRounded(Utf8JsonWriter json, string name, double value, int decimals = 3)
        => json.WriteNumber(name, Math.Round(value, decimals));

    /// <summary>Formats for the text line, invariantly.</summary>
    protected static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Bulk transfer from client to server:
/// <c>{"scenario":"throughput","mss":N,"bytes":N,"gbit_per_s":X,"loss":P,"rtt_ms":X,"cc":"cubic","sack":true}</c>.
/// </summary>
/// <param name="Settings">How the run went: MSS, loss, RTT, congestion control, SACK.</param>
/// <param name="Bytes">The bytes that reached the server's application.</param>
/// <param name="GbitPerSecond">Bytes × 8 / wall-clock seconds / 10⁹.</param>
internal sealed record ThroughputResult(ThroughputSettings Settings, long Bytes, double GbitPerSecond) : BenchResult
{
    /// <inheritdoc/>
    public override string Scenario => "throughput";

    /// <summary>The name of the congestion control, as <c>--cc</c> takes it.</summary>
    public string CongestionControlName => Settings.CongestionControl == CongestionControlAlgorithm.NewReno ? "newreno" : "cubic";

    /// <inheritdoc/>
    public override string ToText()
        => Invariant($"throughput   mss {Settings.Mss,5}  {Bytes,13:N0} bytes  {GbitPerSecond,10:F6} Gbit/s  loss {Settings.Loss:0.####}  rtt {Settings.Rtt.TotalMilliseconds:0.###} ms  {CongestionControlName}  {(Settings.Sack ? "sack" : "no-sack")}");

    /// <inheritdoc/>
    protected override void WriteFields(Utf8JsonWriter json)
    {
        json.WriteNumber("mss", Settings.Mss);
        json.WriteNumber("bytes", Bytes);
        // To 1 kbit/s: a lossy path's goodput is a few Mbit/s.
        WriteRounded(json, "gbit_per_s", GbitPerSecond, decimals: 6);
        json.WriteNumber("loss", Settings.Loss);
        json.WriteNumber("rtt_ms", Settings.Rtt.TotalMilliseconds);
        json.WriteString("cc", CongestionControlName);
        json.WriteBoolean("sack", Settings.Sack);
    }
}

/// <summary>Whole connections, one byte each way: <c>{"scenario":"handshakes","connections":N,"per_s":X}</c>.</summary>
/// <param name="Connections">How many connections were opened, used and closed.</param>
/// <param name="PerSecond">Connections per wall-clock second.</param>
internal sealed record HandshakesResult(int Connections, double PerSecond) : BenchResult
{
    /// <inheritdoc/>
    public override string Scenario => "handshakes";

    /// <inheritdoc/>
    public override string ToText() => Invariant($"handshakes   {Connections,13:N0} connections  {PerSecond,12:N0} per second");

    /// <inheritdoc/>
    protected override void WriteFields(Utf8JsonWriter json)
    {
        json.WriteNumber("connections", Connections);
        WriteRounded(json, "per_s", PerSecond);
    }
}

/// <summary>Idle established connections: <c>{"scenario":"idle-memory","connections":N,"bytes_per_connection":X}</c>.</summary>
/// <param name="Connections">How many established connections were held (both stacks' ends counted).</param>
/// <param name="BytesPerConnection">The growth of the GC heap after a full collection, divided by <paramref name="Connections"/>.</param>
internal sealed record IdleMemoryResult(int Connections, double BytesPerConnection) : BenchResult
{
    /// <inheritdoc/>
    public override string Scenario => "idle-memory";

    /// <inheritdoc/>
    public override string ToText() => Invariant($"idle-memory  {Connections,13:N0} connections  {BytesPerConnection,12:N0} bytes each");

    /// <inheritdoc/>
    protected override void WriteFields(Utf8JsonWriter json)
    {
        json.WriteNumber("connections", Connections);
        WriteRounded(json, "bytes_per_connection", BytesPerConnection);
    }
}
