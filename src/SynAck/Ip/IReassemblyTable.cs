namespace SynAck.Ip;

/// <summary>
/// The family-independent face of <see cref="FragmentReassembler{TKey, TFamily}"/>, through which
/// <see cref="IpReassembler"/> serves the members that IPv4 and IPv6 share.
/// </summary>
internal interface IReassemblyTable : IDisposable
{
    /// <summary>The longest packet rebuilt, headers included.</summary>
    int MaxPacketLength { get; }

    /// <summary>How long a datagram may take to complete after its first fragment arrived.</summary>
    TimeSpan Timeout { get; }

    /// <summary>Datagrams in the table.</summary>
    int DatagramCount { get; }

    /// <summary>Bytes of pooled buffers held for incomplete datagrams.</summary>
    long BytesHeld { get; }

    /// <summary>When <see cref="Expire"/> next has work to do; <c>null</c> when nothing is held.</summary>
    TimeSpan? NextExpiry { get; }

    /// <summary>What the table did so far.</summary>
    ReassemblyCounters Counters { get; }

    /// <summary>Gives up the datagrams whose timeout has come.</summary>
    /// <param name="now">The caller's clock.</param>
    /// <returns>When the next datagram's timeout comes; <c>null</c> when nothing is held.</returns>
    TimeSpan? Expire(TimeSpan now);
}
