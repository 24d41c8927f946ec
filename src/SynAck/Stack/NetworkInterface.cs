using System.Globalization;
using SynAck.Links;
using SynAck.Wire.Ip;

namespace SynAck.Stack;

/// <summary>One link of a <see cref="NetworkStack"/> with the stack's addresses on it.</summary>
public sealed class NetworkInterface
{
    internal NetworkInterface(NetworkStack stack, ILink link, NetworkInterfaceOptions options)
    {
        Stack = stack;
        Link = link;
        Name = options.Name ?? link.Name;
        Addresses = [.. options.Addresses];
        DefaultRouteIPv4 = options.DefaultRouteIPv4;
        DefaultRouteIPv6 = options.DefaultRouteIPv6;
        TrustReceivedChecksums = options.TrustReceivedChecksums;
        Mtu = link.Mtu;
        Receiver = new PacketReceiver(this);
    }

    /// <summary>The stack the interface belongs to.</summary>
    public NetworkStack Stack { get; }

    /// <summary>The link that carries the interface's packets.</summary>
    public ILink Link { get; }

    /// <summary>The interface's name.</summary>
    public string Name { get; }

    /// <summary>The largest IP packet the link carries, as the link said when the interface was added.</summary>
    public int Mtu { get; }

    /// <summary>The stack's addresses on this interface.</summary>
    public IReadOnlyList<InterfaceAddress> Addresses { get; }

    /// <summary>Whether IPv4 destinations off every on-link prefix go out here.</summary>
    public bool DefaultRouteIPv4 { get; }

    /// <summary>Whether IPv6 destinations off every on-link prefix go out here.</summary>
    public bool DefaultRouteIPv6 { get; }

    /// <summary>Whether received TCP checksums are not verified.</summary>
    public bool TrustReceivedChecksums { get; }

    internal ILinkReceiver Receiver { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} (MTU {Mtu}; {string.Join(", ", Addresses)})");

    /// <summary>Whether this interface is a default route for the family of <paramref name="destination"/>.</summary>
    internal bool IsDefaultRouteFor(IpAddress destination) => destination.IsIPv6 ? DefaultRouteIPv6 : DefaultRouteIPv4;

    /// <summary>The first address of the family of <paramref name="destination"/>, if the interface has one.</summary>
    internal bool TryGetAddressOfFamily(IpAddress destination, out IpAddress address)
    {
        foreach (var candidate in Addresses)
        {
            if (candidate.Value.IsIPv6 == destination.IsIPv6)
            {
                address = candidate.Value;
                return true;
            }
        }

        address = default;
        return false;
    }

    private sealed class PacketReceiver(NetworkInterface owner) : ILinkReceiver
    {
        public void OnPacketReceived(ReadOnlySpan<byte> ipPacket) => owner.Stack.OnPacketReceived(owner, ipPacket);
    }
}
