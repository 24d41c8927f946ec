namespace SynAck.Wire.Ip;

/// <summary>
/// The result of walking an IPv6 packet's extension headers (RFC 8200 §4): where the upper-layer
/// data starts, what protocol it is, and the Fragment header's fields if there was one.
/// </summary>
/// <param name="UpperLayerProtocol">
/// The protocol of the data after the last extension header: TCP, UDP, ICMPv6, ESP,
/// <see cref="IpProtocol.NoNextHeader"/>, or any number the walk does not know as an extension header.
/// </param>
/// <param name="UpperLayerOffset">Where that data starts, counted from the start of the packet (at least 40).</param>
/// <param name="ExtensionHeaderCount">How many extension headers were passed.</param>
/// <param name="HasFragmentHeader">Whether a Fragment header was passed.</param>
/// <param name="Fragment">The fields of the (last) Fragment header passed; <c>default</c> without one.</param>
public readonly record struct Ipv6ExtensionChain(
    IpProtocol UpperLayerProtocol,
    int UpperLayerOffset,
    int ExtensionHeaderCount,
    bool HasFragmentHeader,
    IpFragmentInfo Fragment)
{
    /// <summary>
    /// Whether the upper-layer data is only a piece of the original packet. For a fragment other
    /// than the first the walk stops at the Fragment header, since what follows is not a header.
    /// </summary>
    public bool IsFragment => HasFragmentHeader && Fragment.IsFragment;
}
