using SynAck.Tcp.Buffers;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Tests.Buffers;

public class ReceiveBufferTests
{
    // Byte i of the test stream; distinct enough that a byte in the wrong place shows.
    private static byte At(long position) => (byte)((position * 7) + 3);

    private static byte[] Stream(long start, int count)
    {
        var bytes = new byte[count];
        for (var i = 0; i < count; i++)
        {
            bytes[i] = At(start + i);
        }

        return bytes;
    }

    private static byte[] ReadAll(ReceiveBuffer buffer)
    {
        var bytes = new byte[buffer.Readable];
        Assert.Equal(bytes.Length, buffer.Read(bytes));
        return bytes;
    }

    private static ReceiveRange[] Ranges(ReceiveBuffer buffer)
        => [.. Enumerable.Range(0, buffer.OutOfOrderRangeCount).Select(buffer.GetOutOfOrderRange)];

    [Fact]
    public void In_order_bytes_advance_RcvNxt_and_become_readable()
    {
        var buffer = new ReceiveBuffer(100, pool: new TrackingPool());

        var advanced = buffer.Write(0, Stream(0, 30), out var result);

        Assert.Equal(30, advanced);
        Assert.Equal(30, result.Advanced);
        Assert.Equal(30, result.Stored);
        Assert.False(result.IsOutOfOrder);
        Assert.Equal(30, buffer.Readable);
        Assert.Equal(70, buffer.FreeSpace);
        Assert.Equal(Stream(0, 30), ReadAll(buffer));
        Assert.Equal(100, buffer.FreeSpace);
    }

    [Fact]
    public void Held_bytes_are_neither_readable_nor_shrink_the_window_until_advanced_over()
    {
        var buffer = new ReceiveBuffer(100, pool: new TrackingPool());

        Assert.Equal(3, buffer.Hold(Stream(0, 3)));
        Assert.Equal((0, 100, false), (buffer.Readable, buffer.FreeSpace, buffer.IsEmpty));

        Assert.Equal(3, buffer.AdvanceOverHeld());
        Assert.Equal(Stream(0, 3), ReadAll(buffer));
        Assert.Equal(0, buffer.AdvanceOverHeld());
    }

    [Fact]
    public void Held_bytes_are_cut_to_the_free_space_and_join_bytes_that_follow_them()
    {
        var buffer = new ReceiveBuffer(10, pool: new TrackingPool());

        Assert.Equal(10, buffer.Hold(Stream(0, 15)));
        Assert.Throws<InvalidOperationException>(() => buffer.Hold(Stream(0, 1)));

        buffer.Capacity = 20;
        Assert.Equal(0, buffer.Write(10, Stream(10, 5)));
        Assert.Equal(15, buffer.AdvanceOverHeld());
        Assert.Equal(Stream(0, 15), ReadAll(buffer));
    }

    [Fact]
    public void Out_of_order_bytes_are_held_and_do_not_advance_RcvNxt()
    {
        var buffer = new ReceiveBuffer(100, pool: new TrackingPool());

        var advanced = buffer.Write(10, Stream(10, 5), out var result);

        Assert.Equal(0, advanced);
        Assert.True(result.IsOutOfOrder);
        Assert.Equal(5, result.Stored);
        Assert.Equal(0, buffer.Readable);
        Assert.Equal(100, buffer.FreeSpace);
        Assert.Equal([new ReceiveRange(10, 5)], Ranges(buffer));
    }

    [Fact]
    public void Filling_the_gap_advances_RcvNxt_over_the_held_range_too()
    {
        var buffer = new ReceiveBuffer(100, pool: new TrackingPool());
        buffer.Write(10, Stream(10, 5));
        buffer.Write(20, Stream(20, 5));

        var advanced = buffer.Write(0, Stream(0, 10), out var result);

        Assert.Equal(15, advanced);
        Assert.True(result.FilledGap);
        Assert.Equal(10, result.Stored);
        Assert.Equal([new ReceiveRange(5, 5)], Ranges(buffer)); // the range at 20 is now 5 after RCV.NXT
        Assert.Equal(Stream(0, 15), ReadAll(buffer));
    }

    [Fact]
    public void In_order_bytes_that_reach_no_held_range_do_not_claim_to_fill_a_gap()
    {
        var buffer = new ReceiveBuffer(100, pool: new TrackingPool());
        buffer.Write(10, Stream(10, 5));

        buffer.Write(0, Stream(0, 5), out var result);

        Assert.False(result.FilledGap);
        Assert.Equal([new ReceiveRange(5, 5)], Ranges(buffer));
    }

    [Fact]
    public void Ranges_that_touch_are_merged_into_one()
    {
        var buffer = new ReceiveBuffer(100, pool: new TrackingPool());
        buffer.Write(10, Stream(10, 10));
        buffer.Write(30, Stream(30, 10));

        buffer.Write(20, Stream(20, 10));

        Assert.Equal([new ReceiveRange(10, 30)], Ranges(buffer));
    }

    [Fact]
    public void Overlapping_bytes_keep_the_first_copy_and_count_as_duplicates()
    {
        var buffer = new ReceiveBuffer(100, pool: new TrackingPool());
        buffer.Write(10, Stream(10, 10));
        var conflicting = Stream(15, 10);
        Array.Fill(conflicting, (byte)0xEE, 0, 5); // differs from the held bytes 15..19

        buffer.Write(15, conflicting, out var result);

        Assert.Equal(5, result.Stored);
        Assert.Equal(5, result.DuplicateBytes);
        Assert.Equal(new ReceiveRange(15, 5), result.Duplicate);
        Assert.False(result.IsDuplicate);
        buffer.Write(0, Stream(0, 10));
        Assert.Equal(Stream(0, 25), ReadAll(buffer));
    }

    [Fact]
    public void A_segment_held_entirely_already_is_reported_as_a_duplicate_for_DSack()
    {
        var buffer = new ReceiveBuffer(100, pool: new TrackingPool());
        buffer.Write(10, Stream(10, 20));

        var advanced = buffer.Write(12, Stream(12, 8), out var result);

        Assert.Equal(0, advanced);
        Assert.True(result.IsDuplicate);
        Assert.Equal(0, result.Stored);
        Assert.Equal(new ReceiveRange(12, 8), result.Duplicate);
        Assert.Equal([new ReceiveRange(10, 20)], Ranges(buffer));
    }

    [Fact]
    public void Bytes_before_RcvNxt_are_trimmed_here_and_reported_as_duplicates()
    {
        var buffer = new ReceiveBuffer(100, pool: new TrackingPool());
        buffer.Write(0, Stream(0, 10));
        ReadAll(buffer); // RCV.NXT is now stream position 10

        var advanced = buffer.Write(-4, Stream(6, 10), out var result);

        Assert.Equal(6, advanced);
        Assert.Equal(4, result.DuplicateBytes);
        Assert.Equal(new ReceiveRange(-4, 4), result.Duplicate);
        Assert.Equal(Stream(10, 6), ReadAll(buffer));
    }

    [Fact]
    public void A_segment_wholly_before_RcvNxt_is_a_duplicate_and_stores_nothing()
    {
        var buffer = new ReceiveBuffer(100, pool: new TrackingPool());
        buffer.Write(0, Stream(0, 10));

        var advanced = buffer.Write(-10, Stream(0, 10), out var result);

        Assert.Equal(0, advanced);
        Assert.True(result.IsDuplicate);
        Assert.Equal(new ReceiveRange(-10, 10), result.Duplicate);
        Assert.Equal(10, buffer.Readable);
    }

    [Fact]
    public void Bytes_beyond_the_free_space_are_cut_off()
    {
        var buffer = new ReceiveBuffer(20, pool: new TrackingPool());
        buffer.Write(0, Stream(0, 8)); // 12 bytes of window left

        var advanced = buffer.Write(0, Stream(8, 20), out var result);

        Assert.Equal(12, advanced);
        Assert.Equal(8, result.BeyondWindow);
        Assert.Equal(0, buffer.FreeSpace);
        Assert.Equal(Stream(0, 20), ReadAll(buffer));
    }

    [Fact]
    public void A_segment_entirely_beyond_the_window_stores_nothing()
    {
        var pool = new TrackingPool();
        var buffer = new ReceiveBuffer(20, pool: pool);

        buffer.Write(20, Stream(20, 5), out var result);

        Assert.Equal(5, result.BeyondWindow);
        Assert.Equal(0, result.Stored);
        Assert.Equal(0, buffer.OutOfOrderRangeCount);
        Assert.Equal(0, pool.Rented);
    }

    [Fact]
    public void Out_of_order_bytes_do_not_shrink_the_free_space_but_unread_bytes_do()
    {
        var buffer = new ReceiveBuffer(50, pool: new TrackingPool());
        buffer.Write(20, Stream(20, 10));
        Assert.Equal(50, buffer.FreeSpace);

        buffer.Write(0, Stream(0, 20));

        Assert.Equal(30, buffer.Readable);
        Assert.Equal(20, buffer.FreeSpace);
    }

    [Fact]
    public void When_every_range_slot_is_used_new_disjoint_data_is_dropped_and_the_call_says_so()
    {
        var buffer = new ReceiveBuffer(100, maxOutOfOrderRanges: 2, pool: new TrackingPool());
        buffer.Write(10, Stream(10, 5));
        buffer.Write(30, Stream(30, 5));

        buffer.Write(50, Stream(50, 5), out var dropped);
        buffer.Write(15, Stream(15, 3), out var extended);
        var advanced = buffer.Write(0, Stream(0, 10), out var inOrder);

        Assert.True(dropped.DroppedRangeLimit);
        Assert.Equal(0, dropped.Stored);
        Assert.False(extended.DroppedRangeLimit);
        Assert.Equal(3, extended.Stored);
        Assert.Equal(18, advanced);
        Assert.Equal(10, inOrder.Stored);
        Assert.Equal([new ReceiveRange(12, 5)], Ranges(buffer));
    }

    [Fact]
    public void The_most_recently_changed_range_comes_first_for_Sack()
    {
        var buffer = new ReceiveBuffer(200, pool: new TrackingPool());
        buffer.Write(10, Stream(10, 5));
        buffer.Write(50, Stream(50, 5));
        buffer.Write(30, Stream(30, 5));
        Assert.True(buffer.TryGetMostRecentRange(out var latest));
        Assert.Equal(new ReceiveRange(30, 5), latest);

        buffer.Write(55, Stream(55, 5)); // extends the range at 50

        var ranges = new ReceiveRange[4];
        Assert.Equal(3, buffer.CopyOutOfOrderRangesByRecency(ranges));
        Assert.Equal([new(50, 10), new(30, 5), new(10, 5)], ranges[..3]);
    }

    [Fact]
    public void A_duplicate_inside_a_range_makes_that_range_the_most_recent()
    {
        var buffer = new ReceiveBuffer(200, pool: new TrackingPool());
        buffer.Write(10, Stream(10, 5));
        buffer.Write(50, Stream(50, 5));

        buffer.Write(11, Stream(11, 2));

        Assert.True(buffer.TryGetMostRecentRange(out var latest));
        Assert.Equal(new ReceiveRange(10, 5), latest);
    }

    [Fact]
    public void There_is_no_most_recent_range_when_nothing_is_out_of_order()
    {
        var buffer = new ReceiveBuffer(200, pool: new TrackingPool());
        buffer.Write(10, Stream(10, 5));
        buffer.Write(0, Stream(0, 10));

        Assert.False(buffer.TryGetMostRecentRange(out _));
        Assert.Equal(0, buffer.CopyOutOfOrderRangesByRecency(new ReceiveRange[4]));
    }

    [Fact]
    public void Sack_blocks_carry_sequence_numbers_that_wrap_around()
    {
        var buffer = new ReceiveBuffer(200, pool: new TrackingPool());
        buffer.Write(10, Stream(10, 5));
        buffer.Write(30, Stream(30, 7));
        SequenceNumber rcvNxt = 0xFFFF_FFF0u;

        var blocks = new SackBlock[3];
        var count = buffer.GetSackBlocks(rcvNxt, blocks);

        Assert.Equal(2, count);
        Assert.Equal(new SackBlock(0x0000_000Eu, 0x0000_0015u), blocks[0]);
        Assert.Equal(new SackBlock(0xFFFF_FFFAu, 0xFFFF_FFFFu), blocks[1]);
    }

    [Fact]
    public void Sack_blocks_stop_at_the_space_given()
    {
        var buffer = new ReceiveBuffer(200, pool: new TrackingPool());
        for (var i = 1; i <= 5; i++)
        {
            buffer.Write(i * 20, Stream(i * 20, 5));
        }

        var blocks = new SackBlock[3];

        Assert.Equal(3, buffer.GetSackBlocks(new SequenceNumber(1000), blocks));
        Assert.Equal(new SackBlock(1100, 1105), blocks[0]);
        Assert.Equal(new SackBlock(1060, 1065), blocks[2]);
    }

    [Fact]
    public void No_storage_is_rented_until_bytes_arrive_and_release_returns_it()
    {
        var pool = new TrackingPool();
        var buffer = new ReceiveBuffer(1000, pool: pool);
        Assert.False(buffer.HasStorage);
        buffer.Write(0, []);
        Assert.Equal(0, pool.Rented);

        buffer.Write(5, Stream(5, 5));
        Assert.Equal([1000], pool.RentedSizes);

        buffer.Release();
        Assert.Equal(0, pool.Outstanding);
        Assert.True(buffer.IsEmpty);
        Assert.Equal(0, buffer.OutOfOrderRangeCount);
    }

    [Fact]
    public void Growing_the_capacity_keeps_readable_and_out_of_order_bytes()
    {
        var buffer = new ReceiveBuffer(20, pool: new TrackingPool());
        buffer.Write(0, Stream(0, 15));
        buffer.Read(new byte[12]);
        buffer.Write(0, Stream(15, 10)); // wraps in the 20-byte ring
        buffer.Write(4, Stream(29, 3)); // out of order, at the window's edge

        buffer.Capacity = 64;

        Assert.Equal([new ReceiveRange(4, 3)], Ranges(buffer));
        Assert.Equal(51, buffer.FreeSpace);
        buffer.Write(0, Stream(25, 4));
        Assert.Equal(Stream(12, 20), ReadAll(buffer));
    }

    [Fact]
    public void Capacity_cannot_shrink_below_the_bytes_held()
    {
        var buffer = new ReceiveBuffer(100, pool: new TrackingPool());
        buffer.Write(0, Stream(0, 10));
        buffer.Write(30, Stream(30, 5));

        Assert.Equal(45, buffer.RequiredCapacity);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Capacity = 44);
        buffer.Capacity = 45;
        Assert.Equal(35, buffer.FreeSpace);
    }

    [Fact]
    public void Zero_copy_reads_see_the_same_bytes_as_Read()
    {
        var buffer = new ReceiveBuffer(16, pool: new TrackingPool());
        buffer.Write(0, Stream(0, 12));
        buffer.Read(new byte[10]);
        buffer.Write(0, Stream(12, 12)); // wraps

        buffer.GetReadable(out var first, out var second);
        byte[] both = [.. first.ToArray(), .. second.ToArray()];
        Assert.Equal(Stream(10, 14), both);
        Assert.False(second.IsEmpty);
        buffer.Consume(first.Length);

        Assert.Equal(Stream(10 + first.Length, 14 - first.Length), ReadAll(buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Consume(1));
    }
}
