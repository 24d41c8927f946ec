using SynAck.Links;
using SynAck.Runtime;

namespace SynAck.InMemory;

/// <summary>
/// One endpoint of a <see cref="PointToPointLink"/>: sends into its outgoing path and receives
/// from its incoming one. Received packets are handed to the receiver on the loop given to
/// <see cref="Attach"/>, never inline in the sender's call.
/// </summary>
public sealed class InMemoryLink : ILink
{
    private volatile Attachment? _attachment;
    private volatile bool _disposed;

    internal InMemoryLink(string name, InMemoryPath outgoing, InMemoryPath incoming)
    {
        Name = name;
        Outgoing = outgoing;
        Incoming = incoming;
        incoming.Destination = this;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The MTU of the outgoing path.</summary>
    public int Mtu => Outgoing.Options.Mtu;

    /// <summary>The path this endpoint sends into.</summary>
    public InMemoryPath Outgoing { get; }

    /// <summary>The path this endpoint receives from.</summary>
    public InMemoryPath Incoming { get; }

    internal Attachment? Attached => _attachment;

    /// <inheritdoc/>
    public void Attach(ILinkReceiver receiver, EventLoop loop)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(loop);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.CompareExchange(ref _attachment, new Attachment(receiver, loop), null) is not null)
        {
            throw new InvalidOperationException($"The link '{Name}' is already attached.");
        }
    }

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> ipPacket)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_attachment is null)
        {
            throw new InvalidOperationException($"The link '{Name}' is not attached.");
        }

        Outgoing.Send(ipPacket);
    }

    /// <summary>Detaches the endpoint: packets that arrive for it from now on are dropped and counted.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _attachment = null;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    internal sealed record Attachment(ILinkReceiver Receiver, EventLoop Loop);
}
