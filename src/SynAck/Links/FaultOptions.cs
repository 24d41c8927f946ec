namespace SynAck.Links;

/// <summary>
/// What a fault injector does to the packets of one direction: each fault is an independent
/// probability per packet, drawn from a seeded generator. The default injects nothing.
/// </summary>
public sealed record FaultOptions
{
    /// <summary>Options that inject no fault.</summary>
    public static FaultOptions None { get; } = new();

    /// <summary>The probability that a packet is dropped. Default 0.</summary>
    public double LossProbability { get; init => field = CheckProbability(value); }

    /// <summary>The probability that a packet is delivered twice. Default 0.</summary>
    public double DuplicationProbability { get; init => field = CheckProbability(value); }

    /// <summary>
    /// The probability that a packet is held back, so that packets sent after it overtake it.
    /// Default 0. How long it is held is set by <see cref="ReorderDelay"/> and
    /// <see cref="ReorderDistance"/>.
    /// </summary>
    public double ReorderProbability { get; init => field = CheckProbability(value); }

    /// <summary>
    /// How long a held packet is held at most. Default 10 ms. With
    /// <see cref="ReorderDistance"/> zero, it is held exactly this long.
    /// </summary>
    public TimeSpan ReorderDelay
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            field = value;
        }
    } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// When more than zero, a held packet is released as soon as this many later packets have
    /// passed it (or <see cref="ReorderDelay"/> ends, whichever is first). Default 0: held for
    /// <see cref="ReorderDelay"/> only.
    /// </summary>
    public int ReorderDistance
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    }

    /// <summary>The probability that one random bit of a packet is flipped. Default 0.</summary>
    public double CorruptionProbability { get; init => field = CheckProbability(value); }

    /// <summary>
    /// The probability that an ECN-capable packet (ECT(0) or ECT(1)) is marked CE, Congestion
    /// Experienced, as an AQM router would instead of dropping it (RFC 3168 §5). Default 0.
    /// </summary>
    public double CongestionMarkProbability { get; init => field = CheckProbability(value); }

    /// <summary>Whether no fault can happen.</summary>
    public bool IsNone => LossProbability == 0 && DuplicationProbability == 0 && ReorderProbability == 0 && CorruptionProbability == 0 && CongestionMarkProbability == 0;

    private static double CheckProbability(double value, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
        => value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(name, value, "A probability lies between 0 and 1.");
}
