namespace SynAck.Links.Tun;

/// <summary>
/// A reusable buffer of packets read in one go from a TUN device and delivered to the loop as one
/// work item. Allocated when the link opens and recycled, so reading costs no allocation.
/// </summary>
internal sealed class TunReceiveBatch
{
    /// <summary>The room kept free for each read: the largest IP packet, whatever the MTU.</summary>
    public const int ReadSize = TunLinkOptions.MaxMtu;

    private const int Capacity = 128 * 1024;
    private const int MaxPackets = 256;

    private readonly byte[] _buffer = new byte[Capacity];
    private readonly int[] _ends = new int[MaxPackets];
    private int _used;

    public TunReceiveBatch(TunLink owner) => Owner = owner;

    /// <summary>The link that reads into this batch and takes it back after delivery.</summary>
    public TunLink Owner { get; }

    /// <summary>How many packets the batch holds.</summary>
    public int Count { get; private set; }

    /// <summary>Whether another read might not fit.</summary>
    public bool IsFull => Capacity - _used < ReadSize || Count == MaxPackets;

    /// <summary>Where the next read goes: <see cref="ReadSize"/> bytes.</summary>
    public Span<byte> ReadSpace => _buffer.AsSpan(_used, ReadSize);

    /// <summary>The packet at <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            var start = index == 0 ? 0 : _ends[index - 1];
            return _buffer.AsSpan(start, _ends[index] - start);
        }
    }

    /// <summary>Keeps the <paramref name="length"/> bytes just read into <see cref="ReadSpace"/>.</summary>
    public void Commit(int length)
    {
        _used += length;
        _ends[Count++] = _used;
    }

    /// <summary>Empties the batch for reuse.</summary>
    public void Clear()
    {
        _used = 0;
        Count = 0;
    }
}
