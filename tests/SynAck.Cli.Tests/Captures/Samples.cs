namespace SynAck.Cli.Tests.Captures;

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

    public static List<TsharkRow> Tshark(string sample) => TsharkTsv.Read(Path(sample + ".tshark.tsv"));

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
