using CsCheck;
using SynAck.Wire.Capture;

namespace SynAck.Wire.Tests.Capture;

/// <summary>Cut or damaged captures: every packet before the damage, then a typed error naming the offset; never an exception.</summary>
public class CaptureDamageTests
{
    private static readonly byte[] Ipv4Start = [0x45, 0x00, 0x00, 0x14];

    /// <summary>A pcapng file with something of everything: two sections in both byte orders, skipped blocks, SPB, obsolete PB.</summary>
    private static byte[] MixedPcapNg() => new PcapNgBuilder()
        .Section().Interface(LinkType.Raw, tsresol: 9).Other(4, 12).Enhanced(0, 1, Ipv4Start, withComment: true)
        .Simple([0x60, 1, 2, 3, 4, 5], 6)
        .Section(bigEndian: true).Interface(LinkType.Ethernet, snapLength: 100).Interface(LinkType.Raw)
        .ObsoletePacket(1, 2, Ipv4Start).Enhanced(0, 3, [.. new byte[14], 0x45]).Other(5, 20)
        .ToArray();

    public static TheoryData<string> Samples() => Captures.SampleNames();

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_cut_of_a_kernel_capture_keeps_the_packets_before_it_and_names_where_it_broke(string sample)
        => AssertEveryCut(Captures.Sample(sample));

    [Fact]
    public void Every_cut_of_a_big_endian_capture_keeps_the_packets_before_it_and_names_where_it_broke()
        => AssertEveryCut(PcapReaderTests.ToBigEndian(Captures.Sample("refused-lo-ipv6.pcap")));

    [Fact]
    public void Every_cut_of_a_mixed_pcapng_file_keeps_the_packets_before_it_and_names_where_it_broke()
        => AssertEveryCut(MixedPcapNg());

    [Fact]
    public void Random_bytes_never_throw_and_any_error_points_inside_the_file()
    {
        byte[][] prefixes =
        [
            [],
            [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0],
            [0xA1, 0xB2, 0x3C, 0x4D, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 101],
            new PcapNgBuilder().Section().Interface(LinkType.Raw).ToArray(),
            new PcapNgBuilder().Section(bigEndian: true).ToArray()[..12],
        ];
        Gen.Select(Gen.Int[0, prefixes.Length - 1], Gen.Byte.Array[0, 300]).ForAll(seed: 0xF022, iterations: 3000, c =>
        {
            var file = (byte[])[.. prefixes[c.Item1], .. c.Item2];
            var (packets, end) = Captures.ReadAll(file);
            Assert.InRange(end.Offset, 0, file.Length);
            Assert.All(packets, p => Assert.InRange(p.FileOffset, 0, file.Length - 1));
            Assert.All(packets, p => Assert.InRange(p.Data.Length, 0, file.Length));
        });
    }

    [Fact]
    public void A_flipped_bit_anywhere_never_throws_and_spares_every_packet_before_its_record()
    {
        var files = Captures.SampleFiles().Select(Captures.Sample).Append(MixedPcapNg()).ToArray();
        var originals = files.Select(f => Captures.ReadAll(f).Packets).ToArray();
        var layouts = files.Select(RecordLayout.Of).ToArray();
        Gen.Select(Gen.Int[0, files.Length - 1], Gen.UInt).ForAll(seed: 0xB17F, iterations: 3000, c =>
        {
            var (index, where) = c;
            var file = (byte[])files[index].Clone();
            var bit = (int)(where % (uint)(file.Length * 8));
            file[bit / 8] ^= (byte)(1 << (bit % 8));

            var (packets, end) = Captures.ReadAll(file);

            var damaged = layouts[index].First(r => r.Start <= bit / 8 && bit / 8 < r.End);
            var spared = originals[index].Where(p => p.FileOffset < damaged.Start).ToList();
            Assert.True(packets.Count >= spared.Count, $"{packets.Count} packets read, {spared.Count} before the damaged record at {damaged.Start}");
            Assert.Equal(spared, packets.Take(spared.Count), SamePacket);
            Assert.InRange(end.Offset, 0, file.Length);
        });
    }

    private static void AssertEveryCut(byte[] file)
    {
        var (all, fullEnd) = Captures.ReadAll(file);
        Assert.Equal(new CaptureError(CaptureErrorReason.None, file.Length), fullEnd);
        var layout = RecordLayout.Of(file);
        Assert.Equal(file.Length, layout[^1].End);
        var packetEnds = layout.Where(r => r.IsPacket).Select(r => r.End).ToArray();

        for (var length = 0; length <= file.Length; length++)
        {
            using var reader = CaptureReader.Open(new MemoryStream(file, 0, length, writable: false));
            var count = 0;
            CaptureError end;
            while (reader.TryReadNext(out var packet, out end))
            {
                if (count >= all.Count || !SamePacket(all[count], packet))
                {
                    Assert.Fail($"cut at {length}: packet {count} differs");
                }

                count++;
            }

            var expectedCount = packetEnds.Count(e => e <= length);
            Assert.True(expectedCount == count, $"cut at {length}: {count} packets, expected {expectedCount}");
            Assert.Equal(RecordLayout.ExpectedEndOfCut(layout, length), end);
        }
    }

    private static bool SamePacket(ReadPacket a, CapturePacket b)
        => a.UnixTimeNanoseconds == b.UnixTimeNanoseconds && a.LinkType == b.LinkType && a.InterfaceId == b.InterfaceId
            && a.OriginalLength == b.OriginalLength && a.FileOffset == b.FileOffset && a.Data.AsSpan().SequenceEqual(b.Data.Span);

    private static bool SamePacket(ReadPacket a, ReadPacket b)
        => a.UnixTimeNanoseconds == b.UnixTimeNanoseconds && a.LinkType == b.LinkType && a.InterfaceId == b.InterfaceId
            && a.OriginalLength == b.OriginalLength && a.FileOffset == b.FileOffset && a.Data.AsSpan().SequenceEqual(b.Data);
}
