using System.Runtime.InteropServices;
using CsCheck;
using SynAck.Tcp.Buffers;

namespace SynAck.Tcp.Tests.Buffers;

public class SendBufferTests
{
    private static byte[] Bytes(int start, int count) => [.. Enumerable.Range(start, count).Select(i => (byte)i)];

    private static byte[] ReadAll(SendBuffer buffer, int offset = 0)
    {
        var result = new byte[buffer.Count - offset];
        Assert.Equal(result.Length, buffer.CopyTo(offset, result));
        return result;
    }

    [Fact]
    public void No_storage_is_rented_until_the_first_write()
    {
        var pool = new TrackingPool();
        var buffer = new SendBuffer(4096, pool);

        Assert.Equal(0, pool.Rented);
        Assert.False(buffer.HasStorage);
        Assert.Equal(4096, buffer.Free);

        buffer.Write(Bytes(0, 10));

        Assert.Equal(1, pool.Rented);
        Assert.Equal([4096], pool.RentedSizes);
        Assert.True(buffer.HasStorage);
    }

    [Fact]
    public void Writing_nothing_rents_nothing()
    {
        var pool = new TrackingPool();
        var buffer = new SendBuffer(16, pool);

        Assert.Equal(0, buffer.Write([]));

        Assert.Equal(0, pool.Rented);
    }

    [Fact]
    public void Release_returns_the_storage_and_discards_queued_bytes()
    {
        var pool = new TrackingPool();
        var buffer = new SendBuffer(64, pool);
        buffer.Write(Bytes(0, 20));

        buffer.Release();

        Assert.Equal(0, pool.Outstanding);
        Assert.Equal(0, buffer.Count);
        Assert.False(buffer.HasStorage);
        Assert.Equal(5, buffer.Write(Bytes(100, 5)));
        Assert.Equal(Bytes(100, 5), ReadAll(buffer));
        Assert.Equal(1, pool.Outstanding);
    }

    [Fact]
    public void Write_accepts_only_what_fits_and_says_how_much()
    {
        var buffer = new SendBuffer(10, new TrackingPool());

        Assert.Equal(6, buffer.Write(Bytes(0, 6)));
        Assert.Equal(4, buffer.Write(Bytes(6, 9)));
        Assert.Equal(0, buffer.Write(Bytes(50, 1)));

        Assert.Equal(10, buffer.Count);
        Assert.Equal(0, buffer.Free);
        Assert.Equal(Bytes(0, 10), ReadAll(buffer));
    }

    [Fact]
    public void Consume_drops_acknowledged_bytes_from_the_front()
    {
        var buffer = new SendBuffer(10, new TrackingPool());
        buffer.Write(Bytes(0, 8));

        buffer.Consume(3);

        Assert.Equal(5, buffer.Count);
        Assert.Equal(5, buffer.Free);
        Assert.Equal(Bytes(3, 5), ReadAll(buffer));
    }

    [Fact]
    public void Peek_returns_two_spans_when_the_range_wraps_around_the_ring()
    {
        var buffer = new SendBuffer(10, new TrackingPool());
        buffer.Write(Bytes(0, 8));
        buffer.Consume(6);
        buffer.Write(Bytes(8, 7)); // ring holds 6..14, bytes 12..14 wrapped to the start of the array

        buffer.Peek(1, 8, out var first, out var second);

        Assert.Equal(Bytes(7, 3), first.ToArray());
        Assert.Equal(Bytes(10, 5), second.ToArray());
    }

    [Fact]
    public void Peek_of_a_range_that_does_not_wrap_has_an_empty_second_span()
    {
        var buffer = new SendBuffer(10, new TrackingPool());
        buffer.Write(Bytes(0, 10));

        buffer.Peek(2, 5, out var first, out var second);

        Assert.Equal(Bytes(2, 5), first.ToArray());
        Assert.True(second.IsEmpty);
    }

    [Fact]
    public void CopyTo_builds_a_segment_at_an_offset_after_SndUna_across_the_wrap()
    {
        var buffer = new SendBuffer(10, new TrackingPool());
        buffer.Write(Bytes(0, 9));
        buffer.Consume(9);
        buffer.Write(Bytes(9, 10)); // starts at ring index 9, wraps after one byte

        var segment = new byte[4];
        Assert.Equal(4, buffer.CopyTo(3, segment));
        Assert.Equal(Bytes(12, 4), segment);

        var tail = new byte[100];
        Assert.Equal(2, buffer.CopyTo(8, tail));
        Assert.Equal(Bytes(17, 2), tail[..2]);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 6)]
    [InlineData(5, 1)]
    [InlineData(6, 0)]
    [InlineData(2, -1)]
    public void Peek_outside_the_queued_bytes_is_a_caller_error(int offset, int length)
    {
        var buffer = new SendBuffer(10, new TrackingPool());
        buffer.Write(Bytes(0, 5));

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Peek(offset, length, out _, out _));
    }

    [Fact]
    public void Consuming_more_than_is_queued_is_a_caller_error()
    {
        var buffer = new SendBuffer(10, new TrackingPool());
        buffer.Write(Bytes(0, 5));

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Consume(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Consume(-1));
        Assert.Equal(5, buffer.Count);
    }

    [Fact]
    public void Growing_the_capacity_keeps_queued_bytes_in_order_even_when_they_wrapped()
    {
        var pool = new TrackingPool();
        var buffer = new SendBuffer(8, pool);
        buffer.Write(Bytes(0, 8));
        buffer.Consume(5);
        buffer.Write(Bytes(8, 5)); // wrapped

        buffer.Capacity = 20;

        Assert.Equal(20, buffer.Capacity);
        Assert.Equal(Bytes(5, 8), ReadAll(buffer));
        Assert.Equal(12, buffer.Write(Bytes(13, 15)));
        Assert.Equal(Bytes(5, 20), ReadAll(buffer));
        Assert.Equal(1, pool.Outstanding);
    }

    [Fact]
    public void Changing_the_capacity_of_an_empty_buffer_drops_its_storage()
    {
        var pool = new TrackingPool();
        var buffer = new SendBuffer(8, pool);
        buffer.Write(Bytes(0, 4));
        buffer.Consume(4);

        buffer.Capacity = 100;

        Assert.False(buffer.HasStorage);
        Assert.Equal(0, pool.Outstanding);
        buffer.Write(Bytes(0, 1));
        Assert.Equal(100, pool.RentedSizes[^1]);
    }

    [Fact]
    public void Shrinking_below_the_queued_bytes_is_a_caller_error_but_down_to_them_is_allowed()
    {
        var buffer = new SendBuffer(10, new TrackingPool());
        buffer.Write(Bytes(0, 6));

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Capacity = 5);
        buffer.Capacity = 6;

        Assert.Equal(0, buffer.Free);
        Assert.Equal(Bytes(0, 6), ReadAll(buffer));
    }

    [Fact]
    public void Capacity_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SendBuffer(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SendBuffer(8).Capacity = 0);
    }

    [Fact]
    public void Any_sequence_of_writes_consumes_and_resizes_matches_a_simple_queue()
    {
        // Each operation: kind 0 write n bytes, 1 consume n, 2 set capacity to n (when allowed).
        var operations = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 40]).Array[1, 60];
        Property.ForAll(Gen.Select(Gen.Int[1, 40], operations), 1000, input =>
        {
            var (capacity, ops) = input;
            var buffer = new SendBuffer(capacity, new TrackingPool());
            var model = new List<byte>();
            byte next = 0;
            foreach (var (kind, n) in ops)
            {
                switch (kind)
                {
                    case 0:
                        var data = new byte[n];
                        for (var i = 0; i < n; i++)
                        {
                            data[i] = next++;
                        }

                        var accepted = buffer.Write(data);
                        Assert.Equal(Math.Min(n, capacity - model.Count), accepted);
                        model.AddRange(data[..accepted]);
                        next = (byte)(next - (n - accepted));
                        break;
                    case 1:
                        var count = Math.Min(n, model.Count);
                        buffer.Consume(count);
                        model.RemoveRange(0, count);
                        break;
                    default:
                        if (n >= Math.Max(1, model.Count))
                        {
                            buffer.Capacity = n;
                            capacity = n;
                        }

                        break;
                }

                Assert.Equal(model.Count, buffer.Count);
                Assert.Equal(capacity - model.Count, buffer.Free);
                var queued = CollectionsMarshal.AsSpan(model);
                Assert.True(queued.SequenceEqual(ReadAll(buffer)), "queued bytes differ");
                if (model.Count > 0)
                {
                    var offset = n % model.Count;
                    Assert.True(queued[offset..].SequenceEqual(ReadAll(buffer, offset)), $"bytes from offset {offset} differ");
                }
            }
        });
    }

    [Fact]
    public void Steady_state_write_peek_and_consume_allocate_nothing()
    {
        var buffer = new SendBuffer(64 * 1024);
        var chunk = new byte[1460];
        var segment = new byte[1460];
        void Cycle()
        {
            for (var i = 0; i < 200; i++)
            {
                buffer.Write(chunk);
                buffer.Peek(0, Math.Min(buffer.Count, 1000), out var first, out var second);
                _ = first.Length + second.Length;
                buffer.CopyTo(buffer.Count / 2, segment);
                buffer.Consume(Math.Min(buffer.Count, 1400));
            }
        }

        Cycle(); // rents the storage once
        var before = GC.GetAllocatedBytesForCurrentThread();
        Cycle();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
