namespace SynAck.Wire.Ip;

/// <summary>Offsets of the IPv6 fixed header (RFC 8200 §3) and its extension headers, in one place.</summary>
internal static class Ipv6Layout
{
    /// <summary>Version (4 bits), Traffic Class (8) and Flow Label (20) share the first 32 bits.</summary>
    public const int VersionClassAndFlowLabel = 0;
    public const int PayloadLength = 4;
    public const int NextHeader = 6;
    public const int HopLimit = 7;
    public const int Source = 8;
    public const int Destination = 24;
    public const int HeaderLength = 40;

    public const uint FlowLabelMask = 0x000F_FFFF;

    /// <summary>Every extension header starts with its Next Header byte; most follow it with a length byte.</summary>
    public const int ExtensionNextHeader = 0;
    public const int ExtensionLength = 1;

    /// <summary>The Fragment header (RFC 8200 §4.5): 8 bytes.</summary>
    public const int FragmentHeaderLength = 8;
    public const int FragmentOffsetAndFlags = 2;
    public const int FragmentIdentification = 4;
    public const ushort FragmentMoreBit = 0x0001;
}
