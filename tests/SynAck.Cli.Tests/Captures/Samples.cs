using System.Globalization;

namespace SynAck.Cli.Tests.Captures;

/// <summary>One line of a sample's <c>.tshark.tsv</c>: what Wireshark says about one TCP segment.</summary>
internal sealed record TsharkRow(
    int Frame, ushort SourcePort, ushort DestinationPort, ushort Flags, uint Seq, uint Ack, int Length, ushort Window,
    string TimeEpoch, int FrameLength, int CapturedLength);

/// <summary>The kernel-made captures in samples/ (copied beside the tests) and their tshark views.</summary>
internal static class Samples
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "samples", name);

    public static string GoldenPath(string folder, string name) => System.IO.Path.Combine(AppContext.BaseDirectory, folder, "Golden", name);

    /// <summary>Every capture in samples/ (each has a sibling .tshark.tsv).</summary>
    public static string[] Files() =>
        [.. Directory.GetFiles(System.IO.Path.Combine(AppContext.BaseDirectory, "samples"))
            .Select(System.IO.Path.GetFileName)
            .OfType<string>()
            .Where(name => name.EndsWith(".pcap", StringComparison.Ordinal) || name.EndsWith(".pcapng", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    public static TheoryData<string> Names() => [.. Files()];

    public static List<TsharkRow> Tshark(string sample)
    {
        var lines = File.ReadAllLines(Path(sample + ".tshark.tsv"));
        var columns = lines[0].Split('\t');
        int Column(string name) => Array.IndexOf(columns, name) is var i and >= 0 ? i : throw new InvalidDataException($"no column {name}");
        var (frame, sport, dport, flags, seq, ack, len, win, time, frameLen, capLen) = (
            Column("frame.number"), Column("tcp.srcport"), Column("tcp.dstport"), Column("tcp.flags"), Column("tcp.seq_raw"),
            Column("tcp.ack_raw"), Column("tcp.len"), Column("tcp.window_size_value"), Column("frame.time_epoch"),
            Column("frame.len"), Column("frame.cap_len"));
        return [.. lines.Skip(1).Where(line => line.Length > 0).Select(line =>
        {
            var f = line.Split('\t');
            return new TsharkRow(
                int.Parse(f[frame], CultureInfo.InvariantCulture),
                ushort.Parse(f[sport], CultureInfo.InvariantCulture),
                ushort.Parse(f[dport], CultureInfo.InvariantCulture),
                ushort.Parse(f[flags].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                uint.Parse(f[seq], CultureInfo.InvariantCulture),
                uint.Parse(f[ack], CultureInfo.InvariantCulture),
                int.Parse(f[len], CultureInfo.InvariantCulture),
                ushort.Parse(f[win], CultureInfo.InvariantCulture),
                f[time],
                int.Parse(f[frameLen], CultureInfo.InvariantCulture),
                int.Parse(f[capLen], CultureInfo.InvariantCulture));
        })];
    }

    /// <summary>
    /// tcpdump's flag letters for the TCP flags word, written here independently of SynAck's
    /// formatter: F S R P . U E W in that order, "none" when no bit is set (AE is not in the samples).
    /// </summary>
    public static string TcpdumpLetters(ushort flags)
    {
        var letters = string.Concat(
            (flags & 0x01) != 0 ? "F" : "",
            (flags & 0x02) != 0 ? "S" : "",
            (flags & 0x04) != 0 ? "R" : "",
            (flags & 0x08) != 0 ? "P" : "",
            (flags & 0x10) != 0 ? "." : "",
            (flags & 0x20) != 0 ? "U" : "",
            (flags & 0x40) != 0 ? "E" : "",
            (flags & 0x80) != 0 ? "W" : "");
        return letters.Length == 0 ? "none" : letters;
    }
}
