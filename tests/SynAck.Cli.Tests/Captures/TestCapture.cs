using SynAck.Wire;
using SynAck.Wire.Capture;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Cli.Tests.Captures;

/// <summary>A capture file made by a test, deleted when disposed.</summary>
internal sealed class TempCapture : IDisposable
{
    public TempCapture(byte[] bytes)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"synack-test-{Guid.NewGuid():N}.pcap");
        File.WriteAllBytes(Path, bytes);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}

/// <summary>Builds small captures of hand-made packets, for cases the kernel samples do not have.</summary>
internal static class TestCapture
{
    public static readonly IpAddress Client = IpAddress.Parse("192.0.2.1");
    public static readonly IpAddress Server = IpAddress.Parse("192.0.2.2");

    /// <summary>A classic pcap, raw IP link type, microsecond timestamps one millisecond apart from 2001-09-09T01:46:40Z.</summary>
    public static byte[] Pcap(params byte[][] packets) => Pcap(CaptureReader.MaxCapturedLength, packets);

    /// <summary>As <see cref="Pcap(byte[][])"/>, keeping only the first <paramref name="snapLength"/> bytes of each packet.</summary>
    public static byte[] Pcap(int snapLength, params byte[][] packets)
    {
        using var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, new PcapWriterOptions { LinkType = LinkType.Raw, SnapLength = snapLength }, leaveOpen: true))
        {
            for (var i = 0; i < packets.Length; i++)
            {
                writer.WritePacket(1_000_000_000_000_000_000 + (i * 1_000_000L), packets[i]);
            }
        }

        return stream.ToArray();
    }

    /// <summary>An IPv4 packet from the client to the server (or back) with a correct header checksum around <paramref name="payload"/>.</summary>
    public static byte[] Ipv4(IpProtocol protocol, byte[] payload, bool moreFragments = false, ushort fragmentOffset = 0, bool fromServer = false)
    {
        var packet = new byte[Ipv4Header.Length + payload.Length];
        var header = new Ipv4Header
        {
            TotalLength = (ushort)packet.Length,
            Identification = 7,
            MoreFragments = moreFragments,
            FragmentOffset = fragmentOffset,
            TimeToLive = 64,
            Protocol = protocol,
            Source = fromServer ? Server : Client,
            Destination = fromServer ? Client : Server,
        };
        Assert.True(header.TryWriteBytes(packet, out _));
        payload.CopyTo(packet, Ipv4Header.Length);
        return packet;
    }

    /// <summary>
    /// A TCP segment in IPv4 with a correct TCP checksum, from the client to the server, or from the
    /// server when <paramref name="fromServer"/> (the header's ports must then be the server's).
    /// </summary>
    public static byte[] TcpIpv4(TcpHeader header, byte[] payload, bool fromServer = false)
    {
        var segment = new byte[header.GetEncodedLength() + payload.Length];
        Assert.True(header.TryWriteBytes(segment, out var written));
        payload.CopyTo(segment, written);
        Span<byte> source = stackalloc byte[4];
        Span<byte> destination = stackalloc byte[4];
        Assert.True((fromServer ? Server : Client).TryWriteBytes(source, out _));
        Assert.True((fromServer ? Client : Server).TryWriteBytes(destination, out _));
        TcpChecksum.WriteIPv4(source, destination, segment);
        return Ipv4(IpProtocol.Tcp, segment, fromServer: fromServer);
    }

    /// <summary>A header from the client's port 40000 to the server's port 80, or back when <paramref name="fromServer"/>.</summary>
    public static TcpHeader Header(TcpFlags flags, uint seq, uint ack, ushort window = 1000, bool fromServer = false) => new()
    {
        SourcePort = fromServer ? (ushort)80 : (ushort)40000,
        DestinationPort = fromServer ? (ushort)40000 : (ushort)80,
        SequenceNumber = seq,
        AcknowledgmentNumber = ack,
        Flags = flags,
        Window = window,
    };
}
