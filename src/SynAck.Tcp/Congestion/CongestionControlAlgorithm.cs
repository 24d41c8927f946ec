namespace SynAck.Tcp.Congestion;

/// <summary>The congestion control algorithms a connection can use.</summary>
public enum CongestionControlAlgorithm
{
    /// <summary>CUBIC (RFC 9438) with HyStart++ (RFC 9406), Linux's default and SynAck's.</summary>
    Cubic,

    /// <summary>NewReno (RFC 5681 congestion control; RFC 6582 recovery).</summary>
    NewReno,
}
