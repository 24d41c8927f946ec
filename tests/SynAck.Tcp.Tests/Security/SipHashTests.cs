using System.Buffers.Binary;
using SynAck.Tcp.Security;

namespace SynAck.Tcp.Tests.Security;

public class SipHashTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 16).Select(i => (byte)i)];

    private static byte[] Message(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)i)];

    [Fact]
    public void The_paper_example_hashes_to_a129ca6149be45e5()
    {
        // SipHash paper, Appendix A: key 00..0f, the 15-byte message 00..0e.
        Assert.Equal(0xa129ca6149be45e5UL, SipHash.Hash24(Key, Message(15)));
    }

    // The reference implementation's vectors: key 00..0f, message 00..(n-1), output bytes in order.
    [Theory]
    [InlineData(0, "310e0edd47db6f72")]
    [InlineData(1, "fd67dc93c539f874")]
    [InlineData(2, "5a4fa9d909806c0d")]
    [InlineData(3, "2d7efbd796666785")]
    [InlineData(7, "37d1018bf50002ab")]
    [InlineData(8, "6224939a79f5f593")]
    [InlineData(9, "b0e4a90bdf82009e")]
    [InlineData(16, "db9bc2577fcc2a3f")]
    [InlineData(17, "9447be2cf5e99a69")]
    [InlineData(23, "c8ce5ccd8c030ca8")]
    [InlineData(24, "94af49f6c650adb8")]
    [InlineData(31, "42c341d8fa92d832")]
    [InlineData(32, "ce7cf2722f512771")]
    [InlineData(36, "b4a31508beff4d31")]
    [InlineData(63, "724506eb4c328a95")]
    public void Matches_the_reference_test_vectors(int length, string expectedHex)
    {
        var expected = BinaryPrimitives.ReadUInt64LittleEndian(Convert.FromHexString(expectedHex));

        Assert.Equal(expected, SipHash.Hash24(Key, Message(length)));
    }

    [Fact]
    public void The_split_key_form_gives_the_same_hash()
    {
        var (k0, k1) = SipHash.SplitKey(Key);

        Assert.Equal(0x0706050403020100UL, k0);
        Assert.Equal(0x0f0e0d0c0b0a0908UL, k1);
        Assert.Equal(SipHash.Hash24(Key, Message(20)), SipHash.Hash24(k0, k1, Message(20)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    public void A_key_that_is_not_16_bytes_is_a_caller_error(int length)
        => Assert.Throws<ArgumentException>(() => SipHash.Hash24(new byte[length], []));
}
