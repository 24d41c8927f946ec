using System.Threading.Channels;

namespace SynAck.Cli.Tests.Serve;

/// <summary>Two ends of an in-memory connection: what one end writes, the other reads.</summary>
internal static class MemoryConnection
{
    public static (MemoryConnectionEnd Client, MemoryConnectionEnd Server) Create()
    {
        var toServer = Channel.CreateUnbounded<byte[]>();
        var toClient = Channel.CreateUnbounded<byte[]>();
        return (new MemoryConnectionEnd(toClient.Reader, toServer.Writer), new MemoryConnectionEnd(toServer.Reader, toClient.Writer));
    }
}

/// <summary>One end: reads return 0 once the other end called <see cref="CompleteWrites"/>.</summary>
internal sealed class MemoryConnectionEnd(ChannelReader<byte[]> incoming, ChannelWriter<byte[]> outgoing) : Stream
{
    private ReadOnlyMemory<byte> _pending;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public void CompleteWrites() => outgoing.TryComplete();

    public async Task SendAsync(string text) => await WriteAsync(System.Text.Encoding.ASCII.GetBytes(text));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_pending.IsEmpty)
        {
            if (!await incoming.WaitToReadAsync(cancellationToken))
            {
                return 0;
            }

            if (incoming.TryRead(out var chunk))
            {
                _pending = chunk;
            }
        }

        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        outgoing.TryWrite(buffer.ToArray());
        return ValueTask.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => outgoing.TryWrite(buffer.AsSpan(offset, count).ToArray());

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
