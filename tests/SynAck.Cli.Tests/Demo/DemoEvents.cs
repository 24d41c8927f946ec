using System.Text.Json;

namespace SynAck.Cli.Tests.Demo;

/// <summary>A demo's <c>--format json</c> output, read back as the CLI contract defines it.</summary>
internal sealed class DemoEvents
{
    private DemoEvents(List<JsonElement> events) => All = events;

    /// <summary>Every event, in order.</summary>
    public List<JsonElement> All { get; }

    /// <summary>The segment events, in the order sent.</summary>
    public List<JsonElement> Segments => [.. All.Where(e => e.GetProperty("type").GetString() == "segment")];

    /// <summary>Runs <c>synack demo --format json</c> with the arguments and parses every line.</summary>
    public static async Task<DemoEvents> RunAsync(params string[] args)
    {
        var result = await Cli.RunAsync(["demo", "--format", "json", .. args]);
        Assert.True(result.ExitCode == 0, result.Error);
        return new DemoEvents([.. result.Lines.Select(line => JsonDocument.Parse(line).RootElement)]);
    }

    /// <summary>An endpoint's states: the state its first change leaves, then every state it enters.</summary>
    public List<string> States(string endpoint)
    {
        var changes = All.Where(e => e.GetProperty("type").GetString() == "state" && e.GetProperty("endpoint").GetString() == endpoint).ToList();
        return changes.Count == 0
            ? []
            : [changes[0].GetProperty("from").GetString()!, .. changes.Select(e => e.GetProperty("to").GetString()!)];
    }

    /// <summary>The segments one endpoint sent, in order.</summary>
    public List<JsonElement> SentBy(string endpoint) => [.. Segments.Where(s => s.GetProperty("from").GetString() == endpoint)];

    /// <summary>The time of an event, in seconds.</summary>
    public static decimal Time(JsonElement e) => e.GetProperty("time_s").GetDecimal();

    public static string Flags(JsonElement e) => e.GetProperty("flags").GetString()!;

    public static uint Seq(JsonElement e) => e.GetProperty("seq").GetUInt32();

    public static uint Ack(JsonElement e) => e.GetProperty("ack").GetUInt32();

    public static int Len(JsonElement e) => e.GetProperty("len").GetInt32();

    public static bool Lost(JsonElement e) => e.TryGetProperty("lost", out var lost) && lost.GetBoolean();
}
