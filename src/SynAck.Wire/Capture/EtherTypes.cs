namespace SynAck.Wire.Capture;

/// <summary>The EtherType values link-layer decapsulation knows (IEEE 802 numbers, as on the wire).</summary>
public static class EtherTypes
{
    /// <summary>IPv4 (0x0800).</summary>
    public const ushort Ipv4 = 0x0800;

    /// <summary>IPv6 (0x86DD).</summary>
    public const ushort Ipv6 = 0x86DD;

    /// <summary>An IEEE 802.1Q VLAN tag (0x8100).</summary>
    public const ushort Vlan = 0x8100;

    /// <summary>An IEEE 802.1ad service VLAN tag, the outer tag of QinQ (0x88A8).</summary>
    public const ushort ServiceVlan = 0x88A8;

    /// <summary>The pre-standard QinQ outer tag some switches still send (0x9100).</summary>
    public const ushort LegacyQinQ = 0x9100;
}
