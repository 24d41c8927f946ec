namespace SynAck.Tcp.Congestion;

/// <summary>Where HyStart++ (RFC 9406) stands in a connection's initial slow start.</summary>
public enum HyStartPhase
{
    /// <summary>Standard slow start, watching each round's minimum RTT.</summary>
    SlowStart,

    /// <summary>Conservative slow start (CSS): the RTT rose; cwnd grows by a quarter of slow start's rate.</summary>
    ConservativeSlowStart,

    /// <summary>The initial slow start is over (CSS ran its rounds, or a loss, ECN-Echo or timeout ended it).</summary>
    Finished,
}
