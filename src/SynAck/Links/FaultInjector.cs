using SynAck.Wire.Checksums;

namespace SynAck.Links;

/// <summary>The per-packet fault draws shared by <see cref="FaultInjectingLink"/> and the in-memory network.</summary>
internal static class FaultInjector
{
    /// <summary>
    /// Draws the faults for one packet. Only faults with a non-zero probability draw a number,
    /// always in the same order (loss, corruption, duplication, reordering, then a CE mark for an
    /// ECN-capable packet), so a run is reproducible from the seed; a lost packet draws nothing more.
    /// </summary>
    public static FaultDecision Decide(FaultOptions options, Random random, ReadOnlySpan<byte> packet)
    {
        if (options.IsNone)
        {
            return default;
        }

        if (Happens(options.LossProbability, random))
        {
            return new FaultDecision(Lost: true, Corrupted: false, Duplicated: false, Reordered: false, Marked: false);
        }

        var corrupted = Happens(options.CorruptionProbability, random);
        var duplicated = Happens(options.DuplicationProbability, random);
        var reordered = Happens(options.ReorderProbability, random);
        var marked = options.CongestionMarkProbability > 0 && IsEcnCapable(packet) && Happens(options.CongestionMarkProbability, random);
        return new FaultDecision(Lost: false, corrupted, duplicated, reordered, marked);
    }

    /// <summary>Whether an IP packet's ECN field is ECT(0) or ECT(1) (RFC 3168 §5).</summary>
    public static bool IsEcnCapable(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 2)
        {
            return false;
        }

        var ecn = (packet[0] >> 4) switch
        {
            4 => packet[1] & 0x03,
            6 => (packet[1] >> 4) & 0x03,
            _ => 0,
        };
        return ecn is 1 or 2;
    }

    /// <summary>Sets an ECN-capable packet's ECN field to CE (11), keeping the IPv4 header checksum right (RFC 1624).</summary>
    public static void MarkCongestionExperienced(Span<byte> packet)
    {
        if (!IsEcnCapable(packet))
        {
            return;
        }

        if (packet[0] >> 4 == 6)
        {
            packet[1] |= 0x30;
            return;
        }

        if (packet.Length < 20)
        {
            return;
        }

        var oldWord = (ushort)((packet[0] << 8) | packet[1]);
        packet[1] |= 0x03;
        var newWord = (ushort)((packet[0] << 8) | packet[1]);
        var checksum = (ushort)((packet[10] << 8) | packet[11]);
        checksum = InternetChecksum.Update(checksum, oldWord, newWord);
        packet[10] = (byte)(checksum >> 8);
        packet[11] = (byte)checksum;
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
internal readonly record struct FaultDecision(bool Lost, bool Corrupted, bool Duplicated, bool Reordered, bool Marked);
