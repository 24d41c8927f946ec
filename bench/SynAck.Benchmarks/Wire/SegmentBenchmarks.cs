using BenchmarkDotNet.Attributes;
using SynAck.Wire;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Benchmarks.Wire;

/// <summary>
/// A whole TCP/IPv4 data segment as a stack handles it: 20-byte IPv4 header, TCP header with
/// timestamps (32 bytes) and a payload, parsed with both checksums verified, and emitted with both
/// checksums computed.
/// </summary>
[MemoryDiagnoser]
public class SegmentBenchmarks
{
    private static readonly IpAddress Source = IpAddress.Parse("192.0.2.1");
    private static readonly IpAddress Destination = IpAddress.Parse("192.0.2.2");

    private readonly byte[] _packet = new byte[Ipv4Header.Length + TcpHeader.MaximumLength + 1460];
    private readonly byte[] _output = new byte[Ipv4Header.Length + TcpHeader.MaximumLength + 1460];
    private TcpHeader _tcp;
    private int _length;

    /// <summary>TCP payload bytes in the segment.</summary>
    [Params(0, 1460)]
    public int PayloadLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _tcp = new TcpHeader
        {
            SourcePort = 40000,
            DestinationPort = 8080,
            SequenceNumber = 0xDEADBEEF,
            AcknowledgmentNumber = 0x01020304,
            Flags = TcpFlags.Ack | TcpFlags.Psh,
            Window = 502,
            Options = new TcpOptions { Timestamps = new TcpTimestampOption(1191558509, 77) },
        };
        _length = Emit();
        _output.AsSpan().CopyTo(_packet);
    }

    /// <summary>Check the IP header and its checksum, the TCP checksum, and parse the TCP record.</summary>
    [Benchmark]
    public TcpHeader Parse()
    {
        IpPacketView.TryCreate(_packet.AsSpan(0, _length), out var ip, out _);
        var segment = ip.UpperLayerData;
        var ok = ip.IsHeaderChecksumValid && TcpChecksum.IsValid(ip.PseudoHeaderSum(), segment);
        TcpHeader.TryParse(segment, out var header, out _, out _);
        return ok ? header : default;
    }

    /// <summary>Write the IPv4 header, the TCP header and both checksums around a payload already in place.</summary>
    [Benchmark]
    public int Emit()
    {
        var tcpLength = _tcp.GetEncodedLength();
        var total = Ipv4Header.Length + tcpLength + PayloadLength;
        var ip = new Ipv4Header
        {
            TotalLength = (ushort)total,
            DontFragment = true,
            TimeToLive = 64,
            Protocol = IpProtocol.Tcp,
            Source = Source,
            Destination = Destination,
        };
        var packet = _output.AsSpan(0, total);
        ip.TryWriteBytes(packet, out _);
        var segment = packet[Ipv4Header.Length..];
        _tcp.TryWriteBytes(segment, out _);
        TcpChecksum.WriteIPv4(packet.Slice(12, 4), packet.Slice(16, 4), segment);
        return total;
    }
}
