namespace SynAck.Wire.Ip;

/// <summary>Offsets and bits of the IPv4 header (RFC 791 §3.1), in one place.</summary>
internal static class Ipv4Layout
{
    public const int VersionAndHeaderLength = 0;
    public const int TypeOfService = 1;
    public const int TotalLength = 2;
    public const int Identification = 4;
    public const int FlagsAndFragmentOffset = 6;
    public const int TimeToLive = 8;
    public const int Protocol = 9;
    public const int HeaderChecksum = 10;
    public const int Source = 12;
    public const int Destination = 16;

    /// <summary>A header without options; also the smallest legal IHL (5) times 4.</summary>
    public const int MinHeaderLength = 20;

    public const ushort DontFragmentBit = 0x4000;
    public const ushort MoreFragmentsBit = 0x2000;
    public const ushort FragmentOffsetMask = 0x1FFF;
}
