using System.Buffers;

namespace SynAck.Tcp.Buffers;

/// <summary>
/// The receive side of one connection: in-order bytes waiting for the application, followed by
/// out-of-order bytes held for reassembly, all inside one ring of <see cref="Capacity"/> bytes.
/// </summary>
/// <remarks>
/// <para>
/// Offsets are relative to RCV.NXT, which the caller keeps: it passes <c>SEG.SEQ - RCV.NXT</c> to
/// <see cref="Write(int, ReadOnlySpan{byte})"/> and adds the returned count to RCV.NXT. Bytes
/// before RCV.NXT (a negative offset) are trimmed here and reported as duplicates; the caller
/// only needs to have checked that the segment is acceptable (RFC 9293 §3.10.7.4).
/// </para>
/// <para>
/// The window the buffer can honour is <see cref="FreeSpace"/> bytes from RCV.NXT: out-of-order
/// bytes sit inside that window, at their own positions in the ring, so they do not shrink it.
/// Out-of-order data is tracked as at most <see cref="MaxOutOfOrderRanges"/> disjoint ranges,
/// merged whenever they touch; the ranges and the most recently changed one are exposed for SACK
/// generation (RFC 2018 §4).
/// </para>
/// <para>
/// Storage is rented from an <see cref="ArrayPool{T}"/> when the first byte must be stored and
/// returned by <see cref="Release"/>. Not thread-safe, like the rest of the core.
/// </para>
/// </remarks>
public sealed partial class ReceiveBuffer
{
    /// <summary>The default bound on out-of-order ranges.</summary>
    public const int DefaultMaxOutOfOrderRanges = 32;

    private readonly ArrayPool<byte> _pool;
    private byte[]? _storage;
    private int _head;
    private int _capacity;

    /// <summary>Creates an empty receive buffer; no storage is rented until bytes arrive.</summary>
    /// <param name="capacity">The receive buffer size (SO_RCVBUF); at least 1.</param>
    /// <param name="maxOutOfOrderRanges">How many disjoint out-of-order ranges are held at most; at least 1.</param>
    /// <param name="pool">Where storage comes from; <see cref="ArrayPool{T}.Shared"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public ReceiveBuffer(int capacity, int maxOutOfOrderRanges = DefaultMaxOutOfOrderRanges, ArrayPool<byte>? pool = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOutOfOrderRanges, 1);
        _capacity = capacity;
        MaxOutOfOrderRanges = maxOutOfOrderRanges;
        _pool = pool ?? ArrayPool<byte>.Shared;
    }

    /// <summary>
    /// The receive buffer size (SO_RCVBUF). It may be changed at any time to a value that still
    /// holds every buffered byte (see <see cref="RequiredCapacity"/>); the caller must not shrink
    /// a window it has already advertised (RFC 9293 §3.8.6 strongly discourages it; RFC 7323 §2.4).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or below <see cref="RequiredCapacity"/>.</exception>
    public int Capacity
    {
        get => _capacity;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            var required = RequiredCapacity;
            ArgumentOutOfRangeException.ThrowIfLessThan(value, required);
            if (IsEmpty)
            {
                ReturnStorage();
            }
            else if (value > _storage!.Length)
            {
                var larger = _pool.Rent(value);
                CopyOut(0, larger.AsSpan(0, required));
                ReturnStorage();
                _storage = larger;
            }

            _capacity = value;
        }
    }

    /// <summary>In-order bytes the application can read now.</summary>
    public int Readable { get; private set; }

    /// <summary>
    /// The space from RCV.NXT to the end of the buffer: the largest receive window (RCV.WND) the
    /// buffer can honour.
    /// </summary>
    public int FreeSpace => _capacity - Readable;

    /// <summary>The smallest <see cref="Capacity"/> that still holds the readable bytes and every out-of-order range.</summary>
    public int RequiredCapacity => Readable + (_rangeCount == 0 ? 0 : (int)(_ranges![_rangeCount - 1].End - _rcvNxt));

    /// <summary>Whether the buffer holds no bytes at all, in order or out of order.</summary>
    public bool IsEmpty => Readable == 0 && _rangeCount == 0;

    /// <summary>Whether storage is currently rented from the pool.</summary>
    public bool HasStorage => _storage is not null;

    /// <summary>Copies readable bytes into <paramref name="destination"/>, removes them, and returns how many.</summary>
    public int Read(Span<byte> destination)
    {
        var count = Peek(destination);
        Consume(count);
        return count;
    }

    /// <summary>Copies readable bytes into <paramref name="destination"/> without removing them and returns how many.</summary>
    public int Peek(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, Readable);
        if (count > 0)
        {
            CopyOut(0, destination[..count]);
        }

        return count;
    }

    /// <summary>
    /// Gives the readable bytes without copying: <paramref name="first"/> then
    /// <paramref name="second"/> (empty unless they wrap around the ring). Follow with
    /// <see cref="Consume"/> for the bytes used.
    /// </summary>
    /// <remarks>The spans stay valid until the next call that changes the buffer.</remarks>
    public void GetReadable(out ReadOnlySpan<byte> first, out ReadOnlySpan<byte> second)
    {
        if (Readable == 0)
        {
            first = default;
            second = default;
            return;
        }

        var storage = _storage!;
        var firstLength = Math.Min(Readable, storage.Length - _head);
        first = storage.AsSpan(_head, firstLength);
        second = storage.AsSpan(0, Readable - firstLength);
    }

    /// <summary>Removes <paramref name="count"/> readable bytes, as <see cref="Read"/> does after copying them.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or above <see cref="Readable"/>.</exception>
    public void Consume(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Readable);
        if (count == 0)
        {
            return;
        }

        Readable -= count;
        _head = (_head + count) % _storage!.Length;
    }

    /// <summary>
    /// Discards every byte, in order and out of order, and returns the storage to the pool, so an
    /// idle or finished connection holds no buffer. RCV.NXT is unaffected: the caller's offsets
    /// stay relative to it.
    /// </summary>
    public void Release()
    {
        Readable = 0;
        _rangeCount = 0;
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

    /// <summary>Copies bytes that start <paramref name="fromReadPoint"/> bytes after the first readable byte.</summary>
    private void CopyOut(int fromReadPoint, Span<byte> destination)
    {
        var storage = _storage!;
        var start = (_head + fromReadPoint) % storage.Length;
        var firstLength = Math.Min(destination.Length, storage.Length - start);
        storage.AsSpan(start, firstLength).CopyTo(destination);
        storage.AsSpan(0, destination.Length - firstLength).CopyTo(destination[firstLength..]);
    }

    /// <summary>Stores bytes that start <paramref name="fromRcvNxt"/> bytes after RCV.NXT.</summary>
    private void CopyIn(int fromRcvNxt, ReadOnlySpan<byte> source)
    {
        var storage = _storage ??= _pool.Rent(_capacity);
        var start = (_head + Readable + fromRcvNxt) % storage.Length;
        var firstLength = Math.Min(source.Length, storage.Length - start);
        source[..firstLength].CopyTo(storage.AsSpan(start));
        source[firstLength..].CopyTo(storage);
    }
}
