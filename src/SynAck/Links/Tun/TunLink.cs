using System.Runtime.Versioning;
using SynAck.Interop;
using SynAck.Runtime;

namespace SynAck.Links.Tun;

/// <summary>
/// A link over a Linux TUN device (IFF_TUN | IFF_NO_PI): every read from the device is one IP
/// packet the kernel routed to it, and every packet written is one the kernel receives from it.
/// With the kernel side of the device given an address, the kernel's own TCP becomes SynAck's
/// peer.
/// </summary>
/// <remarks>
/// <para>
/// The descriptor is non-blocking. One reader thread per link waits in poll(2), reads every
/// packet that is ready into a recycled batch buffer, and posts the batch to the attached loop
/// as one work item, where the receiver sees each packet; so the receiver runs on the loop, a
/// busy link costs one post per batch rather than per packet, and nothing is allocated per
/// packet. <see cref="Send"/> writes straight to the device from the loop: a TUN write does not
/// block, it hands the packet to the kernel's input path.
/// </para>
/// <para>
/// The device is the kernel's to configure: give it addresses and bring it up with
/// <c>ip addr add 192.0.2.1/24 dev NAME</c> and <c>ip link set NAME up</c>. A device made by this
/// link lives as long as the link; disposing the link stops the reader, closes the descriptor,
/// and so removes the device (a persistent one stays).
/// </para>
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed partial class TunLink : ILink
{
    private readonly FileDescriptorHandle _device;
    private long _packetsSent;
    private long _bytesSent;
    private long _sendErrors;
    private EventLoop? _loop;
    private int _disposed;

    private TunLink(FileDescriptorHandle device, FileDescriptorHandle wake, string name, int mtu, TunLinkOptions options)
    {
        _device = device;
        _wake = wake;
        Name = name;
        Mtu = mtu;
        NetworkNamespace = options.NetworkNamespace;
        for (var i = 0; i < options.ReceiveBatchCount; i++)
        {
            _freeBatches.Push(new TunReceiveBatch(this));
        }
    }

    /// <summary>The interface name, as the kernel gave it (with any <c>%d</c> filled in).</summary>
    public string Name { get; }

    /// <summary>The device's MTU when the link opened: the largest packet the kernel sends it.</summary>
    public int Mtu { get; }

    /// <summary>The named network namespace the device was created in, or null for the caller's.</summary>
    public string? NetworkNamespace { get; }

    /// <summary>What the link moved so far. Safe from any thread.</summary>
    public TunLinkCounters Counters => new(
        Interlocked.Read(ref _packetsReceived),
        Interlocked.Read(ref _bytesReceived),
        Interlocked.Read(ref _packetsSent),
        Interlocked.Read(ref _bytesSent),
        Interlocked.Read(ref _receiveErrors),
        Interlocked.Read(ref _sendErrors));

    /// <summary>
    /// Why the reader stopped before the link was disposed (the device was removed, the loop was
    /// disposed...), or null while it runs or after a normal shutdown.
    /// </summary>
    public Exception? ReceiveFault => Volatile.Read(ref _receiveFault);

    /// <summary>
    /// Completes when the reader has stopped: after <see cref="DisposeAsync"/>, or earlier when
    /// the device failed (see <see cref="ReceiveFault"/>). Never faults.
    /// </summary>
    public Task ReceiveStopped => _readerExited.Task;

    /// <summary>Opens (creating if needed) a TUN device and wraps it in a link.</summary>
    /// <param name="options">The device name, MTU and namespace; null for the defaults.</param>
    /// <returns>The link, not yet attached.</returns>
    /// <exception cref="ArgumentException">An option is out of range or the name is not a valid interface name.</exception>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    /// <exception cref="FileNotFoundException">/dev/net/tun or the namespace does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The process lacks CAP_NET_ADMIN (or CAP_SYS_ADMIN for a namespace).</exception>
    /// <exception cref="IOException">The kernel refused the device or the MTU.</exception>
    public static TunLink Open(TunLinkOptions? options = null)
    {
        options ??= new TunLinkOptions();
        options.Validate();
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("TUN links need Linux.");
        }

        var (device, name, mtu) = options.NetworkNamespace is { } netns
            ? Tun.NetworkNamespace.Run(netns, () => TunDevice.Open(options.InterfaceName, options.Mtu))
            : TunDevice.Open(options.InterfaceName, options.Mtu);
        var wake = Libc.EventFd(0, Libc.ONonBlock | Libc.OCloExec);
        if (wake.IsInvalid)
        {
            var errno = Errno.Last;
            wake.Dispose();
            device.Dispose();
            throw Errno.ToException(errno, "Creating an eventfd for the TUN reader");
        }

        return new TunLink(device, wake, name, mtu, options);
    }

    /// <inheritdoc/>
    /// <remarks>Starts the reader thread; packets that arrived before wait in the kernel's queue.</remarks>
    public void Attach(ILinkReceiver receiver, EventLoop loop)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(loop);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _loop, loop, null) is not null)
        {
            throw new InvalidOperationException($"The link '{Name}' is already attached.");
        }

        _receiver = receiver;
        StartReader();
    }

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> ipPacket)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_loop is null)
        {
            throw new InvalidOperationException($"The link '{Name}' is not attached.");
        }

        while (true)
        {
            var written = Libc.Write(_device, ipPacket);
            if (written == ipPacket.Length && written > 0)
            {
                Interlocked.Increment(ref _packetsSent);
                Interlocked.Add(ref _bytesSent, written);
                return;
            }

            if (written < 0 && Errno.Last == Errno.EINTR)
            {
                continue;
            }

            // An empty or malformed packet (EINVAL), the device down (EIO), no memory (ENOBUFS):
            // the packet is lost like any other on a real wire.
            Interlocked.Increment(ref _sendErrors);
            return;
        }
    }

    /// <summary>
    /// Stops the reader, waits for it to leave, and closes the device. Batches already posted to
    /// the loop are not delivered. Safe to call more than once and from any thread.
    /// </summary>
    /// <returns>A task that completes when the descriptor is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        StopReader();
        // Not on the captured context: the loop may already be gone, and the reader leaves
        // without help from it (poll wakes on the eventfd, a batch wait on the pulse).
        await _readerExited.Task.ConfigureAwait(false);
        _wake.Dispose();
        _device.Dispose();
    }
}
