namespace SynAck.Wire.Ip;

/// <summary>
/// Where a fragment sits in the original packet: the fields of the IPv4 header (RFC 791 §3.1) or
/// of the IPv6 Fragment header (RFC 8200 §4.5).
/// </summary>
/// <param name="Identification">The identification shared by all fragments of one packet (16 bits in IPv4, 32 in IPv6).</param>
/// <param name="FragmentOffset">The offset of this fragment's data in the original payload, in units of 8 octets.</param>
/// <param name="MoreFragments">The M (more fragments) flag: this is not the last fragment.</param>
public readonly record struct IpFragmentInfo(uint Identification, ushort FragmentOffset, bool MoreFragments)
{
    /// <summary>
    /// Whether the data is a piece of a larger packet: the offset is not zero or more fragments
    /// follow. A fragment with neither (an IPv6 "atomic fragment", RFC 6946) is a whole packet.
    /// </summary>
    public bool IsFragment => MoreFragments || FragmentOffset != 0;

    /// <summary>The offset of this fragment's data in bytes.</summary>
    public int ByteOffset => FragmentOffset * 8;
}
