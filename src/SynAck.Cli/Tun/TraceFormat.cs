namespace SynAck.Cli.Tun;

/// <summary>What <c>synack serve</c> and <c>synack connect</c> print on standard output.</summary>
internal enum TraceFormat
{
    /// <summary>A ladder diagram per connection once it is over, with both ends' states inferred from the segments.</summary>
    Text,

    /// <summary>Every event as it happens, one JSON object per line (DESIGN.md's CLI contract), SynAck's own states included.</summary>
    Json,

    /// <summary>No events: only the summary lines on standard error.</summary>
    None,
}
