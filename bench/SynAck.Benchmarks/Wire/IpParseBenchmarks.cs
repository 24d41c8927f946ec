using BenchmarkDotNet.Attributes;
using SynAck.Wire.Ip;

namespace SynAck.Benchmarks.Wire;

/// <summary>Cost of taking an IP packet off a link: checking it and reading what demultiplexing needs.</summary>
[MemoryDiagnoser]
public class IpParseBenchmarks
{
    // A SYN from 127.0.0.1:56444 to 127.0.0.1:8080 as the Linux kernel sent it (60 bytes).
    private readonly byte[] _ipv4 = Convert.FromHexString(
        "4500003cd233400040066a867f0000017f000001dc7c1f90270add9200000000a002fbe0fe300000020404d80402080ac6a821c1000000000103030a");

    // The same SYN over IPv6 (80 bytes).
    private readonly byte[] _ipv6 = Convert.FromHexString(
        "600e706900280640000000000000000000000000000000010000000000000000000000000000000195e81f90d8fda28a00000000a002fc9400300000020404c40402080acab8d097000000000103030a");

    // 2001:db8::1 > 2001:db8::2 through Hop-by-Hop, Routing, Destination Options and AH to TCP.
    private readonly byte[] _ipv6Chain = Convert.FromHexString(
        "6bb12345005400ff20010db800000000000000000000000120010db80000000000000000000000022b000104000000003c0202000000000020010db80000000000000000000000033300010400000000060400000000010000000001aaaaaaaaaaaaaaaaaaaaaaaac000005000000001000000005002ffff00000000");

    private readonly byte[] _header = new byte[Ipv6Header.Length];

    [Benchmark]
    public int Ipv4View()
    {
        Ipv4PacketView.TryCreate(_ipv4, out var view, out _);
        return view.Payload.Length + (int)view.Protocol + (view.IsHeaderChecksumValid ? 1 : 0) + view.Source.GetHashCode();
    }

    [Benchmark]
    public int Ipv6ViewAndWalk()
    {
        Ipv6PacketView.TryCreate(_ipv6, out var view, out _);
        view.TryWalkExtensionHeaders(out var chain, out _);
        return chain.UpperLayerOffset + (int)chain.UpperLayerProtocol + view.Source.GetHashCode();
    }

    [Benchmark]
    public int IpPacketIpv4()
    {
        IpPacketView.TryCreate(_ipv4, out var view, out _);
        return view.UpperLayerData.Length + (int)view.Protocol + (view.IsHeaderChecksumValid ? 1 : 0) + view.Source.GetHashCode();
    }

    [Benchmark]
    public int IpPacketIpv6Chain()
    {
        IpPacketView.TryCreate(_ipv6Chain, out var view, out _);
        return view.UpperLayerData.Length + (int)view.Protocol + view.Destination.GetHashCode();
    }

    [Benchmark]
    public int Ipv4HeaderParseAndWrite()
    {
        Ipv4Header.TryParse(_ipv4, out var header, out _, out _);
        header.TryWriteBytes(_header, out var written);
        return written;
    }

    [Benchmark]
    public int Ipv6HeaderParseAndWrite()
    {
        Ipv6Header.TryParse(_ipv6, out var header, out _, out _);
        header.TryWriteBytes(_header, out var written);
        return written;
    }
}
