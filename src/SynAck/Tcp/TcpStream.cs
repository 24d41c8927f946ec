using System.Buffers;
using SynAck.Runtime;

namespace SynAck.Tcp;

/// <summary>
/// The byte stream of a <see cref="TcpConnection"/>. Reads return what has arrived (at least one
/// byte), and 0 once the peer's FIN has been reached; writes complete once the bytes are queued
/// in the send buffer. <see cref="CompleteWrites"/> sends FIN (half-close), <see cref="Abort"/>
/// sends RST. One read and one write may be in flight at a time.
/// </summary>
/// <remarks>
/// Prefer the asynchronous methods. The synchronous ones block the calling thread and work only
/// off the stack's loop on a real-time (<see cref="ThreadEventLoop"/>) stack; inside a simulation
/// or on the loop's own thread they would wait forever, so they throw
/// <see cref="InvalidOperationException"/> instead. Disposing the stream disposes the connection.
/// </remarks>
public sealed class TcpStream : Stream
{
    private readonly TcpConnection _connection;
    private int _disposed;

    internal TcpStream(TcpConnection connection) => _connection = connection;

    /// <summary>The connection the stream belongs to.</summary>
    public TcpConnection Connection => _connection;

    /// <inheritdoc/>
    public override bool CanRead => Volatile.Read(ref _disposed) == 0;

    /// <inheritdoc/>
    public override bool CanWrite => Volatile.Read(ref _disposed) == 0;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException("A TCP stream has no length.");

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException("A TCP stream has no position.");
        set => throw new NotSupportedException("A TCP stream has no position.");
    }

    /// <summary>
    /// Reads what has arrived into <paramref name="buffer"/>, waiting until at least one byte is
    /// there; 0 means the peer has finished sending (its FIN) and every byte was read. A
    /// zero-length buffer waits until data or the end is there and returns 0.
    /// </summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="cancellationToken">Stops waiting; nothing is lost.</param>
    /// <returns>The number of bytes read.</returns>
    /// <exception cref="TcpException">The connection was reset, timed out or aborted.</exception>
    /// <exception cref="InvalidOperationException">Another read is in flight.</exception>
    /// <exception cref="ObjectDisposedException">The stream is disposed.</exception>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _connection.ReadAsync(buffer, cancellationToken);
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <summary>
    /// Queues <paramref name="buffer"/> for sending and completes once every byte is in the send
    /// buffer (waiting for the peer's acknowledgments when it is full). If the write is cancelled,
    /// a part of the bytes may already be queued.
    /// </summary>
    /// <param name="buffer">The bytes.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the bytes are queued.</returns>
    /// <exception cref="TcpException">The connection was reset, timed out or aborted.</exception>
    /// <exception cref="InvalidOperationException">Another write is in flight, or writes were completed.</exception>
    /// <exception cref="ObjectDisposedException">The stream is disposed.</exception>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _connection.WriteAsync(buffer, cancellationToken);
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        ThrowIfDisposed();
        VerifyMayBlock();
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = ReadAsync(rented.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        ThrowIfDisposed();
        VerifyMayBlock();
        return ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfDisposed();
        VerifyMayBlock();
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            buffer.CopyTo(rented);
            WriteAsync(rented.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        ThrowIfDisposed();
        VerifyMayBlock();
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Does nothing: TCP sends queued data without being asked (every write is pushed).</summary>
    public override void Flush()
    {
    }

    /// <summary>Completes at once: TCP sends queued data without being asked (every write is pushed).</summary>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>A completed task.</returns>
    public override Task FlushAsync(CancellationToken cancellationToken)
        => cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Shuts down sending (half-close): a FIN follows the data already written (after a write in
    /// flight, if any), and reading goes on until the peer closes. Later writes throw
    /// <see cref="InvalidOperationException"/>. Calling it again does nothing.
    /// </summary>
    public void CompleteWrites()
    {
        ThrowIfDisposed();
        _connection.Stack.PostToLoop(static state => ((TcpConnection)state!).CompleteWritesOnLoop(), _connection);
    }

    /// <summary>Resets the connection (RST); see <see cref="TcpConnection.Abort"/>.</summary>
    public void Abort() => _connection.Abort();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A TCP stream cannot seek.");

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException("A TCP stream has no length.");

    /// <summary>Disposes the connection: a graceful close if it is still open.</summary>
    /// <returns>A task that completes once the stack has taken the close.</returns>
    public override ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        GC.SuppressFinalize(this);
        return _connection.DisposeAsync();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // The close is handed to the loop; nothing here waits for it.
            _ = _connection.DisposeAsync();
        }

        base.Dispose(disposing);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private void VerifyMayBlock()
    {
        var loop = _connection.Stack.Loop;
        if (loop.IsCurrentThread || loop is not ThreadEventLoop)
        {
            throw new InvalidOperationException(
                "A blocking read or write would wait forever here: on the stack's loop thread or inside a simulation, use ReadAsync and WriteAsync.");
        }
    }
}
