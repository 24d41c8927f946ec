namespace SynAck.Wire.Tcp;

/// <summary>Where the fields of a TCP header sit (RFC 9293 §3.1): the one place these offsets live.</summary>
internal static class TcpHeaderLayout
{
    public const int SourcePort = 0;
    public const int DestinationPort = 2;
    public const int SequenceNumber = 4;
    public const int AcknowledgmentNumber = 8;

    /// <summary>The 16-bit word holding the data offset (top 4 bits), 3 reserved bits and the 9 control bits.</summary>
    public const int DataOffsetAndFlags = 12;
    public const int Window = 14;
    public const int Checksum = 16;
    public const int UrgentPointer = 18;
    public const int Options = 20;

    /// <summary>A header without options: data offset 5.</summary>
    public const int MinimumLength = 20;

    /// <summary>Data offset 15: the most a 4-bit count of 32-bit words can describe.</summary>
    public const int MaximumLength = 60;

    /// <summary>The control bits SynAck knows: FIN through CWR plus AE (RFC 9768).</summary>
    public const ushort FlagsMask = 0x01FF;

    /// <summary>The three bits between the data offset and AE, reserved by RFC 9293 §3.1 (must be zero, ignored on receipt).</summary>
    public const ushort ReservedMask = 0x0E00;
}
