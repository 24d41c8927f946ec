using System.Buffers.Binary;
using SynAck.Wire.Capture;

namespace SynAck.Wire.Tests.Capture;

/// <summary>The captures the Linux kernel made (samples/), read through the reader and the link layer and checked against tshark.</summary>
public class SampleCaptureTests
{
    /// <summary>The link type of each interface of each sample, as made by samples/make-captures.sh.</summary>
    private static readonly Dictionary<string, LinkType[]> LinkTypes = new()
    {
        ["bulk-download-lo-ipv4.pcap"] = [LinkType.Ethernet],
        ["http-download-any-sll.pcap"] = [LinkType.LinuxSll],
        ["http-download-any-sll2.pcap"] = [LinkType.LinuxSll2],
        ["http-download-lo-ipv4-dumpcap.pcapng"] = [LinkType.Ethernet],
        ["http-download-lo-ipv4.pcap"] = [LinkType.Ethernet],
        ["http-download-lo-ipv6-nano.pcap"] = [LinkType.Ethernet],
        ["http-download-lo-ipv6.pcap"] = [LinkType.Ethernet],
        ["refused-lo-ipv4.pcap"] = [LinkType.Ethernet],
        ["refused-lo-ipv6.pcap"] = [LinkType.Ethernet],
        ["two-interfaces.pcapng"] = [LinkType.Ethernet, LinkType.LinuxSll2],
    };

    public static TheoryData<string> Samples() => Captures.SampleNames();

    [Fact]
    public void Every_sample_has_an_expected_link_type_and_a_tshark_tsv()
    {
        Assert.Equal(LinkTypes.Keys.Order(StringComparer.Ordinal), Captures.SampleFiles());
        Assert.All(Captures.SampleFiles(), name => Assert.True(File.Exists(Captures.SamplePath(name + ".tshark.tsv")), name));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_packet_has_the_time_lengths_interface_and_link_type_wireshark_shows(string sample)
    {
        using var reader = CaptureReader.Open(Captures.SamplePath(sample));
        var (packets, end) = Captures.ReadAll(reader);
        var rows = TsharkTsv.Read(Captures.SamplePath(sample + ".tshark.tsv"));

        Assert.Equal(CaptureErrorReason.None, end.Reason);
        Assert.Equal(sample.EndsWith(".pcapng", StringComparison.Ordinal) ? CaptureFormat.PcapNg : CaptureFormat.Pcap, reader.Format);
        Assert.Equal(rows.Count, packets.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, packet) = (rows[i], packets[i]);
            Assert.Equal(i + 1, row.Frame); // every frame in these captures is TCP
            Assert.Equal(row.UnixTimeNanoseconds, packet.UnixTimeNanoseconds);
            Assert.Equal(row.FrameLength, packet.OriginalLength);
            Assert.Equal(row.CapturedLength, packet.Data.Length);
            Assert.Equal(row.InterfaceId, packet.InterfaceId);
            Assert.Equal(LinkTypes[sample][packet.InterfaceId], packet.LinkType);
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_frame_decapsulates_to_an_ip_packet_whose_tcp_ports_are_the_ones_wireshark_shows(string sample)
    {
        var packets = Captures.ReadAll(Captures.Sample(sample)).Packets;
        var rows = TsharkTsv.Read(Captures.SamplePath(sample + ".tshark.tsv"));
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.True(LinkLayer.TryDecapsulate(packets[i].LinkType, packets[i].Data, out var payload, out var error), $"frame {i + 1}: {error}");
            var ip = payload.Packet;
            int tcpStart;
            if (payload.Protocol == NetworkProtocol.Ipv4)
            {
                Assert.Equal(4, ip[0] >> 4);
                Assert.Equal(6, ip[9]);
                tcpStart = (ip[0] & 0x0F) * 4;
            }
            else
            {
                Assert.Equal(NetworkProtocol.Ipv6, payload.Protocol);
                Assert.Equal(6, ip[0] >> 4);
                Assert.Equal(6, ip[6]); // no extension headers on loopback
                tcpStart = 40;
            }

            Assert.Equal(rows[i].SourcePort, BinaryPrimitives.ReadUInt16BigEndian(ip[tcpStart..]));
            Assert.Equal(rows[i].DestinationPort, BinaryPrimitives.ReadUInt16BigEndian(ip[(tcpStart + 2)..]));
        }
    }

    [Fact]
    public void Both_address_families_appear_in_the_any_captures()
    {
        foreach (var sample in new[] { "http-download-any-sll.pcap", "http-download-any-sll2.pcap" })
        {
            var protocols = Captures.ReadAll(Captures.Sample(sample)).Packets
                .Select(p => LinkLayer.TryDecapsulate(p.LinkType, p.Data, out var payload, out _) ? payload.Protocol : NetworkProtocol.Other)
                .Distinct()
                .Order();
            Assert.Equal([NetworkProtocol.Ipv4, NetworkProtocol.Ipv6], protocols);
        }
    }

    [Fact]
    public void The_nanosecond_capture_keeps_digits_below_the_microsecond()
    {
        var packets = Captures.ReadAll(Captures.Sample("http-download-lo-ipv6-nano.pcap")).Packets;
        Assert.Contains(packets, p => p.UnixTimeNanoseconds % 1000 != 0);
    }

    [Fact]
    public void Data_segments_in_the_samples_were_cut_by_the_200_byte_snap_length()
    {
        var packets = Captures.ReadAll(Captures.Sample("bulk-download-lo-ipv4.pcap")).Packets;
        Assert.Contains(packets, p => p.OriginalLength == 14 + 20 + 32 + 1448 && p.Data.Length == 200);
    }
}
