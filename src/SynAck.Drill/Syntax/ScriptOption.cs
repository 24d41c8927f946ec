namespace SynAck.Drill.Syntax;

/// <summary>A <c>--name=value</c> line at the top of a script (e.g. <c>--tolerance_usecs=50000</c>).</summary>
/// <param name="Name">The name without the leading dashes.</param>
/// <param name="Value">The text after <c>=</c> to the end of the line, or null when there is no <c>=</c>.</param>
/// <param name="Location">Where the option starts.</param>
public sealed record ScriptOption(string Name, string? Value, SourceLocation Location);
