using System.Security.Cryptography;
using SynAck.Cli.Payload;

namespace SynAck.Cli.Tests.Payload;

public class PayloadPatternTests
{
    [Fact]
    public void The_stream_is_the_splitmix64_sequence_seeded_with_zero_little_endian()
    {
        var start = new byte[24];
        PayloadPattern.Fill(0, start);

        // The first outputs of SplitMix64 from seed 0, as published with the reference code:
        // 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F.
        Assert.Equal(Convert.FromHexString("AFCD1D7B39A820E2F465B9A16A9E786E4F450980185DC406"), start);
    }

    [Fact]
    public void Filling_from_any_offset_gives_the_same_bytes_as_reading_them_one_by_one()
    {
        for (var offset = 0L; offset < 40; offset++)
        {
            for (var length = 0; length < 40; length++)
            {
                AssertFill(offset, length);
            }
        }

        AssertFill(65_535, 100);
        AssertFill(104_857_597, 21);
    }

    [Fact]
    public void The_sha256_helper_hashes_the_same_bytes_as_one_fill()
    {
        var all = new byte[200_003];
        PayloadPattern.Fill(0, all);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(all)), PayloadPattern.Sha256Hex(all.Length));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", PayloadPattern.Sha256Hex(0));
    }

    [Fact]
    public void The_verifier_accepts_the_pattern_in_any_chunking_and_names_the_first_wrong_offset()
    {
        var data = new byte[150_000];
        PayloadPattern.Fill(0, data);
        var clean = new PayloadVerifier();
        var damaged = new PayloadVerifier();
        var copy = data.ToArray();
        copy[70_001] ^= 0x01;
        copy[90_000] ^= 0x01;

        for (var offset = 0; offset < data.Length; offset += 7_919)
        {
            var length = Math.Min(7_919, data.Length - offset);
            clean.Append(data.AsSpan(offset, length));
            damaged.Append(copy.AsSpan(offset, length));
        }

        Assert.Equal((150_000L, (long?)null), (clean.Length, clean.FirstMismatch));
        Assert.Equal((150_000L, (long?)70_001), (damaged.Length, damaged.FirstMismatch));
    }

    private static void AssertFill(long offset, int length)
    {
        var filled = new byte[length];
        PayloadPattern.Fill(offset, filled);
        var expected = Enumerable.Range(0, length).Select(i => PayloadPattern.ByteAt(offset + i)).ToArray();
        Assert.Equal(expected, filled);
    }
}
