using CsCheck;
using SynAck.Tcp.Buffers;

namespace SynAck.Tcp.Tests.Buffers;

public class ReceiveBufferPropertyTests
{
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

    /// <summary>A byte-by-byte model of a receiver: which stream positions are held, where RCV.NXT and the read point are.</summary>
    private sealed class Model(int capacity, int maxRanges)
    {
        public long RcvNxt { get; private set; }

        public long ReadPosition { get; private set; }

        public HashSet<long> Held { get; } = [];

        public int Readable => (int)(RcvNxt - ReadPosition);

        public List<ReceiveRange> Runs()
        {
            var runs = new List<ReceiveRange>();
            foreach (var p in Held.Order())
            {
                if (runs.Count > 0 && runs[^1].End == p - RcvNxt)
                {
                    runs[^1] = runs[^1] with { Length = runs[^1].Length + 1 };
                }
                else
                {
                    runs.Add(new ReceiveRange((int)(p - RcvNxt), 1));
                }
            }

            return runs;
        }

        public ReceiveWriteResult Write(int offset, int length, out long clippedStart, out long clippedEnd)
        {
            var start = RcvNxt + offset;
            var end = start + length;
            var windowEnd = ReadPosition + capacity;
            clippedStart = Math.Max(start, RcvNxt);
            clippedEnd = Math.Min(end, windowEnd);
            var duplicate = new List<long>();
            var fresh = new List<long>();
            var beyond = 0;
            for (var p = start; p < end; p++)
            {
                if (p < RcvNxt || (p < windowEnd && Held.Contains(p)))
                {
                    duplicate.Add(p);
                }
                else if (p >= windowEnd)
                {
                    beyond++;
                }
                else
                {
                    fresh.Add(p);
                }
            }

            ReceiveRange firstDuplicate = default;
            if (duplicate.Count > 0)
            {
                var runLength = 1;
                while (runLength < duplicate.Count && duplicate[runLength] == duplicate[0] + runLength)
                {
                    runLength++;
                }

                firstDuplicate = new ReceiveRange((int)(duplicate[0] - RcvNxt), runLength);
            }

            var touches = false;
            for (var p = clippedStart - 1; p <= clippedEnd; p++)
            {
                touches |= Held.Contains(p);
            }

            if (clippedStart > RcvNxt && clippedEnd > clippedStart && !touches && Runs().Count == maxRanges)
            {
                return new ReceiveWriteResult { BeyondWindow = beyond, DroppedRangeLimit = true };
            }

            var filledGap = clippedStart == RcvNxt && clippedEnd > clippedStart && touches;
            Held.UnionWith(fresh);
            var advanced = 0;
            while (Held.Remove(RcvNxt))
            {
                RcvNxt++;
                advanced++;
            }

            return new ReceiveWriteResult
            {
                Advanced = advanced,
                Stored = fresh.Count,
                DuplicateBytes = duplicate.Count,
                Duplicate = firstDuplicate,
                BeyondWindow = beyond,
                FilledGap = filledGap,
            };
        }

        public int Read(int count)
        {
            var n = Math.Min(count, Readable);
            ReadPosition += n;
            return n;
        }
    }

    [Fact]
    public void Any_mix_of_segments_and_reads_matches_a_byte_by_byte_model()
    {
        // Operation kinds 0-2 write a segment at (offset a, length b); kind 3 reads a bytes.
        var operations = Gen.Select(Gen.Int[0, 3], Gen.Int[-20, 80], Gen.Int[0, 30]).Array[1, 50];
        Property.ForAll(Gen.Select(Gen.Int[1, 64], Gen.Int[1, 6], operations), 1000, input =>
        {
            var (capacity, maxRanges, ops) = input;
            var buffer = new ReceiveBuffer(capacity, maxRanges, new TrackingPool());
            var model = new Model(capacity, maxRanges);
            foreach (var (kind, a, b) in ops)
            {
                if (kind == 3)
                {
                    var destination = new byte[Math.Max(0, a)];
                    var start = model.ReadPosition;
                    var expected = model.Read(destination.Length);
                    Assert.Equal(expected, buffer.Read(destination));
                    Assert.Equal(Stream(start, expected), destination[..expected]);
                }
                else
                {
                    var rcvNxtBefore = model.RcvNxt;
                    var expected = model.Write(a, b, out var clippedStart, out var clippedEnd);
                    var advanced = buffer.Write(a, Stream(rcvNxtBefore + a, b), out var actual);
                    Assert.Equal(expected, actual);
                    Assert.Equal(expected.Advanced, advanced);
                    var heldOutOfOrder = clippedStart > rcvNxtBefore && clippedEnd > clippedStart && !actual.DroppedRangeLimit;
                    if (heldOutOfOrder)
                    {
                        // RFC 2018 §4: the first SACK block holds the segment that just arrived.
                        Assert.True(buffer.TryGetMostRecentRange(out var latest));
                        Assert.InRange(clippedStart - rcvNxtBefore, latest.Offset, latest.End - 1);
                    }
                }

                Assert.Equal(model.Readable, buffer.Readable);
                Assert.Equal(capacity - model.Readable, buffer.FreeSpace);
                var runs = model.Runs();
                Assert.Equal(runs.Count, buffer.OutOfOrderRangeCount);
                for (var i = 0; i < runs.Count; i++)
                {
                    Assert.Equal(runs[i], buffer.GetOutOfOrderRange(i));
                }
            }

            var rest = new byte[buffer.Readable];
            buffer.Read(rest);
            Assert.Equal(Stream(model.ReadPosition, rest.Length), rest);
        });
    }

    [Fact]
    public void Steady_state_reassembly_and_reads_allocate_nothing()
    {
        var buffer = new ReceiveBuffer(64 * 1024);
        var segment = new byte[1460];
        var destination = new byte[4096];
        void Cycle()
        {
            for (var i = 0; i < 200; i++)
            {
                buffer.Write(1460, segment, out _); // out of order
                buffer.Write(2 * 1460, segment); // extends the held range
                buffer.Write(0, segment); // fills the gap: three segments in order
                buffer.TryGetMostRecentRange(out _);
                buffer.Read(destination);
                buffer.GetReadable(out var first, out var second);
                buffer.Consume(first.Length + second.Length);
            }
        }

        Cycle(); // rents the storage and allocates the range slots once
        var before = GC.GetAllocatedBytesForCurrentThread();
        Cycle();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
