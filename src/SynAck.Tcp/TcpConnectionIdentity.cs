using System.Net;
using System.Net.Sockets;

namespace SynAck.Tcp;

/// <summary>
/// The 4-tuple that names a connection, seen from the local end. The control block needs the ports
/// for its headers, the address family for MSS defaults and the address bytes for its initial
/// sequence number (RFC 9293 §3.4.1).
/// </summary>
/// <param name="LocalAddress">The local IPv4 or IPv6 address.</param>
/// <param name="LocalPort">The local port.</param>
/// <param name="RemoteAddress">The remote address, of the same family as <paramref name="LocalAddress"/>.</param>
/// <param name="RemotePort">The remote port.</param>
public readonly record struct TcpConnectionIdentity(IPAddress LocalAddress, ushort LocalPort, IPAddress RemoteAddress, ushort RemotePort)
{
    /// <summary>Whether the connection runs over IPv6.</summary>
    public bool IsIPv6 => LocalAddress?.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>The size of the IP header without options for this family: 20 for IPv4, 40 for IPv6.</summary>
    public int IPHeaderLength => IsIPv6 ? 40 : 20;

    /// <summary>Throws when the identity cannot name a connection.</summary>
    /// <exception cref="ArgumentException">An address is missing, the families differ, or a family is neither IPv4 nor IPv6.</exception>
    public void Validate()
    {
        if (LocalAddress is null || RemoteAddress is null)
        {
            throw new ArgumentException("Both addresses are required.", nameof(LocalAddress));
        }

        if (LocalAddress.AddressFamily != RemoteAddress.AddressFamily)
        {
            throw new ArgumentException("The local and remote addresses must be of the same family.", nameof(RemoteAddress));
        }

        if (LocalAddress.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException("Only IPv4 and IPv6 addresses are supported.", nameof(LocalAddress));
        }
    }
}
