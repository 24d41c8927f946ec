using System.Buffers.Binary;
using System.Numerics;

namespace SynAck.Tcp.Security;

/// <summary>
/// SipHash-2-4, the keyed pseudorandom function of Aumasson and Bernstein ("SipHash: a fast
/// short-input PRF", 2012): two compression rounds per 8-byte word, four finalization rounds,
/// a 128-bit key and a 64-bit result.
/// </summary>
public static class SipHash
{
    /// <summary>The key length in bytes.</summary>
    public const int KeyLength = 16;

    /// <summary>Hashes <paramref name="message"/> under a 16-byte <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 16 bytes long.</exception>
    public static ulong Hash24(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        var (k0, k1) = SplitKey(key);
        return Hash24(k0, k1, message);
    }

    /// <summary>
    /// Hashes <paramref name="message"/> under the key given as its two little-endian 64-bit
    /// halves (bytes 0-7 and 8-15), as <see cref="SplitKey"/> returns them.
    /// </summary>
    public static ulong Hash24(ulong k0, ulong k1, ReadOnlySpan<byte> message)
    {
        // The initial state: the key XORed with the ASCII of "somepseudorandomlygeneratedbytes".
        var v0 = k0 ^ 0x736f6d6570736575UL;
        var v1 = k1 ^ 0x646f72616e646f6dUL;
        var v2 = k0 ^ 0x6c7967656e657261UL;
        var v3 = k1 ^ 0x7465646279746573UL;

        var fullWords = message.Length / 8;
        for (var i = 0; i < fullWords; i++)
        {
            var m = BinaryPrimitives.ReadUInt64LittleEndian(message.Slice(i * 8, 8));
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }

        // The last word: the remaining 0-7 bytes, little-endian, with the length (mod 256) in the top byte.
        var last = (ulong)(byte)message.Length << 56;
        var tail = message[(fullWords * 8)..];
        for (var i = 0; i < tail.Length; i++)
        {
            last |= (ulong)tail[i] << (8 * i);
        }

        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;

        v2 ^= 0xff;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /// <summary>Splits a 16-byte key into its little-endian 64-bit halves.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 16 bytes long.</exception>
    public static (ulong K0, ulong K1) SplitKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"A SipHash key is {KeyLength} bytes (was {key.Length}).", nameof(key));
        }

        return (BinaryPrimitives.ReadUInt64LittleEndian(key), BinaryPrimitives.ReadUInt64LittleEndian(key[8..]));
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}
