using SynAck.Runtime;

namespace SynAck.Links;

/// <summary>
/// A network interface that moves whole IP packets (IPv4 or IPv6, no link-layer header) to and
/// from a peer. It knows nothing of TCP. Capture, fault injection and the like are decorators
/// that wrap any link (DESIGN.md rule 7).
/// </summary>
/// <remarks>
/// A stack calls <see cref="Attach"/> once, with its receiver and its event loop, before it
/// sends. From then on the link calls <see cref="ILinkReceiver.OnPacketReceived"/> only on that
/// loop, and <see cref="Send"/> is called only on that loop, so neither side needs locks.
/// </remarks>
public interface ILink : IAsyncDisposable
{
    /// <summary>The link's name (an interface or endpoint name), for logs and diagrams.</summary>
    string Name { get; }

    /// <summary>The largest IP packet, in bytes, that <see cref="Send"/> carries.</summary>
    int Mtu { get; }

    /// <summary>
    /// Connects the link to a stack: received packets go to <paramref name="receiver"/>, called
    /// on <paramref name="loop"/>. Call once, before <see cref="Send"/>.
    /// </summary>
    /// <param name="receiver">Who gets received packets.</param>
    /// <param name="loop">The loop on which the receiver is called and from which the link is sent on.</param>
    /// <exception cref="InvalidOperationException">The link is already attached.</exception>
    void Attach(ILinkReceiver receiver, EventLoop loop);

    /// <summary>
    /// Sends one IP packet. The link copies what it keeps, so the caller may reuse the buffer as
    /// soon as this returns. A packet the link cannot carry (too big, queue full, lost) is
    /// dropped and counted, never thrown. Call on the attached loop.
    /// </summary>
    /// <param name="ipPacket">The packet, starting at its IP header.</param>
    /// <exception cref="InvalidOperationException">The link is not attached.</exception>
    /// <exception cref="ObjectDisposedException">The link is disposed.</exception>
    void Send(ReadOnlySpan<byte> ipPacket);
}
