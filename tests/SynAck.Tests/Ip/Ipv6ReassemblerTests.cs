using SynAck.Ip;
using SynAck.Wire.Ip;
using static SynAck.Tests.Ip.FragmentBuilder;

namespace SynAck.Tests.Ip;

public class Ipv6ReassemblerTests
{
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(100);

    /// <summary>Hop-by-Hop (next: Destination Options), Destination Options (next: Routing), Routing with no segments left (next: Fragment).</summary>
    private static readonly byte[] UnfragmentableHeaders =
    [
        (byte)IpProtocol.DestinationOptions, 0, 1, 4, 0, 0, 0, 0,
        (byte)IpProtocol.Routing, 0, 1, 4, 0, 0, 0, 0,
        (byte)IpProtocol.Fragment, 0, 4, 0, 0, 0, 0, 0,
    ];

    [Fact]
    public void Kernel_fragments_rebuild_the_packet_Linux_rebuilt_and_quoted_in_its_port_unreachable()
    {
        using var reassembler = new Ipv6Reassembler();
        var quoted = KernelPackets.PortUnreachableForReassembledV6.AsSpan(48).ToArray();
        byte[]? whole = null;
        foreach (var fragment in KernelPackets.UdpFragmentsV6)
        {
            var forwarded = (byte[])fragment.Clone();
            forwarded[7] = 63;
            whole = Add(reassembler, forwarded, Start);
        }

        Assert.NotNull(whole);
        Assert.Equal(40 + 3008, whole.Length);
        Assert.Equal(quoted, whole.AsSpan(0, quoted.Length).ToArray());
        Assert.Equal(KernelPackets.Pattern(0, 3000), whole.AsSpan(48).ToArray());
    }

    [Fact]
    public void Extension_headers_before_the_Fragment_header_are_kept_and_the_last_one_names_what_followed_it()
    {
        using var reassembler = new Ipv6Reassembler();

        // The Fragmentable Part starts with a Destination Options header for UDP.
        byte[] fragmentable = [(byte)IpProtocol.Udp, 0, 1, 4, 0, 0, 0, 0, .. Payload(1000)];
        var pieces = Even(fragmentable.Length, 400);
        byte[]? whole = null;
        foreach (var piece in pieces.Reverse())
        {
            whole = Add(reassembler, FragmentV6(fragmentable, piece, fragmentNext: IpProtocol.DestinationOptions, unfragmentable: UnfragmentableHeaders, firstHeader: IpProtocol.HopByHop), Start);
        }

        byte[] expectedHeaders = [.. UnfragmentableHeaders[..16], (byte)IpProtocol.DestinationOptions, .. UnfragmentableHeaders[17..]];
        Assert.Equal(WholeV6(fragmentable, IpProtocol.HopByHop, expectedHeaders), whole);
        var view = View(whole!);
        Assert.Equal(IpProtocol.Udp, view.Protocol);
        Assert.Equal(fragmentable[8..], view.UpperLayerData.ToArray());
    }

    [Fact]
    public void Only_the_first_fragments_Next_Header_counts()
    {
        using var reassembler = new Ipv6Reassembler();
        var payload = Payload(64);

        Add(reassembler, FragmentV6(payload, new Piece(32, 32, false), fragmentNext: IpProtocol.Tcp), Start);
        var whole = Add(reassembler, FragmentV6(payload, new Piece(0, 32, true), fragmentNext: IpProtocol.Udp), Start);

        Assert.Equal(WholeV6(payload, IpProtocol.Udp), whole);
    }

    [Fact]
    public void An_atomic_fragment_comes_back_as_it_is_and_is_counted()
    {
        using var reassembler = new Ipv6Reassembler();
        var packet = FragmentV6(Payload(20), new Piece(0, 20, false));
        var view = View(packet);

        Assert.True(reassembler.TryAdd(view, Start, out var whole));

        Assert.True(whole == view.Packet);
        Assert.Equal(1, reassembler.Counters.AtomicFragments);
        Assert.Equal(0, reassembler.Counters.FragmentsReceived);
        Assert.Equal(0, reassembler.DatagramCount);
    }

    [Fact]
    public void A_packet_without_a_Fragment_header_comes_back_as_it_is()
    {
        using var reassembler = new Ipv6Reassembler();
        var view = View(WholeV6(Payload(20), IpProtocol.HopByHop, [(byte)IpProtocol.Udp, 0, 1, 4, 0, 0, 0, 0]));

        Assert.True(reassembler.TryAdd(view, Start, out var whole));

        Assert.True(whole == view.Packet);
        Assert.Equal(default, reassembler.Counters);
    }

    [Fact]
    public void Overlapping_fragments_drop_the_datagram_and_its_fragments_not_yet_received()
    {
        // RFC 5722: "the entire datagram (and any constituent fragments, including those not yet
        // received) MUST be silently discarded".
        using var reassembler = new Ipv6Reassembler();
        var payload = Payload(64);

        Assert.Null(Add(reassembler, FragmentV6(payload, new Piece(0, 32, true)), Start));
        Assert.Null(Add(reassembler, FragmentV6(payload, new Piece(24, 16, true)), Start));
        Assert.Null(Add(reassembler, FragmentV6(payload, new Piece(32, 32, false)), Start));

        Assert.Equal(3, reassembler.Counters.DroppedOverlap);
        Assert.Equal(0, reassembler.Counters.PacketsReassembled);
    }

    [Fact]
    public void An_exact_duplicate_is_dropped_alone()
    {
        using var reassembler = new Ipv6Reassembler();
        var payload = Payload(64);

        Add(reassembler, FragmentV6(payload, new Piece(32, 32, false)), Start);
        Add(reassembler, FragmentV6(payload, new Piece(32, 32, false)), Start);
        var whole = Add(reassembler, FragmentV6(payload, new Piece(0, 32, true)), Start);

        Assert.Equal(WholeV6(payload, IpProtocol.Udp), whole);
        Assert.Equal(1, reassembler.Counters.DroppedDuplicate);
    }

    [Fact]
    public void A_Payload_Length_of_65535_is_rebuilt_and_one_byte_more_is_too_big()
    {
        using var reassembler = new Ipv6Reassembler();
        var payload = Payload(65536);
        var pieces = Even(65535, 1232);
        byte[]? whole = null;
        foreach (var piece in pieces)
        {
            whole = Add(reassembler, FragmentV6(payload, piece, id: 1), Start);
        }

        Assert.Equal(40 + 65535, whole!.Length);
        Assert.Equal(0xFFFF, View(whole).Packet[4] << 8 | View(whole).Packet[5]);

        Assert.Null(Add(reassembler, FragmentV6(payload, new Piece(65528, 8, false), id: 2), Start));
        Assert.Equal(1, reassembler.Counters.DroppedTooBig);
    }

    [Fact]
    public void Extension_headers_count_towards_the_65535_byte_Payload_Length()
    {
        using var reassembler = new Ipv6Reassembler();
        var payload = Payload(65536);

        Assert.Null(Add(reassembler, FragmentV6(payload, new Piece(65528 - 16, 16, false), unfragmentable: UnfragmentableHeaders, firstHeader: IpProtocol.HopByHop), Start));

        Assert.Equal(1, reassembler.Counters.DroppedTooBig);
    }

    [Fact]
    public void CE_on_any_fragment_marks_the_rebuilt_packet()
    {
        using var reassembler = new Ipv6Reassembler();
        var payload = Payload(64);
        Add(reassembler, FragmentV6(payload, new Piece(0, 32, true), ecn: EcnCodepoint.Ce), Start);
        var whole = Add(reassembler, FragmentV6(payload, new Piece(32, 32, false), ecn: EcnCodepoint.Ect0), Start);

        Assert.Equal(WholeV6(payload, IpProtocol.Udp, ecn: EcnCodepoint.Ce), whole);
    }

    [Fact]
    public void Fragments_from_another_source_or_with_another_identification_belong_to_another_datagram()
    {
        using var reassembler = new Ipv6Reassembler();
        var payload = Payload(64);
        Add(reassembler, FragmentV6(payload, new Piece(0, 32, true)), Start);

        Assert.Null(Add(reassembler, FragmentV6(payload, new Piece(32, 32, false), id: 7), Start));
        Assert.Null(Add(reassembler, FragmentV6(payload, new Piece(32, 32, false), source: IpAddress.Parse("2001:db8::9")), Start));
        Assert.Equal(3, reassembler.DatagramCount);
        Assert.NotNull(Add(reassembler, FragmentV6(payload, new Piece(32, 32, false)), Start));
    }

    [Fact]
    public void A_datagram_missing_a_fragment_is_given_up_after_60_seconds()
    {
        using var reassembler = new Ipv6Reassembler();
        Add(reassembler, FragmentV6(Payload(64), new Piece(0, 32, true)), Start);

        Assert.Equal(Start + TimeSpan.FromSeconds(60), reassembler.NextExpiry);
        Assert.Null(reassembler.Expire(Start + TimeSpan.FromSeconds(60)));
        Assert.Equal(1, reassembler.Counters.DroppedTimeout);
        Assert.Equal(0, reassembler.BytesHeld);
    }

    [Fact]
    public void Misuse_throws()
    {
        using var reassembler = new Ipv6Reassembler();
        var v4 = WholeV4(Payload(8));

        Assert.Throws<ArgumentException>(() => reassembler.TryAdd(View(v4), Start, out _));
        Assert.Equal(40 + 65535, reassembler.MaxPacketLength);
    }

    internal static byte[]? Add(Ipv6Reassembler reassembler, byte[] packet, TimeSpan now)
        => reassembler.TryAdd(View(packet), now, out var whole) ? whole.ToArray() : null;
}
