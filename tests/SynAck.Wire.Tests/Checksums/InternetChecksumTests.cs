using CsCheck;
using SynAck.Wire.Checksums;

namespace SynAck.Wire.Tests.Checksums;

public class InternetChecksumTests
{
    private delegate uint AccumulatePath(uint partialSum, ReadOnlySpan<byte> data);

    private static readonly AccumulatePath[] Paths =
    [
        InternetChecksum.Accumulate,
        InternetChecksum.AccumulateScalar,
        InternetChecksum.AccumulateVector128,
        InternetChecksum.AccumulateVector256,
    ];

    [Fact]
    public void Rfc1071_section_3_example_sums_to_ddf2()
    {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 have the ones' complement sum ddf2.
        byte[] data = [0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7];

        Assert.Equal(0x220D, InternetChecksum.Compute(data));
        Assert.True(InternetChecksum.IsValid(InternetChecksum.Accumulate(InternetChecksum.Accumulate(0, data), [0x22, 0x0D])));
    }

    [Theory]
    [InlineData(1500, 0x66E1)]
    [InlineData(65541, 0xECF3)]
    public void Long_buffers_match_checksums_computed_independently(int length, int expected)
    {
        // Expected values from a 16-bit-word sum in Python over the same patterns.
        var data = new byte[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = length == 1500 ? (byte)((i * 7) + 3) : (byte)((i * 131) + (i >> 8));
        }

        foreach (var path in Paths)
        {
            Assert.Equal((ushort)expected, InternetChecksum.Finish(path(0, data)));
        }
    }

    [Fact]
    public void Every_path_gives_the_same_partial_sum_as_a_naive_16_bit_sum_for_any_length_and_offset()
    {
        var gen = Gen.Select(Gen.Int[0, 70_000], Gen.Int[0, 63], Gen.UInt, Gen.ULong);
        gen.ForAll(seed: 1071, iterations: 600, ((int Length, int Offset, uint Partial, ulong Fill) c) =>
        {
            var buffer = RandomBytes(c.Length + c.Offset, c.Fill);
            var data = buffer.AsSpan(c.Offset);
            var scalar = InternetChecksum.AccumulateScalar(c.Partial, data);

            Assert.Equal(scalar, InternetChecksum.AccumulateVector128(c.Partial, data));
            Assert.Equal(scalar, InternetChecksum.AccumulateVector256(c.Partial, data));
            Assert.Equal(scalar, InternetChecksum.Accumulate(c.Partial, data));
            Assert.Equal(NaiveChecksum(c.Partial, data), InternetChecksum.Finish(scalar));
        });
    }

    [Fact]
    public void Short_buffers_of_every_length_and_alignment_agree_with_the_naive_sum()
    {
        var buffer = RandomBytes(200, 42);
        for (var offset = 0; offset < 32; offset++)
        {
            for (var length = 0; offset + length <= buffer.Length; length++)
            {
                var data = buffer.AsSpan(offset, length);
                foreach (var path in Paths)
                {
                    Assert.Equal(NaiveChecksum(0, data), InternetChecksum.Finish(path(0, data)));
                }
            }
        }
    }

    [Theory]
    [InlineData(3 << 20, 0xFF)]
    [InlineData((3 << 20) + 1, 0xFF)]
    [InlineData((5 << 20) - 2, -1)]
    public void Buffers_of_megabytes_do_not_overflow_the_accumulators(int length, int fill)
    {
        // All-0xFF data gives the largest lane increments; a lost carry would change the result.
        var data = RandomBytes(length, 7);
        if (fill >= 0)
        {
            Array.Fill(data, (byte)fill);
        }

        var scalar = InternetChecksum.AccumulateScalar(0, data);

        Assert.Equal(scalar, InternetChecksum.AccumulateVector128(0, data));
        Assert.Equal(scalar, InternetChecksum.AccumulateVector256(0, data));
        Assert.Equal(scalar, InternetChecksum.Accumulate(0, data));
        Assert.Equal(NaiveChecksum(0, data), InternetChecksum.Finish(scalar));
    }

    [Fact]
    public void A_sum_carried_across_even_length_chunks_equals_the_sum_in_one_go()
    {
        var gen = Gen.Select(Gen.Int[0, 3000], Gen.Int[0, 3000], Gen.ULong);
        gen.ForAll(seed: 2, iterations: 1000, ((int Split, int Tail, ulong Fill) c) =>
        {
            var split = c.Split & ~1;
            var data = RandomBytes(split + c.Tail, c.Fill);
            var carried = InternetChecksum.Accumulate(InternetChecksum.Accumulate(0, data.AsSpan(0, split)), data.AsSpan(split));

            Assert.Equal(InternetChecksum.Compute(data), InternetChecksum.Finish(carried));
        });
    }

    [Fact]
    public void Update_of_a_16_bit_field_equals_recomputing_the_checksum()
    {
        var gen = Gen.Select(Gen.Byte.Array[2, 200], Gen.Int[0, 99], Gen.UShort);
        gen.ForAll(seed: 1624, iterations: 3000, ((byte[] Data, int Field, ushort NewValue) c) =>
        {
            var data = c.Data[..(c.Data.Length & ~1)];
            var offset = 2 * (c.Field % (data.Length / 2));
            var before = InternetChecksum.Compute(data);
            var oldValue = (ushort)((data[offset] << 8) | data[offset + 1]);
            data[offset] = (byte)(c.NewValue >> 8);
            data[offset + 1] = (byte)c.NewValue;

            AssertSameChecksum(data, InternetChecksum.Compute(data), InternetChecksum.Update(before, oldValue, c.NewValue));
        });
    }

    [Fact]
    public void Update_of_a_32_bit_field_equals_recomputing_the_checksum()
    {
        var gen = Gen.Select(Gen.Byte.Array[4, 200], Gen.Int[0, 99], Gen.UInt);
        gen.ForAll(seed: 1625, iterations: 3000, ((byte[] Data, int Field, uint NewValue) c) =>
        {
            var data = c.Data[..(c.Data.Length & ~1)];
            var offset = 2 * (c.Field % ((data.Length / 2) - 1));
            var before = InternetChecksum.Compute(data);
            var oldValue = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(offset), c.NewValue);

            AssertSameChecksum(data, InternetChecksum.Compute(data), InternetChecksum.Update(before, oldValue, c.NewValue));
        });
    }

    [Fact]
    public void Update_turns_a_valid_checksum_into_a_valid_one()
    {
        // 45 00 00 1c 00 00 40 00 40 06 ... with TTL 64 -> 63 (the word 4006 -> 3f06), as a router does.
        byte[] header = [0x45, 0x00, 0x00, 0x1C, 0x00, 0x00, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00, 0xC0, 0x00, 0x02, 0x01, 0xC0, 0x00, 0x02, 0x02];
        var checksum = InternetChecksum.Compute(header);
        header[8] = 0x3F;
        var updated = InternetChecksum.Update(checksum, (ushort)0x4006, (ushort)0x3F06);
        header[10] = (byte)(updated >> 8);
        header[11] = (byte)updated;

        Assert.True(InternetChecksum.IsValid(InternetChecksum.Accumulate(0, header)));
    }

    [Fact]
    public void Ipv4_pseudo_header_sums_like_the_twelve_bytes_it_stands_for()
    {
        var gen = Gen.Select(Gen.UInt, Gen.UInt, Gen.Byte, Gen.UShort);
        gen.ForAll(seed: 793, iterations: 2000, ((uint Source, uint Destination, byte Protocol, ushort Length) c) =>
        {
            var source = BigEndian(c.Source);
            var destination = BigEndian(c.Destination);
            byte[] pseudo = [.. source, .. destination, 0, c.Protocol, (byte)(c.Length >> 8), (byte)c.Length];

            Assert.Equal(
                NaiveChecksum(0, pseudo),
                InternetChecksum.Finish(InternetChecksum.PseudoHeaderIPv4(source, destination, c.Protocol, c.Length)));
        });
    }

    [Fact]
    public void Ipv6_pseudo_header_sums_like_the_forty_bytes_it_stands_for()
    {
        var gen = Gen.Select(Gen.Byte.Array[16], Gen.Byte.Array[16], Gen.Byte, Gen.UInt);
        gen.ForAll(seed: 8200, iterations: 2000, ((byte[] Source, byte[] Destination, byte NextHeader, uint Length) c) =>
        {
            // RFC 8200 §8.1: source, destination, 32-bit upper-layer length, 3 zero bytes, next header.
            byte[] pseudo = [.. c.Source, .. c.Destination, .. BigEndian(c.Length), 0, 0, 0, c.NextHeader];

            Assert.Equal(
                NaiveChecksum(0, pseudo),
                InternetChecksum.Finish(InternetChecksum.PseudoHeaderIPv6(c.Source, c.Destination, c.NextHeader, c.Length)));
        });
    }

    /// <summary>RFC 1071 as written: add 16-bit big-endian words, fold the carries, complement.</summary>
    private static ushort NaiveChecksum(uint partialSum, ReadOnlySpan<byte> data)
    {
        ulong sum = partialSum;
        for (var i = 0; i < data.Length; i += 2)
        {
            sum += (ulong)((data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0));
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>
    /// Recomputing gives 0xFFFF for all-zero data where RFC 1624 eqn. 3 gives 0x0000, the other
    /// ones' complement zero; otherwise the two must be equal.
    /// </summary>
    private static void AssertSameChecksum(byte[] data, ushort recomputed, ushort updated)
    {
        if (data.All(b => b == 0))
        {
            Assert.Equal((0xFFFF, 0x0000), (recomputed, updated));
        }
        else
        {
            Assert.Equal(recomputed, updated);
        }
    }

    private static byte[] RandomBytes(int length, ulong seed)
    {
        var bytes = new byte[length];
        new Random((int)seed ^ (int)(seed >> 32)).NextBytes(bytes);
        return bytes;
    }

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
