using SynAck.Links;
using SynAck.Wire.Ip;

namespace SynAck.Tests.Links;

/// <summary>The CE-marking fault (RFC 3168 §5): what an AQM router does to ECN-capable packets instead of dropping them.</summary>
public sealed class CongestionMarkingTests
{
    private static byte[] Ipv4(EcnCodepoint ecn)
    {
        var packet = new byte[40];
        Assert.True(new Ipv4Header
        {
            Ecn = ecn,
            TotalLength = 40,
            TimeToLive = 64,
            Protocol = IpProtocol.Tcp,
            Source = IpAddress.Parse("192.0.2.1"),
            Destination = IpAddress.Parse("192.0.2.2"),
        }.TryWriteBytes(packet, out _));
        return packet;
    }

    private static byte[] Ipv6(EcnCodepoint ecn)
    {
        var packet = new byte[60];
        Assert.True(new Ipv6Header
        {
            Ecn = ecn,
            Dscp = 10,
            PayloadLength = 20,
            NextHeader = IpProtocol.Tcp,
            HopLimit = 64,
            Source = IpAddress.Parse("2001:db8::1"),
            Destination = IpAddress.Parse("2001:db8::2"),
        }.TryWriteBytes(packet, out _));
        return packet;
    }

    private static IpPacketView View(byte[] packet)
    {
        Assert.True(IpPacketView.TryCreate(packet, out var view, out _));
        return view;
    }

    [Theory]
    [InlineData(EcnCodepoint.Ect0)]
    [InlineData(EcnCodepoint.Ect1)]
    public void An_ect_ipv4_packet_becomes_ce_with_a_valid_header_checksum(EcnCodepoint ecn)
    {
        var packet = Ipv4(ecn);
        FaultInjector.MarkCongestionExperienced(packet);
        var view = View(packet);
        Assert.Equal(EcnCodepoint.Ce, view.Ecn);
        Assert.True(view.IsHeaderChecksumValid);
    }

    [Fact]
    public void An_ect_ipv6_packet_becomes_ce_and_keeps_its_dscp()
    {
        var packet = Ipv6(EcnCodepoint.Ect0);
        FaultInjector.MarkCongestionExperienced(packet);
        Assert.Equal(EcnCodepoint.Ce, View(packet).Ecn);
        Assert.Equal((10 << 2) | 3, View(packet).TrafficClass);
    }

    [Fact]
    public void A_not_ect_packet_is_never_marked()
    {
        // RFC 3168 §5: a router may only mark packets of ECN-capable transports.
        var packet = Ipv4(EcnCodepoint.NotEct);
        var before = packet.ToArray();
        FaultInjector.MarkCongestionExperienced(packet);
        Assert.Equal(before, packet);

        var options = new FaultOptions { CongestionMarkProbability = 1 };
        Assert.False(FaultInjector.Decide(options, new Random(1), packet).Marked);
        Assert.True(FaultInjector.Decide(options, new Random(1), Ipv4(EcnCodepoint.Ect0)).Marked);
    }
}
