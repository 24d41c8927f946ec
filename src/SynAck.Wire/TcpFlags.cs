namespace SynAck.Wire;

/// <summary>
/// The TCP control bits (RFC 9293 §3.1), with ECE and CWR from RFC 3168 and AE from RFC 9768
/// (the former NS bit). Values are the bits of the 16-bit data-offset/flags word below the data offset.
/// </summary>
[Flags]
public enum TcpFlags : ushort
{
    /// <summary>No control bits set.</summary>
    None = 0,
    /// <summary>No more data from sender.</summary>
    Fin = 0x001,
    /// <summary>Synchronize sequence numbers.</summary>
    Syn = 0x002,
    /// <summary>Reset the connection.</summary>
    Rst = 0x004,
    /// <summary>Push function.</summary>
    Psh = 0x008,
    /// <summary>Acknowledgment field is significant.</summary>
    Ack = 0x010,
    /// <summary>Urgent pointer field is significant.</summary>
    Urg = 0x020,
    /// <summary>ECN-Echo (RFC 3168).</summary>
    Ece = 0x040,
    /// <summary>Congestion Window Reduced (RFC 3168).</summary>
    Cwr = 0x080,
    /// <summary>Accurate ECN (RFC 9768; formerly the experimental NS bit).</summary>
    Ae = 0x100,
}
