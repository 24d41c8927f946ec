using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SynAck.Wire.Checksums;

/// <summary>The vector paths of <see cref="InternetChecksum.Accumulate"/>.</summary>
/// <remarks>
/// Each path sums the same big-endian 32-bit words as the scalar loop, exactly, so all paths give
/// the same partial sum. A vector is loaded, its bytes reversed within each 32-bit lane (one
/// in-lane byte shuffle), and each word split into its high and low 16-bit halves, which go into
/// two 32-bit accumulators. A half adds at most 0xFFFF to a lane, so a lane cannot overflow within
/// a block of <see cref="MaxBlockBytes"/>; after each block the lanes are widened into a 64-bit total.
/// </remarks>
public static partial class InternetChecksum
{
    /// <summary>Below this length the scalar loop is as fast as setting up vectors.</summary>
    private const int VectorThreshold = 32;

    /// <summary>
    /// Bytes summed before the 32-bit lanes are emptied. With two accumulators per half, each lane
    /// takes at most MaxBlockBytes / 64 + 1 = 2^14 + 1 halves of at most 0xFFFF, and the two are
    /// added before widening: (2^15 + 2) * 0xFFFF &lt; 2^32.
    /// </summary>
    private const int MaxBlockBytes = 1 << 20;

    /// <summary><see cref="Accumulate"/> on the 256-bit path, whatever the hardware (for tests and benchmarks).</summary>
    internal static uint AccumulateVector256(uint partialSum, ReadOnlySpan<byte> data)
    {
        var sum = SumVector256(data, out var consumed);
        return FoldTo32(partialSum + sum + SumScalar(data[consumed..]));
    }

    /// <summary><see cref="Accumulate"/> on the 128-bit path, whatever the hardware (for tests and benchmarks).</summary>
    internal static uint AccumulateVector128(uint partialSum, ReadOnlySpan<byte> data)
    {
        var sum = SumVector128(data, out var consumed);
        return FoldTo32(partialSum + sum + SumScalar(data[consumed..]));
    }

    private static ulong SumVectorized(ReadOnlySpan<byte> data, out int consumed)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            return SumVector256(data, out consumed);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            return SumVector128(data, out consumed);
        }

        consumed = 0;
        return 0;
    }

    /// <summary>
    /// The exact sum of the big-endian 32-bit words in the longest prefix of <paramref name="data"/>
    /// that is a whole number of 32-byte vectors; <paramref name="consumed"/> is that prefix's length.
    /// </summary>
    private static ulong SumVector256(ReadOnlySpan<byte> data, out int consumed)
    {
        ref var start = ref MemoryMarshal.GetReference(data);
        var length = (nuint)data.Length;
        var vectorBytes = (nuint)Vector256<byte>.Count;
        var lowMask = Vector256.Create(0xFFFFu);
        nuint offset = 0;
        ulong total = 0;
        while (length - offset >= vectorBytes)
        {
            var blockEnd = offset + Math.Min(length - offset, MaxBlockBytes);
            Vector256<uint> high0 = default, low0 = default, high1 = default, low1 = default;
            for (; blockEnd - offset >= 2 * vectorBytes; offset += 2 * vectorBytes)
            {
                var a = LoadBigEndianWords256(ref start, offset);
                var b = LoadBigEndianWords256(ref start, offset + vectorBytes);
                high0 += a >>> 16;
                low0 += a & lowMask;
                high1 += b >>> 16;
                low1 += b & lowMask;
            }

            if (blockEnd - offset >= vectorBytes)
            {
                var a = LoadBigEndianWords256(ref start, offset);
                high0 += a >>> 16;
                low0 += a & lowMask;
                offset += vectorBytes;
            }

            total += (WidenAndSum(high0 + high1) << 16) + WidenAndSum(low0 + low1);
        }

        consumed = (int)offset;
        return total;
    }

    /// <summary>The 128-bit twin of <see cref="SumVector256"/>.</summary>
    private static ulong SumVector128(ReadOnlySpan<byte> data, out int consumed)
    {
        ref var start = ref MemoryMarshal.GetReference(data);
        var length = (nuint)data.Length;
        var vectorBytes = (nuint)Vector128<byte>.Count;
        var lowMask = Vector128.Create(0xFFFFu);
        nuint offset = 0;
        ulong total = 0;
        while (length - offset >= vectorBytes)
        {
            var blockEnd = offset + Math.Min(length - offset, MaxBlockBytes / 2);
            Vector128<uint> high0 = default, low0 = default, high1 = default, low1 = default;
            for (; blockEnd - offset >= 2 * vectorBytes; offset += 2 * vectorBytes)
            {
                var a = LoadBigEndianWords128(ref start, offset);
                var b = LoadBigEndianWords128(ref start, offset + vectorBytes);
                high0 += a >>> 16;
                low0 += a & lowMask;
                high1 += b >>> 16;
                low1 += b & lowMask;
            }

            if (blockEnd - offset >= vectorBytes)
            {
                var a = LoadBigEndianWords128(ref start, offset);
                high0 += a >>> 16;
                low0 += a & lowMask;
                offset += vectorBytes;
            }

            total += (WidenAndSum(high0 + high1) << 16) + WidenAndSum(low0 + low1);
        }

        consumed = (int)offset;
        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> LoadBigEndianWords256(ref byte start, nuint offset) =>
        Vector256.Shuffle(
            Vector256.LoadUnsafe(ref start, offset),
            Vector256.Create((byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12, 19, 18, 17, 16, 23, 22, 21, 20, 27, 26, 25, 24, 31, 30, 29, 28))
        .AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> LoadBigEndianWords128(ref byte start, nuint offset) =>
        Vector128.Shuffle(
            Vector128.LoadUnsafe(ref start, offset),
            Vector128.Create((byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12))
        .AsUInt32();

    private static ulong WidenAndSum(Vector256<uint> lanes)
    {
        var (lower, upper) = Vector256.Widen(lanes);
        return Vector256.Sum(lower + upper);
    }

    private static ulong WidenAndSum(Vector128<uint> lanes)
    {
        var (lower, upper) = Vector128.Widen(lanes);
        return Vector128.Sum(lower + upper);
    }
}
