using SynAck.Wire.Capture;

namespace SynAck.Wire.Tests.Capture;

/// <summary>A packet as read, with its bytes copied out of the reader's buffer.</summary>
internal sealed record ReadPacket(long UnixTimeNanoseconds, LinkType LinkType, int InterfaceId, long OriginalLength, byte[] Data, long FileOffset);

/// <summary>Reads whole captures for the tests, and finds the kernel-made samples.</summary>
internal static class Captures
{
    public static (List<ReadPacket> Packets, CaptureError End) ReadAll(byte[] file)
    {
        using var reader = CaptureReader.Open(new MemoryStream(file, writable: false));
        return ReadAll(reader);
    }

    public static (List<ReadPacket> Packets, CaptureError End) ReadAll(CaptureReader reader)
    {
        var packets = new List<ReadPacket>();
        CaptureError end;
        while (reader.TryReadNext(out var packet, out end))
        {
            packets.Add(new ReadPacket(packet.UnixTimeNanoseconds, packet.LinkType, packet.InterfaceId, packet.OriginalLength, packet.Data.ToArray(), packet.FileOffset));
        }

        return (packets, end);
    }

    public static string SamplePath(string name) => Path.Combine(AppContext.BaseDirectory, "samples", name);

    public static byte[] Sample(string name) => File.ReadAllBytes(SamplePath(name));

    /// <summary>The file names of every capture in samples/ (each has a sibling .tshark.tsv).</summary>
    public static string[] SampleFiles() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "samples"))
            .Where(path => path.EndsWith(".pcap", StringComparison.Ordinal) || path.EndsWith(".pcapng", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)];

    /// <summary>Every capture in samples/, as theory data.</summary>
    public static TheoryData<string> SampleNames() => [.. SampleFiles()];
}
