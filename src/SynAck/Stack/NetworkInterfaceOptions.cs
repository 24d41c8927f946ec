namespace SynAck.Stack;

/// <summary>How a stack uses one link: its addresses, its routes and how far it trusts it.</summary>
public sealed class NetworkInterfaceOptions
{
    /// <summary>The interface's name in logs and diagnostics. Default: the link's name.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The stack's addresses on this interface, each with its on-link prefix (IPv4 and IPv6 may
    /// be mixed). At least one is required. Packets to any of the stack's addresses are accepted
    /// on any interface (the weak host model, as Linux).
    /// </summary>
    public IReadOnlyList<InterfaceAddress> Addresses { get; init; } = [];

    /// <summary>
    /// Whether IPv4 destinations outside every on-link prefix are sent on this interface (a
    /// default route). Default false: such destinations are unreachable.
    /// </summary>
    public bool DefaultRouteIPv4 { get; init; }

    /// <summary>Whether IPv6 destinations outside every on-link prefix are sent on this interface. Default false.</summary>
    public bool DefaultRouteIPv6 { get; init; }

    /// <summary>
    /// Whether the link is trusted not to corrupt packets, so the TCP checksum of received
    /// segments is not verified (checksum offload). Outgoing checksums are always computed.
    /// Default false. Set it only for an in-memory link without corruption.
    /// </summary>
    public bool TrustReceivedChecksums { get; init; }
}
