namespace SynAck.Runtime;

/// <summary>Settings of a <see cref="Simulation"/>.</summary>
public sealed class SimulationOptions
{
    /// <summary>
    /// The seed behind <see cref="Simulation.CreateRandom"/>. The same seed and the same scenario
    /// give the same run, step for step. Default 0.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>
    /// The wall-clock time at which virtual time starts, as seen through
    /// <see cref="TimeProvider.GetUtcNow"/>. Default 2025-01-01T00:00:00Z.
    /// </summary>
    public DateTimeOffset StartTime { get; init; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// How much virtual time one <see cref="Simulation.Run(Func{Task})"/> or
    /// <see cref="Simulation.RunUntilIdle"/> may take before it fails with
    /// <see cref="SimulationTimeLimitException"/>. Default one hour.
    /// </summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromHours(1);
}
