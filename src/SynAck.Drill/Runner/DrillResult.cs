namespace SynAck.Drill.Runner;

/// <summary>What running one script against SynAck gave.</summary>
public sealed record DrillResult
{
    /// <summary>The script's path, as given.</summary>
    public required string Script { get; init; }

    /// <summary>Whether every event happened as the script says.</summary>
    public required bool Passed { get; init; }

    /// <summary>The line of the first event that failed (or of the syntax error); null when the script passed.</summary>
    public int? Line { get; init; }

    /// <summary>What the script expected at <see cref="Line"/>, in script syntax; null when it passed.</summary>
    public string? Expected { get; init; }

    /// <summary>What SynAck did instead, in script syntax; null when it passed.</summary>
    public string? Actual { get; init; }

    /// <summary>Why the event failed, in a sentence; null when the script passed.</summary>
    public string? Message { get; init; }

    /// <summary>What the run skipped or ignored (code blocks, commands, sysctls SynAck does not have), one line each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>How much script (virtual) time the run covered.</summary>
    public TimeSpan ScriptTime { get; init; }
}
