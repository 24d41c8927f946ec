using SynAck.Runtime;

namespace SynAck.Links;

/// <summary>
/// What the link decorators of this library share (DESIGN.md rule 7): the wrapped link, whose
/// name and MTU they show; the checks that a link is attached once and not used once disposed;
/// and disposing once, with work that must run on the attached loop.
/// </summary>
public abstract class LinkDecorator : ILink
{
    private protected LinkDecorator(ILink inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The wrapped link.</summary>
    public ILink Inner { get; }

    /// <inheritdoc/>
    public string Name => Inner.Name;

    /// <inheritdoc/>
    public int Mtu => Inner.Mtu;

    /// <summary>The loop the decorator is attached to; set by <see cref="AttachCore"/>.</summary>
    private protected EventLoop? Loop { get; set; }

    /// <summary>Whether <see cref="DisposeAsync"/> was called.</summary>
    private protected bool IsDisposed { get; private set; }

    /// <inheritdoc/>
    public void Attach(ILinkReceiver receiver, EventLoop loop)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(loop);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (Loop is not null)
        {
            throw new InvalidOperationException($"The link '{Name}' is already attached.");
        }

        AttachCore(receiver, loop);
    }

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> ipPacket)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (Loop is null)
        {
            throw new InvalidOperationException($"The link '{Name}' is not attached.");
        }

        SendCore(ipPacket);
    }

    /// <summary>Disposes the decorator and the wrapped link, once; later calls do nothing.</summary>
    /// <returns>A task that completes when the link is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (IsDisposed)
        {
            return;
        }

        IsDisposed = true;
        await DisposeCoreAsync();
    }

    /// <summary>Attaches the wrapped link (the arguments are checked) and sets <see cref="Loop"/>.</summary>
    private protected abstract void AttachCore(ILinkReceiver receiver, EventLoop loop);

    /// <summary>Sends a packet once the decorator is known to be attached and not disposed.</summary>
    private protected abstract void SendCore(ReadOnlySpan<byte> ipPacket);

    /// <summary>Disposes the decorator's own state and the wrapped link, in the order it needs.</summary>
    private protected abstract ValueTask DisposeCoreAsync();

    /// <summary>
    /// Runs <paramref name="action"/> on the attached loop, or on this thread when no loop runs
    /// it any more (none attached, already on it, or disposed).
    /// </summary>
    private protected async ValueTask RunOnLoopAsync(Action action)
    {
        var loop = Loop;
        if (loop is null || loop.IsCurrentThread || loop.IsDisposed)
        {
            action();
            return;
        }

        try
        {
            await loop.InvokeAsync(action);
        }
        catch (ObjectDisposedException)
        {
            action();
        }
    }
}
