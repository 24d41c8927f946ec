namespace SynAck.Wire.Tcp;

/// <summary>
/// Up to <see cref="Capacity"/> SACK blocks held inline, so a header record never allocates.
/// Four is the most a 40-byte option space holds (RFC 2018 §3); with timestamps it is three.
/// </summary>
public readonly struct SackBlockList : IEquatable<SackBlockList>
{
    /// <summary>The most blocks one SACK option can carry.</summary>
    public const int Capacity = 4;

    private readonly SackBlock _block0, _block1, _block2, _block3;

    private SackBlockList(int count, SackBlock block0, SackBlock block1, SackBlock block2, SackBlock block3)
    {
        Count = count;
        _block0 = block0;
        _block1 = block1;
        _block2 = block2;
        _block3 = block3;
    }

    /// <summary>Creates a list holding <paramref name="blocks"/> in order.</summary>
    /// <exception cref="ArgumentException">More than <see cref="Capacity"/> blocks were given.</exception>
    public SackBlockList(ReadOnlySpan<SackBlock> blocks)
    {
        if (blocks.Length > Capacity)
        {
            throw new ArgumentException($"A SACK option holds at most {Capacity} blocks.", nameof(blocks));
        }

        Count = blocks.Length;
        _block0 = blocks.Length > 0 ? blocks[0] : default;
        _block1 = blocks.Length > 1 ? blocks[1] : default;
        _block2 = blocks.Length > 2 ? blocks[2] : default;
        _block3 = blocks.Length > 3 ? blocks[3] : default;
    }

    /// <summary>The number of blocks (0 when the segment carries no SACK option).</summary>
    public int Count { get; }

    /// <summary>Whether the list holds no blocks.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The block at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="Count"/>.</exception>
    public SackBlock this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return index switch
            {
                0 => _block0,
                1 => _block1,
                2 => _block2,
                _ => _block3,
            };
        }
    }

    /// <summary>A copy of this list with <paramref name="block"/> appended.</summary>
    /// <exception cref="InvalidOperationException">The list is full.</exception>
    public SackBlockList Add(SackBlock block) => Count switch
    {
        0 => new SackBlockList(1, block, default, default, default),
        1 => new SackBlockList(2, _block0, block, default, default),
        2 => new SackBlockList(3, _block0, _block1, block, default),
        3 => new SackBlockList(4, _block0, _block1, _block2, block),
        _ => throw new InvalidOperationException($"A SACK option holds at most {Capacity} blocks."),
    };

    /// <inheritdoc/>
    public bool Equals(SackBlockList other)
    {
        if (Count != other.Count)
        {
            return false;
        }

        for (var i = 0; i < Count; i++)
        {
            if (this[i] != other[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SackBlockList other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Count);
        for (var i = 0; i < Count; i++)
        {
            hash.Add(this[i]);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var parts = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            parts[i] = $"{this[i].Left}:{this[i].Right}";
        }

        return "[" + string.Join(' ', parts) + "]";
    }

    /// <summary>Whether two lists hold the same blocks in the same order.</summary>
    public static bool operator ==(SackBlockList left, SackBlockList right) => left.Equals(right);

    /// <summary>Whether two lists differ.</summary>
    public static bool operator !=(SackBlockList left, SackBlockList right) => !left.Equals(right);
}
