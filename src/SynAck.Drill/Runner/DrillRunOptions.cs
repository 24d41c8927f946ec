using SynAck.Drill.Configuration;

namespace SynAck.Drill.Runner;

/// <summary>How <see cref="DrillRunner"/> runs scripts.</summary>
public sealed record DrillRunOptions
{
    /// <summary>The default options: SynAck's own defaults, a 10-minute limit of script time.</summary>
    public static DrillRunOptions Default { get; } = new();

    /// <summary>Which defaults the stack starts from (see <see cref="DrillSettings.For"/>). Default <see cref="DrillProfile.SynAck"/>.</summary>
    public DrillProfile Profile { get; init; } = DrillProfile.SynAck;

    /// <summary>The most script (virtual) time a run may take before it fails. Default 10 minutes.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The seed of the stack's randomness (ISNs, ephemeral ports). Default 1.</summary>
    public int Seed { get; init; } = 1;
}
