using System.Threading.Channels;
using SynAck.Links;
using SynAck.Runtime;

namespace SynAck.Interop.Tests.Links.Tun;

/// <summary>Collects what a link delivers, noting whether each packet came on the attached loop.</summary>
internal sealed class PacketInbox(EventLoop loop) : ILinkReceiver
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private readonly Channel<byte[]> _packets = Channel.CreateUnbounded<byte[]>();
    private int _offLoop;
    private int _count;

    /// <summary>How many packets were delivered off the attached loop (must stay 0).</summary>
    public int DeliveredOffLoop => Volatile.Read(ref _offLoop);

    /// <summary>How many packets were delivered.</summary>
    public int Count => Volatile.Read(ref _count);

    public void OnPacketReceived(ReadOnlySpan<byte> ipPacket)
    {
        if (!loop.IsCurrentThread)
        {
            Interlocked.Increment(ref _offLoop);
        }

        Interlocked.Increment(ref _count);
        _packets.Writer.TryWrite(ipPacket.ToArray());
    }

    /// <summary>The next delivered packet that <paramref name="match"/> accepts, skipping others.</summary>
    public async Task<T> WaitForAsync<T>(Func<byte[], T?> match)
        where T : class
    {
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            while (true)
            {
                var packet = await _packets.Reader.ReadAsync(guard.Token);
                if (match(packet) is { } found)
                {
                    return found;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No matching packet arrived within {HangGuard.TotalSeconds} s.");
        }
    }
}
