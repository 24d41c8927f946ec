namespace SynAck.Wire.Capture;

/// <summary>What a link-layer frame carries, as far as SynAck cares.</summary>
public enum NetworkProtocol
{
    /// <summary>Anything but IP; <see cref="LinkPayload.EtherType"/> says what.</summary>
    Other,

    /// <summary>An IPv4 packet.</summary>
    Ipv4,

    /// <summary>An IPv6 packet.</summary>
    Ipv6,
}
