using System.Globalization;

namespace SynAck.Testing;

/// <summary>One line of a sample's <c>.tshark.tsv</c>: what Wireshark says about one TCP segment.</summary>
internal sealed record TsharkRow(
    int Frame, ushort SourcePort, ushort DestinationPort, ushort Flags, uint Seq, uint Ack, int Length, ushort Window,
    string TimeEpoch, int FrameLength, int CapturedLength, int InterfaceId)
{
    /// <summary><see cref="TimeEpoch"/> ("1795650147.690246809") as nanoseconds, without going through a double.</summary>
    public long UnixTimeNanoseconds
    {
        get
        {
            var dot = TimeEpoch.IndexOf('.', StringComparison.Ordinal);
            var seconds = long.Parse(TimeEpoch.AsSpan(0, dot), CultureInfo.InvariantCulture);
            var fraction = TimeEpoch[(dot + 1)..].PadRight(9, '0');
            return (seconds * 1_000_000_000) + long.Parse(fraction, CultureInfo.InvariantCulture);
        }
    }
}

/// <summary>Reads the <c>.tshark.tsv</c> files that samples/make-captures.sh wrote beside each capture.</summary>
internal static class TsharkTsv
{
    /// <summary>The rows of the TSV file at <paramref name="path"/>, columns found by name.</summary>
    public static List<TsharkRow> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var columns = lines[0].Split('\t');
        int Column(string name) => Array.IndexOf(columns, name) is var i and >= 0 ? i : throw new InvalidDataException($"no column {name}");
        var (frame, sport, dport, flags, seq, ack, len, win, time, frameLen, capLen, iface) = (
            Column("frame.number"), Column("tcp.srcport"), Column("tcp.dstport"), Column("tcp.flags"), Column("tcp.seq_raw"),
            Column("tcp.ack_raw"), Column("tcp.len"), Column("tcp.window_size_value"), Column("frame.time_epoch"),
            Column("frame.len"), Column("frame.cap_len"), Column("frame.interface_id"));
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
                int.Parse(f[capLen], CultureInfo.InvariantCulture),
                f[iface].Length == 0 ? 0 : int.Parse(f[iface], CultureInfo.InvariantCulture));
        })];
    }
}
