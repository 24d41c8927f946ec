using System.Buffers;
using SynAck.Wire.Ip;

namespace SynAck.Ip;

/// <summary>
/// One fragment as the family classes hand it to <see cref="FragmentReassembler{TKey, TFamily}"/>.
/// </summary>
/// <param name="Header">The bytes to keep from a first fragment (offset 0) to rebuild the packet's header.</param>
/// <param name="Data">The fragment's piece of the payload.</param>
/// <param name="Offset">Where <paramref name="Data"/> goes in the payload, in bytes.</param>
/// <param name="MoreFragments">The M flag: more fragments follow this one.</param>
/// <param name="MaxEnd">The furthest payload end a packet with this fragment's header may have.</param>
/// <param name="Ecn">The fragment's ECN codepoint.</param>
internal readonly ref struct Fragment(ReadOnlySpan<byte> Header, ReadOnlySpan<byte> Data, int Offset, bool MoreFragments, int MaxEnd, EcnCodepoint Ecn)
{
    public ReadOnlySpan<byte> Header { get; } = Header;

    public ReadOnlySpan<byte> Data { get; } = Data;

    public int Offset { get; } = Offset;

    public bool MoreFragments { get; } = MoreFragments;

    public int MaxEnd { get; } = MaxEnd;

    public EcnCodepoint Ecn { get; } = Ecn;
}

/// <summary>
/// The reassembly core shared by <see cref="Ipv4Reassembler"/> and <see cref="Ipv6Reassembler"/>
/// (RFC 791 §3.2, RFC 815, RFC 8200 §4.5): a table of datagrams keyed by
/// <typeparamref name="TKey"/>, each in a pooled buffer; limits on bytes, datagrams and fragments;
/// expiry in arrival order; every dropped fragment counted by reason. Loop-owned: not thread-safe.
/// </summary>
/// <remarks>
/// Each datagram keeps the ranges it received sorted by offset (where RFC 815 keeps the holes
/// between them), which finds overlaps as well as completion. Fragments may not overlap. An exact copy of a fragment already held is dropped and the
/// datagram goes on; any other overlap drops the datagram, and it is remembered (without a
/// buffer) until its timeout so that the rest of its fragments are dropped too: RFC 5722 for
/// IPv6, and IPv4 does the same, as Linux does since it stopped accepting overlaps.
/// </remarks>
internal sealed partial class FragmentReassembler<TKey, TFamily> : IReassemblyTable
    where TKey : struct, IEquatable<TKey>
    where TFamily : IFragmentFamily
{
    /// <summary>Room before the payload for the first fragment's header: an IPv4 header with options, or an IPv6 header with a Fragment header and a little more.</summary>
    private const int DefaultHeadroom = 64;

    private readonly Dictionary<TKey, PartialDatagram<TKey>> _datagrams = [];
    private readonly Stack<PartialDatagram<TKey>> _free = new();
    private readonly ArrayPool<byte> _pool;
    private readonly long _maxBytesHeld;
    private readonly int _maxDatagrams;
    private readonly int _maxFragments;
    private PartialDatagram<TKey>? _oldest;
    private PartialDatagram<TKey>? _newest;
    private byte[]? _output;
    private long _bytesHeld;
    private Counts _counts;
    private bool _disposed;

    public FragmentReassembler(ReassemblyOptions? options, int familyMaxPacketLength, TimeSpan defaultTimeout)
    {
        options ??= new ReassemblyOptions();
        options.Validate();
        _pool = options.BufferPool ?? ArrayPool<byte>.Shared;
        _maxBytesHeld = options.MaxBytesHeld;
        _maxDatagrams = options.MaxDatagrams;
        _maxFragments = options.MaxFragmentsPerDatagram;
        MaxPacketLength = Math.Min(options.MaxPacketLength ?? familyMaxPacketLength, familyMaxPacketLength);
        Timeout = options.Timeout ?? defaultTimeout;
    }

    public int MaxPacketLength { get; }

    public TimeSpan Timeout { get; }

    public int DatagramCount => _datagrams.Count;

    public long BytesHeld => _bytesHeld;

    public TimeSpan? NextExpiry => _oldest?.Deadline;

    public ReassemblyCounters Counters => _counts.Snapshot();

    public void CountAtomicFragment() => _counts.AtomicFragments++;

    public void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>
    /// Adds a fragment. Returns true when it completed its datagram: <paramref name="packet"/> is
    /// the rebuilt packet, valid until the next call on this reassembler.
    /// </summary>
    public bool Add(TKey key, scoped in Fragment fragment, TimeSpan now, out ReadOnlySpan<byte> packet)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        packet = default;
        var previousOutput = _output;
        _output = null;
        try
        {
            ExpireDue(now);
            _counts.FragmentsReceived++;
            return AddCore(key, fragment, now, out packet);
        }
        finally
        {
            // The last packet handed out stays valid until now: it may even be the fragment just added.
            Return(previousOutput);
        }
    }

    /// <summary>Gives up datagrams whose timeout has come; returns when the next one is due.</summary>
    public TimeSpan? Expire(TimeSpan now)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ExpireDue(now);
        Return(_output);
        _output = null;
        return NextExpiry;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var datagram in _datagrams.Values)
        {
            Return(datagram.Buffer);
            datagram.Buffer = null;
        }

        _datagrams.Clear();
        _oldest = _newest = null;
        _bytesHeld = 0;
        Return(_output);
        _output = null;
    }

    private bool AddCore(TKey key, scoped in Fragment fragment, TimeSpan now, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        var start = fragment.Offset;
        var end = start + fragment.Data.Length;

        // RFC 8200 §4.5: every fragment but the last carries a multiple of 8 bytes (RFC 791 §3.2
        // implies the same, offsets being in 8-byte units). An empty fragment carries nothing.
        if (fragment.Data.IsEmpty || (fragment.MoreFragments && (fragment.Data.Length & 7) != 0))
        {
            return Drop(FragmentDropReason.BadLength);
        }

        // RFC 8200 §4.5: a fragment that would make the packet too long is discarded.
        if (end > fragment.MaxEnd)
        {
            return Drop(FragmentDropReason.TooBig);
        }

        if (!_datagrams.TryGetValue(key, out var datagram))
        {
            return TryStart(key, fragment, start, now, out datagram) && Store(datagram, fragment, 0, start, end, out packet);
        }

        if (datagram.DiscardReason is { } reason)
        {
            return Drop(reason);
        }

        var lengthsAgree = fragment.MoreFragments
            ? datagram.TotalLength < 0 || end <= datagram.TotalLength
            : datagram.TotalLength < 0 ? end >= datagram.MaxEnd : end == datagram.TotalLength;
        if (!lengthsAgree)
        {
            return Discard(datagram, FragmentDropReason.BadLength);
        }

        var index = datagram.FindInsertIndex(start);
        if (index < datagram.RangeCount && datagram.Ranges[index] == new FragmentRange(start, end))
        {
            return Drop(FragmentDropReason.Duplicate);
        }

        if (datagram.Overlaps(index, start, end))
        {
            return Discard(datagram, FragmentDropReason.Overlap);
        }

        if (datagram.RangeCount == _maxFragments)
        {
            return Discard(datagram, FragmentDropReason.Limit);
        }

        var headerLength = start == 0 ? fragment.Header.Length : 0;
        if (!TryReserve(datagram, headerLength, end))
        {
            return Discard(datagram, FragmentDropReason.Limit);
        }

        return Store(datagram, fragment, index, start, end, out packet);
    }

    /// <summary>Starts a datagram with its first-arriving fragment, if the limits allow one more.</summary>
    private bool TryStart(TKey key, scoped in Fragment fragment, int start, TimeSpan now, out PartialDatagram<TKey> datagram)
    {
        datagram = null!;
        if (_datagrams.Count >= _maxDatagrams)
        {
            return Drop(FragmentDropReason.Limit);
        }

        var headroom = Math.Max(DefaultHeadroom, start == 0 ? fragment.Header.Length : 0);
        var buffer = _pool.Rent(headroom + start + fragment.Data.Length);
        if (_bytesHeld + buffer.Length > _maxBytesHeld)
        {
            _pool.Return(buffer);
            return Drop(FragmentDropReason.Limit);
        }

        datagram = _free.Count > 0 ? _free.Pop() : new PartialDatagram<TKey>();
        datagram.Reset(key, now + Timeout);
        datagram.Buffer = buffer;
        datagram.Headroom = headroom;
        _bytesHeld += buffer.Length;
        _datagrams.Add(key, datagram);
        Append(datagram);
        return true;
    }

    /// <summary>Copies the fragment in, and rebuilds the packet if it was the last piece missing.</summary>
    private bool Store(PartialDatagram<TKey> datagram, scoped in Fragment fragment, int index, int start, int end, out ReadOnlySpan<byte> packet)
    {
        var buffer = datagram.Buffer!;
        fragment.Data.CopyTo(buffer.AsSpan(datagram.Headroom + start));
        if (start == 0)
        {
            fragment.Header.CopyTo(buffer.AsSpan(datagram.Headroom - fragment.Header.Length));
            datagram.HeaderLength = fragment.Header.Length;
        }

        datagram.InsertRange(index, new FragmentRange(start, end));
        datagram.ReceivedBytes += end - start;
        datagram.MaxEnd = Math.Max(datagram.MaxEnd, end);
        datagram.NoteEcn(fragment.Ecn);
        if (!fragment.MoreFragments)
        {
            datagram.TotalLength = end;
        }

        _counts.FragmentsHeld++;
        packet = default;
        return datagram.IsComplete && TryComplete(datagram, out packet);
    }

    private bool TryComplete(PartialDatagram<TKey> datagram, out ReadOnlySpan<byte> packet)
    {
        packet = default;

        // RFC 3168 §5.3: Not-ECT mixed with ECN-capable codepoints is invalid; CE in any fragment
        // marks the whole packet.
        const int notEct = 1 << (int)EcnCodepoint.NotEct;
        if ((datagram.EcnSeen & notEct) != 0 && datagram.EcnSeen != notEct)
        {
            return Discard(datagram, FragmentDropReason.EcnMismatch, countCurrent: false);
        }

        var setCe = (datagram.EcnSeen & (1 << (int)EcnCodepoint.Ce)) != 0;
        var buffer = datagram.Buffer!;
        var headerStart = datagram.Headroom - datagram.HeaderLength;
        if (!TFamily.TryFinishHeader(buffer.AsSpan(headerStart, datagram.HeaderLength), datagram.TotalLength, MaxPacketLength, setCe, out var packetStart))
        {
            return Discard(datagram, FragmentDropReason.TooBig, countCurrent: false);
        }

        var fragments = datagram.RangeCount;
        var length = datagram.HeaderLength - packetStart + datagram.TotalLength;
        datagram.Buffer = null;
        _bytesHeld -= buffer.Length;
        Remove(datagram);
        _counts.FragmentsHeld -= fragments;
        _counts.FragmentsReassembled += fragments;
        _counts.PacketsReassembled++;
        _output = buffer;
        packet = buffer.AsSpan(headerStart + packetStart, length);
        return true;
    }

    /// <summary>
    /// Makes room in the datagram's buffer for a header of <paramref name="headerLength"/> bytes
    /// before the payload and for payload up to <paramref name="end"/>, within the byte limit.
    /// </summary>
    private bool TryReserve(PartialDatagram<TKey> datagram, int headerLength, int end)
    {
        var old = datagram.Buffer!;
        var headroom = Math.Max(datagram.Headroom, headerLength);
        var payloadEnd = Math.Max(end, datagram.MaxEnd);
        if (headroom == datagram.Headroom && headroom + payloadEnd <= old.Length)
        {
            return true;
        }

        var buffer = _pool.Rent(headroom + payloadEnd);
        if (_bytesHeld - old.Length + buffer.Length > _maxBytesHeld)
        {
            _pool.Return(buffer);
            return false;
        }

        var keep = datagram.HeaderLength + datagram.MaxEnd;
        old.AsSpan(datagram.Headroom - datagram.HeaderLength, keep).CopyTo(buffer.AsSpan(headroom - datagram.HeaderLength));
        _pool.Return(old);
        _bytesHeld += buffer.Length - old.Length;
        datagram.Buffer = buffer;
        datagram.Headroom = headroom;
        return true;
    }

    private bool Drop(FragmentDropReason reason)
    {
        _counts.AddDropped(reason, 1);
        return false;
    }

    /// <summary>
    /// Gives up a datagram: its held fragments (and the current one, unless it was already
    /// stored) are dropped for <paramref name="reason"/>, its buffer goes back to the pool, and it
    /// stays in the table as a marker until its timeout.
    /// </summary>
    private bool Discard(PartialDatagram<TKey> datagram, FragmentDropReason reason, bool countCurrent = true)
    {
        _counts.FragmentsHeld -= datagram.RangeCount;
        _counts.AddDropped(reason, datagram.RangeCount + (countCurrent ? 1 : 0));
        _counts.DatagramsDiscarded++;
        ReleaseBuffer(datagram);
        datagram.ClearRanges();
        datagram.DiscardReason = reason;
        return false;
    }

    private void ReleaseBuffer(PartialDatagram<TKey> datagram)
    {
        if (datagram.Buffer is { } buffer)
        {
            _bytesHeld -= buffer.Length;
            _pool.Return(buffer);
            datagram.Buffer = null;
        }
    }

    private void Return(byte[]? buffer)
    {
        if (buffer is not null)
        {
            _pool.Return(buffer);
        }
    }
}
