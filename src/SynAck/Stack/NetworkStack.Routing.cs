using SynAck.Wire.Ip;

namespace SynAck.Stack;

// Routing (on-link prefixes, a default route per family) and local port selection.
public sealed partial class NetworkStack
{
    /// <summary>
    /// The interface and source address for <paramref name="destination"/>: the longest on-link
    /// prefix that holds it, else an interface that is a default route for its family.
    /// </summary>
    private bool TryRoute(IpAddress destination, out NetworkInterface networkInterface, out IpAddress source)
    {
        NetworkInterface? best = null;
        var bestLength = -1;
        source = default;
        foreach (var candidate in _interfaces)
        {
            foreach (var address in candidate.Addresses)
            {
                if (address.PrefixLength > bestLength && address.Contains(destination))
                {
                    best = candidate;
                    bestLength = address.PrefixLength;
                    source = address.Value;
                }
            }
        }

        if (best is null)
        {
            foreach (var candidate in _interfaces)
            {
                if (candidate.IsDefaultRouteFor(destination) && candidate.TryGetAddressOfFamily(destination, out source))
                {
                    best = candidate;
                    break;
                }
            }
        }

        networkInterface = best!;
        return best is not null;
    }

    /// <summary>An ephemeral port that makes a free 4-tuple with <paramref name="remote"/> (RFC 6056 §3.3.3).</summary>
    private bool TryPickEphemeralPort(IpAddress localAddress, IpEndpoint remote, out ushort port)
    {
        var offset = _ephemeralPorts.Offset(localAddress, remote.Address, remote.Port);
        for (var attempt = 0; attempt < EphemeralPorts.Count; attempt++)
        {
            port = _ephemeralPorts.Next(offset);
            if (!_connections.ContainsKey(new ConnectionKey(localAddress, port, remote.Address, remote.Port)) && !IsListening(localAddress, port))
            {
                return true;
            }
        }

        port = 0;
        return false;
    }

    /// <summary>An ephemeral port nothing listens on, for a listener asked to take port 0.</summary>
    private bool TryPickListenerPort(IpAddress address, out ushort port)
    {
        var offset = _ephemeralPorts.Offset(address, address, 0);
        for (var attempt = 0; attempt < EphemeralPorts.Count; attempt++)
        {
            port = _ephemeralPorts.Next(offset);
            if (!IsListenerPortTaken(address, port))
            {
                return true;
            }
        }

        port = 0;
        return false;
    }

    /// <summary>Whether a SYN to <paramref name="address"/>:<paramref name="port"/> would find a listener.</summary>
    private bool IsListening(IpAddress address, ushort port) => TryFindListener(address, port, out _);

    /// <summary>
    /// Whether a new listener on the endpoint would clash with one that exists: the same endpoint,
    /// or a wildcard and a specific address of one family on one port (EADDRINUSE on Linux
    /// without SO_REUSEADDR tricks).
    /// </summary>
    private bool IsListenerPortTaken(IpAddress address, ushort port)
    {
        if (address.IsUnspecified)
        {
            foreach (var key in _listeners.Keys)
            {
                if (key.Port == port && key.Address.IsIPv6 == address.IsIPv6)
                {
                    return true;
                }
            }

            return false;
        }

        return IsListening(address, port);
    }
}
