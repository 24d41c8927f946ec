namespace SynAck.Tcp.Rtt;

/// <summary>
/// The limits of the retransmission timeout (RFC 6298). The defaults are Linux's, which differ
/// from the RFC's minimum on purpose.
/// </summary>
public sealed record RtoSettings
{
    /// <summary>The defaults: initial 1 s, minimum 200 ms, maximum 120 s, clock granularity 1 ms.</summary>
    public static RtoSettings Default { get; } = new();

    /// <summary>
    /// The RTO before the first RTT sample. Default 1 s (RFC 6298 §2.1; Linux TCP_TIMEOUT_INIT).
    /// Must lie between <see cref="Minimum"/> and <see cref="Maximum"/>.
    /// </summary>
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The smallest RTO ever used. Default 200 ms as on Linux (TCP_RTO_MIN); RFC 6298 §2.4 says
    /// 1 s, so set this to one second for strict RFC behaviour. Must be positive.
    /// </summary>
    public TimeSpan Minimum { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The largest RTO ever used, also the ceiling of exponential backoff. Default 120 s as on
    /// Linux (TCP_RTO_MAX); RFC 6298 §2.5 allows any maximum of at least 60 s.
    /// </summary>
    public TimeSpan Maximum { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// G, the granularity of the clock that times the samples (RFC 6298 §2): the RTO is at least
    /// SRTT + G. Default 1 ms. Must not be negative.
    /// </summary>
    public TimeSpan ClockGranularity { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Checks that the settings are consistent.</summary>
    /// <exception cref="ArgumentException">A limit is out of range or the limits contradict each other.</exception>
    public void Validate()
    {
        if (Minimum <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The minimum RTO must be positive (was {Minimum}).", nameof(Minimum));
        }

        if (Maximum < Minimum)
        {
            throw new ArgumentException($"The maximum RTO ({Maximum}) is below the minimum ({Minimum}).", nameof(Maximum));
        }

        if (Initial < Minimum || Initial > Maximum)
        {
            throw new ArgumentException($"The initial RTO ({Initial}) must lie between the minimum ({Minimum}) and the maximum ({Maximum}).", nameof(Initial));
        }

        if (ClockGranularity < TimeSpan.Zero)
        {
            throw new ArgumentException($"The clock granularity must not be negative (was {ClockGranularity}).", nameof(ClockGranularity));
        }
    }
}
