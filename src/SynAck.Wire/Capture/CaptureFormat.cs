namespace SynAck.Wire.Capture;

/// <summary>The container format of a capture file.</summary>
public enum CaptureFormat
{
    /// <summary>Not known yet (nothing read) or not a capture file.</summary>
    Unknown,

    /// <summary>Classic libpcap format (magic 0xA1B2C3D4 or 0xA1B23C4D, either byte order).</summary>
    Pcap,

    /// <summary>pcapng (a Section Header Block first).</summary>
    PcapNg,
}
