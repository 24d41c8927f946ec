namespace SynAck.Links;

/// <summary>The per-packet fault draws shared by <see cref="FaultInjectingLink"/> and the in-memory network.</summary>
internal static class FaultInjector
{
    /// <summary>
    /// Draws the faults for one packet. Only faults with a non-zero probability draw a number,
    /// always in the same order (loss, corruption, duplication, reordering), so a run is
    /// reproducible from the seed; a lost packet draws nothing more.
    /// </summary>
    public static FaultDecision Decide(FaultOptions options, Random random)
    {
        if (options.IsNone)
        {
            return default;
        }

        if (Happens(options.LossProbability, random))
        {
            return new FaultDecision(Lost: true, Corrupted: false, Duplicated: false, Reordered: false);
        }

        var corrupted = Happens(options.CorruptionProbability, random);
        var duplicated = Happens(options.DuplicationProbability, random);
        var reordered = Happens(options.ReorderProbability, random);
        return new FaultDecision(Lost: false, corrupted, duplicated, reordered);
    }

    /// <summary>Flips one randomly chosen bit of the packet.</summary>
    public static void Corrupt(Span<byte> packet, Random random)
    {
        if (packet.IsEmpty)
        {
            return;
        }

        var bit = random.Next(packet.Length * 8);
        packet[bit >> 3] ^= (byte)(1 << (bit & 7));
    }

    private static bool Happens(double probability, Random random) => probability > 0 && random.NextDouble() < probability;
}

/// <summary>The faults drawn for one packet.</summary>
internal readonly record struct FaultDecision(bool Lost, bool Corrupted, bool Duplicated, bool Reordered);
