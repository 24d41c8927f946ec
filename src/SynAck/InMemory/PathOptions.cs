using SynAck.Links;

namespace SynAck.InMemory;

/// <summary>
/// How one direction of an in-memory link behaves: propagation delay, bandwidth with a bounded
/// queue, MTU, and random faults. The defaults give an ideal 1500-byte path: no delay, no
/// bandwidth limit, no faults.
/// </summary>
public sealed record PathOptions
{
    /// <summary>Options for an ideal path with a 1500-byte MTU.</summary>
    public static PathOptions Ideal { get; } = new();

    /// <summary>The propagation delay added to every packet. Default zero.</summary>
    public TimeSpan Latency
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            field = value;
        }
    }

    /// <summary>
    /// The bandwidth in bits per second: a packet of N bytes occupies the path for
    /// 8N/<c>BitsPerSecond</c> seconds (rounded up to 100 ns), and packets wait their turn.
    /// Default 0: unlimited, no serialisation delay, no queue.
    /// </summary>
    public long BitsPerSecond
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    }

    /// <summary>
    /// With a bandwidth limit, how many packets may be in transmission or waiting for it; a
    /// packet that finds the queue full is dropped (tail drop) and counted. Default 1000.
    /// </summary>
    public int QueueLimit
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 1000;

    /// <summary>
    /// The largest packet the path carries, in bytes; larger ones are dropped and counted. It is
    /// also the <see cref="ILink.Mtu"/> of the sending endpoint. Default 1500; from 68 to 65535.
    /// </summary>
    public int Mtu
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 68);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 65535);
            field = value;
        }
    } = 1500;

    /// <summary>Random loss, duplication, reordering and corruption. Default none.</summary>
    public FaultOptions Faults
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            field = value;
        }
    } = FaultOptions.None;
}
