namespace SynAck.Wire.Capture;

/// <summary>The timestamp resolution of a classic pcap file.</summary>
public enum TimestampResolution
{
    /// <summary>Microseconds (magic 0xA1B2C3D4), what tcpdump writes by default.</summary>
    Microseconds,

    /// <summary>Nanoseconds (magic 0xA1B23C4D), as with <c>tcpdump --time-stamp-precision=nano</c>.</summary>
    Nanoseconds,
}
