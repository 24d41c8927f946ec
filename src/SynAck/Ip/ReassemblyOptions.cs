using System.Buffers;

namespace SynAck.Ip;

/// <summary>
/// Limits of an <see cref="Ipv4Reassembler"/> or <see cref="Ipv6Reassembler"/>. The defaults
/// follow Linux where it has a setting for the same thing.
/// </summary>
public sealed class ReassemblyOptions
{
    /// <summary>
    /// The most bytes of buffers held for incomplete datagrams together. Default 4 MiB (Linux's
    /// ipfrag_high_thresh). A fragment that would go past it is dropped, and so is the datagram
    /// it belongs to if one was started.
    /// </summary>
    public long MaxBytesHeld { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// The most datagrams being reassembled at once (including ones already given up, which are
    /// remembered until their timeout so that their late fragments are dropped too). Default 1024.
    /// A fragment that would start one more is dropped.
    /// </summary>
    public int MaxDatagrams { get; init; } = 1024;

    /// <summary>
    /// The most fragments one datagram may arrive in. Default 128, enough for a 64 KiB datagram
    /// over links with an MTU of 576 bytes. A datagram that needs more is dropped.
    /// </summary>
    public int MaxFragmentsPerDatagram { get; init; } = 128;

    /// <summary>
    /// The longest reassembled packet accepted, headers included; <c>null</c> for the family's
    /// own limit: 65535 for IPv4 (the Total Length field), 40 + 65535 for IPv6 (the Payload
    /// Length field). A smaller value lowers that limit; a larger one has no effect.
    /// </summary>
    public int? MaxPacketLength { get; init; }

    /// <summary>
    /// How long after its first fragment a datagram may take to complete; <c>null</c> for the
    /// family's default: 30 s for IPv4 (Linux's ipfrag_time), 60 s for IPv6 (RFC 8200 §4.5 and
    /// Linux's ip6frag_time).
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Where datagram buffers come from; <c>null</c> for <see cref="ArrayPool{T}.Shared"/>.</summary>
    public ArrayPool<byte>? BufferPool { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBytesHeld, nameof(MaxBytesHeld));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDatagrams, nameof(MaxDatagrams));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFragmentsPerDatagram, nameof(MaxFragmentsPerDatagram));
        if (MaxPacketLength is { } length)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length, nameof(MaxPacketLength));
        }

        if (Timeout is { } timeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(Timeout));
        }
    }
}
