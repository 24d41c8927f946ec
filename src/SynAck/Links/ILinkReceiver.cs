namespace SynAck.Links;

/// <summary>What a link hands received packets to: the network stack, or a decorator.</summary>
public interface ILinkReceiver
{
    /// <summary>
    /// Called with each received IP packet, on the event loop given to
    /// <see cref="ILink.Attach"/>. The bytes are untrusted and the span is valid only during
    /// the call: copy what must be kept.
    /// </summary>
    /// <param name="ipPacket">The packet, starting at its IP header.</param>
    void OnPacketReceived(ReadOnlySpan<byte> ipPacket);
}
