using SynAck.Runtime;
using SynAck.Wire.Capture;

namespace SynAck.Links;

/// <summary>
/// A decorator that writes every packet passing through a link, in both directions, to a
/// <see cref="PcapWriter"/>, timestamped with the loop's clock (virtual time in a simulation).
/// The writer should use <see cref="LinkType.Raw"/>, since links carry bare IP packets.
/// </summary>
/// <remarks>
/// Packets are written on the attached loop, so the writer sees one thread. Packets sent are
/// written as they leave, before the wrapped link can drop them; packets received are written
/// before the stack sees them. A failing write (a full disk, say) is counted in
/// <see cref="WriteErrors"/> and never stops the traffic. Disposing disposes the wrapped link,
/// then flushes the writer (and disposes it when owned).
/// </remarks>
public sealed class PcapTapLink : LinkDecorator
{
    private readonly PcapWriter _writer;
    private readonly bool _ownsWriter;
    private ILinkReceiver? _receiver;
    private long _packetsWritten;
    private long _writeErrors;

    /// <summary>Wraps a link with a capture tap.</summary>
    /// <param name="inner">The link to wrap; the tap owns it and disposes it.</param>
    /// <param name="writer">Where packets are written.</param>
    /// <param name="ownsWriter">Whether disposing the tap disposes the writer too.</param>
    public PcapTapLink(ILink inner, PcapWriter writer, bool ownsWriter = true)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _ownsWriter = ownsWriter;
    }

    /// <summary>How many packets were written.</summary>
    public long PacketsWritten => Volatile.Read(ref _packetsWritten);

    /// <summary>How many packets could not be written because the writer failed.</summary>
    public long WriteErrors => Volatile.Read(ref _writeErrors);

    private protected override void AttachCore(ILinkReceiver receiver, EventLoop loop)
    {
        Loop = loop;
        _receiver = receiver;
        Inner.Attach(new InboundTap(this), loop);
    }

    private protected override void SendCore(ReadOnlySpan<byte> ipPacket)
    {
        Write(ipPacket);
        Inner.Send(ipPacket);
    }

    private protected override async ValueTask DisposeCoreAsync()
    {
        await Inner.DisposeAsync();
        await RunOnLoopAsync(CloseWriter);
    }

    private void CloseWriter()
    {
        try
        {
            if (_ownsWriter)
            {
                _writer.Dispose();
            }
            else
            {
                _writer.Flush();
            }
        }
        catch (IOException)
        {
            _writeErrors++;
        }
        catch (ObjectDisposedException)
        {
            // The caller disposed its own writer first; nothing is left to flush.
        }
    }

    private void Write(ReadOnlySpan<byte> packet)
    {
        try
        {
            _writer.WritePacket(Loop!.Time.GetUtcNow(), packet);
            _packetsWritten++;
        }
        catch (IOException)
        {
            _writeErrors++;
        }
    }

    private void OnReceived(ReadOnlySpan<byte> packet)
    {
        if (IsDisposed)
        {
            return;
        }

        Write(packet);
        _receiver!.OnPacketReceived(packet);
    }

    private sealed class InboundTap(PcapTapLink tap) : ILinkReceiver
    {
        public void OnPacketReceived(ReadOnlySpan<byte> ipPacket) => tap.OnReceived(ipPacket);
    }
}
