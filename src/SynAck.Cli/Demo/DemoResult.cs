using SynAck.Diagnostics;

namespace SynAck.Cli.Demo;

/// <summary>What a demo run produced: the event stream, and why it stopped early if it did.</summary>
/// <param name="Events">Every segment put on the wire and every state change of both ends, in order.</param>
/// <param name="Failure">What went wrong (a connection that failed under loss, say), or null when the scenario ran to its end.</param>
internal sealed record DemoResult(IReadOnlyList<TraceEvent> Events, string? Failure);
