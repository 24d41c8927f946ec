namespace SynAck.Runtime;

/// <summary>Derives independent, reproducible seeds for numbered streams from one seed.</summary>
internal static class SeedMixer
{
    /// <summary>The seed of stream <paramref name="stream"/> under <paramref name="seed"/> (SplitMix64 finaliser).</summary>
    public static int Derive(int seed, int stream)
    {
        var z = unchecked(((ulong)(uint)seed << 32 | (uint)stream) + 0x9E37_79B9_7F4A_7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL);
        z ^= z >> 31;
        return unchecked((int)z);
    }
}
