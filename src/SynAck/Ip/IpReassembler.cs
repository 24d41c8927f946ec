namespace SynAck.Ip;

/// <summary>
/// What <see cref="Ipv4Reassembler"/> and <see cref="Ipv6Reassembler"/> share: limits, state,
/// counters, expiry and disposal of their fragment table. Each family adds its own
/// <c>TryAdd</c>. Loop-owned: one thread calls it; it takes no locks.
/// </summary>
public abstract class IpReassembler : IDisposable
{
    private readonly IReassemblyTable _table;

    private protected IpReassembler(IReassemblyTable table) => _table = table;

    /// <summary>The longest packet this reassembler rebuilds, headers included.</summary>
    public int MaxPacketLength => _table.MaxPacketLength;

    /// <summary>How long a datagram may take to complete after its first fragment arrived.</summary>
    public TimeSpan Timeout => _table.Timeout;

    /// <summary>Datagrams in the table: being reassembled, or given up and waiting for their timeout.</summary>
    public int DatagramCount => _table.DatagramCount;

    /// <summary>Bytes of pooled buffers held for incomplete datagrams.</summary>
    public long BytesHeld => _table.BytesHeld;

    /// <summary>When <see cref="Expire"/> next has work to do; <c>null</c> when nothing is held.</summary>
    public TimeSpan? NextExpiry => _table.NextExpiry;

    /// <summary>What the reassembler did so far.</summary>
    public ReassemblyCounters Counters => _table.Counters;

    /// <summary>
    /// Gives up the datagrams whose timeout has come (counted as <see cref="FragmentDropReason.Timeout"/>).
    /// </summary>
    /// <param name="now">The caller's clock.</param>
    /// <returns>When the next datagram's timeout comes; <c>null</c> when nothing is held.</returns>
    /// <exception cref="ObjectDisposedException">The reassembler was disposed.</exception>
    public TimeSpan? Expire(TimeSpan now) => _table.Expire(now);

    /// <summary>Returns every buffer to the pool; the reassembler cannot be used after.</summary>
    public void Dispose() => _table.Dispose();
}
