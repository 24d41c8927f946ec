using System.Buffers;

namespace SynAck.Tcp.Buffers;

/// <summary>
/// The bytes of one connection's send side, from SND.UNA to the end of what the application has
/// queued: a ring buffer whose first byte is always the oldest unacknowledged one.
/// </summary>
/// <remarks>
/// <para>
/// Offsets given to <see cref="Peek"/> and <see cref="CopyTo"/> are relative to SND.UNA, so the
/// segment that starts at <c>SND.UNA + offset</c> is built from the bytes at <c>offset</c>. The
/// buffer keeps no sequence numbers itself: the caller tracks SND.UNA and SND.NXT and calls
/// <see cref="Consume"/> when an ACK moves SND.UNA forward.
/// </para>
/// <para>
/// Storage is rented from an <see cref="ArrayPool{T}"/> the first time bytes are written and
/// returned by <see cref="Release"/>, so an idle connection holds no buffer. The rented array may
/// be larger than <see cref="Capacity"/>; only <see cref="Capacity"/> bytes are ever queued.
/// Not thread-safe, like the rest of the core.
/// </para>
/// </remarks>
public sealed class SendBuffer
{
    private readonly ArrayPool<byte> _pool;
    private byte[]? _storage;
    private int _head;
    private int _capacity;

    /// <summary>Creates an empty send buffer; no storage is rented until the first write.</summary>
    /// <param name="capacity">The most bytes the buffer queues (SO_SNDBUF); at least 1.</param>
    /// <param name="pool">Where storage comes from; <see cref="ArrayPool{T}.Shared"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 1.</exception>
    public SendBuffer(int capacity, ArrayPool<byte>? pool = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _pool = pool ?? ArrayPool<byte>.Shared;
    }

    /// <summary>
    /// The most bytes the buffer queues (SO_SNDBUF). Setting it keeps the queued bytes: an empty
    /// buffer just drops its storage (rented again at the new size when needed), a non-empty one
    /// moves its bytes into storage of the new size when the current array is too small.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or below <see cref="Count"/>.</exception>
    public int Capacity
    {
        get => _capacity;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(value, Count);
            if (Count == 0)
            {
                ReturnStorage();
            }
            else if (value > _storage!.Length)
            {
                var larger = _pool.Rent(value);
                CopyTo(0, larger.AsSpan(0, Count));
                ReturnStorage();
                _storage = larger;
            }

            _capacity = value;
        }
    }

    /// <summary>The bytes queued: sent but unacknowledged plus not yet sent.</summary>
    public int Count { get; private set; }

    /// <summary>How many more bytes <see cref="Write"/> would accept now.</summary>
    public int Free => _capacity - Count;

    /// <summary>Whether storage is currently rented from the pool.</summary>
    public bool HasStorage => _storage is not null;

    /// <summary>Queues as many bytes of <paramref name="data"/> as fit and returns how many that was.</summary>
    public int Write(ReadOnlySpan<byte> data)
    {
        var accepted = Math.Min(data.Length, Free);
        if (accepted == 0)
        {
            return 0;
        }

        var storage = _storage ??= _pool.Rent(_capacity);
        var tail = (_head + Count) % storage.Length;
        var firstPart = Math.Min(accepted, storage.Length - tail);
        data[..firstPart].CopyTo(storage.AsSpan(tail));
        data[firstPart..accepted].CopyTo(storage);
        Count += accepted;
        return accepted;
    }

    /// <summary>
    /// Gives the <paramref name="length"/> bytes that start <paramref name="offset"/> bytes after
    /// SND.UNA without copying them: <paramref name="first"/> then <paramref name="second"/>
    /// (empty unless the range wraps around the end of the ring).
    /// </summary>
    /// <remarks>The spans stay valid until the next call that changes the buffer.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside <c>[0, Count)</c>.</exception>
    public void Peek(int offset, int length, out ReadOnlySpan<byte> first, out ReadOnlySpan<byte> second)
    {
        CheckRange(offset, length);
        if (length == 0)
        {
            first = default;
            second = default;
            return;
        }

        var storage = _storage!;
        var start = (_head + offset) % storage.Length;
        var firstLength = Math.Min(length, storage.Length - start);
        first = storage.AsSpan(start, firstLength);
        second = storage.AsSpan(0, length - firstLength);
    }

    /// <summary>
    /// Copies the bytes that start <paramref name="offset"/> bytes after SND.UNA into
    /// <paramref name="destination"/>, as many as are queued and fit, and returns how many.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative or above <see cref="Count"/>.</exception>
    public int CopyTo(int offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, Count);
        var length = Math.Min(destination.Length, Count - offset);
        Peek(offset, length, out var first, out var second);
        first.CopyTo(destination);
        second.CopyTo(destination[first.Length..]);
        return length;
    }

    /// <summary>Drops the first <paramref name="count"/> bytes: they were acknowledged and SND.UNA moved past them.</summary>
    /// <remarks>Storage stays rented when the buffer empties; call <see cref="Release"/> to return it.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or above <see cref="Count"/>.</exception>
    public void Consume(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        if (count == 0)
        {
            return;
        }

        Count -= count;
        _head = Count == 0 ? 0 : (_head + count) % _storage!.Length;
    }

    /// <summary>
    /// Discards every queued byte and returns the storage to the pool, so an idle or finished
    /// connection holds no buffer. The next <see cref="Write"/> rents storage again.
    /// </summary>
    public void Release()
    {
        Count = 0;
        ReturnStorage();
    }

    private void ReturnStorage()
    {
        if (_storage is not null)
        {
            _pool.Return(_storage);
            _storage = null;
        }

        _head = 0;
    }

    private void CheckRange(int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > Count - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Only {Math.Max(0, Count - offset)} bytes are queued after offset {offset}.");
        }
    }
}
