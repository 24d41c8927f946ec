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
/// <see cref="WriteErrors"/> and never stops the traffic.
/// </remarks>
public sealed class PcapTapLink : ILink
{
    private readonly ILink _inner;
    private readonly PcapWriter _writer;
    private readonly bool _ownsWriter;
    private ILinkReceiver? _receiver;
    private EventLoop? _loop;
    private long _packetsWritten;
    private long _writeErrors;
    private bool _disposed;

    /// <summary>Wraps a link with a capture tap.</summary>
    /// <param name="inner">The link to wrap; the tap owns it and disposes it.</param>
    /// <param name="writer">Where packets are written.</param>
    /// <param name="ownsWriter">Whether disposing the tap disposes the writer too.</param>
    public PcapTapLink(ILink inner, PcapWriter writer, bool ownsWriter = true)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(writer);
        _inner = inner;
        _writer = writer;
        _ownsWriter = ownsWriter;
    }

    /// <summary>The wrapped link.</summary>
    public ILink Inner => _inner;

    /// <inheritdoc/>
    public string Name => _inner.Name;

    /// <inheritdoc/>
    public int Mtu => _inner.Mtu;

    /// <summary>How many packets were written.</summary>
    public long PacketsWritten => Volatile.Read(ref _packetsWritten);

    /// <summary>How many packets could not be written because the writer failed.</summary>
    public long WriteErrors => Volatile.Read(ref _writeErrors);

    /// <inheritdoc/>
    public void Attach(ILinkReceiver receiver, EventLoop loop)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(loop);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_loop is not null)
        {
            throw new InvalidOperationException($"The link '{Name}' is already attached.");
        }

        _loop = loop;
        _receiver = receiver;
        _inner.Attach(new InboundTap(this), loop);
    }

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> ipPacket)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_loop is null)
        {
            throw new InvalidOperationException($"The link '{Name}' is not attached.");
        }

        Write(ipPacket);
        _inner.Send(ipPacket);
    }

    /// <summary>Disposes the wrapped link, then flushes the writer (and disposes it when owned).</summary>
    /// <returns>A task that completes when the link is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _inner.DisposeAsync();
        if (_loop is null || _loop.IsCurrentThread || _loop.IsDisposed)
        {
            CloseWriter();
            return;
        }

        try
        {
            await _loop.InvokeAsync(CloseWriter);
        }
        catch (ObjectDisposedException)
        {
            CloseWriter();
        }
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
            _writer.WritePacket(_loop!.Time.GetUtcNow(), packet);
            _packetsWritten++;
        }
        catch (IOException)
        {
            _writeErrors++;
        }
    }

    private void OnReceived(ReadOnlySpan<byte> packet)
    {
        if (_disposed)
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
