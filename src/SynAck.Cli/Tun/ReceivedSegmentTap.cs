using SynAck.Diagnostics;
using SynAck.Links;
using SynAck.Runtime;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Cli.Tun;

/// <summary>
/// A link decorator that reports each TCP segment the stack receives as a
/// <see cref="SegmentTrace"/>. A stack traces the segments it sends; with a peer that is not a
/// SynAck stack (the kernel behind a TUN device), this tap supplies the other direction, so the
/// event stream holds both sides of every connection in the order the loop saw them.
/// </summary>
/// <param name="inner">The link to wrap; the tap owns it.</param>
/// <param name="observer">Who gets the received segments (called on the loop).</param>
/// <param name="localName">The receiving endpoint's name in traces: the stack's name.</param>
internal sealed class ReceivedSegmentTap(ILink inner, ITraceObserver observer, string localName) : ILink
{
    private EventLoop? _loop;

    /// <inheritdoc/>
    public string Name => inner.Name;

    /// <inheritdoc/>
    public int Mtu => inner.Mtu;

    /// <inheritdoc/>
    public void Attach(ILinkReceiver receiver, EventLoop loop)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(loop);
        inner.Attach(new Inbound(this, receiver), loop);
        _loop = loop;
    }

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> ipPacket) => inner.Send(ipPacket);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private void Trace(ReadOnlySpan<byte> packet)
    {
        if (!IpPacketView.TryCreate(packet, out var ip, out _)
            || ip.Protocol != IpProtocol.Tcp
            || ip.IsFragment
            || !TcpSegmentView.TryCreate(ip.UpperLayerData, out var tcp, out _))
        {
            return;
        }

        var source = new IpEndpoint(ip.Source, tcp.SourcePort);
        var options = tcp.OptionsSpan.IsEmpty ? string.Empty : TcpFormatting.FormatOptions(tcp).Trim('[', ']');
        observer.OnSegment(new SegmentTrace(
            _loop!.Time.GetUtcNow(),
            source.ToString(),
            localName,
            source,
            new IpEndpoint(ip.Destination, tcp.DestinationPort),
            tcp.Flags,
            tcp.SequenceNumber,
            tcp.AcknowledgmentNumber,
            tcp.Payload.Length,
            tcp.Window,
            options));
    }

    private sealed class Inbound(ReceivedSegmentTap tap, ILinkReceiver receiver) : ILinkReceiver
    {
        public void OnPacketReceived(ReadOnlySpan<byte> ipPacket)
        {
            tap.Trace(ipPacket);
            receiver.OnPacketReceived(ipPacket);
        }
    }
}
