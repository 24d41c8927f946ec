using System.Buffers.Binary;
using SynAck.Ip;
using SynAck.Wire.Checksums;
using SynAck.Wire.Ip;
using static SynAck.Tests.Ip.FragmentBuilder;

namespace SynAck.Tests.Ip;

public class Ipv4ReassemblerTests
{
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(100);

    [Fact]
    public void Kernel_fragments_rebuild_the_packet_Linux_rebuilt_and_quoted_in_its_port_unreachable()
    {
        // The server saw the fragments with TTL 63 (after the router); its ICMP error quotes the
        // first 548 bytes of the packet it reassembled, header included.
        using var reassembler = new Ipv4Reassembler();
        var quoted = KernelPackets.PortUnreachableForReassembledV4.AsSpan(28).ToArray();
        byte[]? whole = null;
        foreach (var fragment in KernelPackets.UdpFragmentsV4)
        {
            whole = Add(reassembler, AsForwarded(fragment), Start);
        }

        Assert.NotNull(whole);
        Assert.Equal(3028, whole.Length);
        Assert.Equal(quoted, whole.AsSpan(0, quoted.Length).ToArray());
        Assert.Equal(KernelPackets.Pattern(0, 3000), whole.AsSpan(28).ToArray());
    }

    [Theory]
    [InlineData(0, 1, 2)]
    [InlineData(0, 2, 1)]
    [InlineData(1, 0, 2)]
    [InlineData(1, 2, 0)]
    [InlineData(2, 0, 1)]
    [InlineData(2, 1, 0)]
    public void Fragments_in_any_order_rebuild_the_same_packet(int first, int second, int third)
    {
        using var reassembler = new Ipv4Reassembler();
        var fragments = KernelPackets.UdpFragmentsV4;

        Assert.Null(Add(reassembler, fragments[first], Start));
        Assert.Null(Add(reassembler, fragments[second], Start));
        var whole = Add(reassembler, fragments[third], Start);

        Assert.NotNull(whole);
        var view = View(whole);
        Assert.False(view.IsFragment);
        Assert.True(view.IsHeaderChecksumValid);
        Assert.Equal(3008, view.UpperLayerData.Length);
        Assert.Equal(KernelPackets.Pattern(0, 3000), view.UpperLayerData[8..].ToArray());
        Assert.Equal(new ReassemblyCounters(3, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), reassembler.Counters);
        Assert.Equal(0, reassembler.DatagramCount);
        Assert.Equal(0, reassembler.BytesHeld);
        Assert.Null(reassembler.NextExpiry);
    }

    [Fact]
    public void A_packet_that_is_not_a_fragment_comes_back_as_it_is()
    {
        using var reassembler = new Ipv4Reassembler();
        var packet = WholeV4(Payload(100));
        var view = View(packet);

        Assert.True(reassembler.TryAdd(view, Start, out var whole));

        Assert.True(whole == view.Packet);
        Assert.Equal(default, reassembler.Counters);
    }

    [Fact]
    public void The_rebuilt_header_keeps_DF_and_the_first_fragments_options_and_has_a_valid_checksum()
    {
        using var reassembler = new Ipv4Reassembler();
        var payload = Payload(40);
        byte[] options = [0x07, 0x07, 0x04, 0, 0, 0, 0, 0]; // Record Route with room for one address.
        var first = FragmentV4(payload, new Piece(0, 24, true), dontFragment: true, options: options);
        var last = FragmentV4(payload, new Piece(24, 16, false), dontFragment: true);

        Assert.Null(Add(reassembler, last, Start));
        var whole = Add(reassembler, first, Start)!;

        Assert.True(Ipv4PacketView.TryCreate(whole, out var view, out _));
        Assert.Equal(28 + 40, view.TotalLength);
        Assert.Equal(options, view.Options.ToArray());
        Assert.True(view.DontFragment);
        Assert.False(view.MoreFragments);
        Assert.Equal(0, view.FragmentOffset);
        Assert.True(view.IsHeaderChecksumValid);
        Assert.Equal(payload, view.Payload.ToArray());
    }

    [Fact]
    public void An_exact_duplicate_is_dropped_alone_and_the_datagram_still_completes()
    {
        using var reassembler = new Ipv4Reassembler();
        var payload = Payload(48);
        var pieces = Even(48, 16);

        Assert.Null(Add(reassembler, FragmentV4(payload, pieces[1]), Start));
        Assert.Null(Add(reassembler, FragmentV4(payload, pieces[1]), Start));
        Assert.Null(Add(reassembler, FragmentV4(payload, pieces[0]), Start));
        Assert.Null(Add(reassembler, FragmentV4(payload, pieces[0]), Start));
        var whole = Add(reassembler, FragmentV4(payload, pieces[2]), Start);

        Assert.Equal(payload, View(whole!).UpperLayerData.ToArray());
        var counters = reassembler.Counters;
        Assert.Equal(2, counters.DroppedDuplicate);
        Assert.Equal(3, counters.FragmentsReassembled);
        Assert.Equal(5, counters.FragmentsReceived);
    }

    [Fact]
    public void An_overlap_drops_the_datagram_and_its_fragments_that_arrive_later()
    {
        using var reassembler = new Ipv4Reassembler();
        var payload = Payload(48);

        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(0, 16, true)), Start));
        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(8, 16, true)), Start));
        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(16, 16, true)), Start));
        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(32, 16, false)), Start));

        var counters = reassembler.Counters;
        Assert.Equal(4, counters.DroppedOverlap);
        Assert.Equal(1, counters.DatagramsDiscarded);
        Assert.Equal(0, counters.FragmentsHeld);
        Assert.Equal(0, reassembler.BytesHeld);
        Assert.Equal(1, reassembler.DatagramCount);
    }

    [Fact]
    public void After_a_dropped_datagrams_timeout_its_key_can_be_used_again()
    {
        using var reassembler = new Ipv4Reassembler();
        var payload = Payload(32);
        Add(reassembler, FragmentV4(payload, new Piece(0, 16, true)), Start);
        Add(reassembler, FragmentV4(payload, new Piece(8, 24, false)), Start);

        var later = Start + reassembler.Timeout;
        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(0, 16, true)), later));
        var whole = Add(reassembler, FragmentV4(payload, new Piece(16, 16, false)), later);

        Assert.Equal(payload, View(whole!).UpperLayerData.ToArray());
    }

    [Fact]
    public void A_datagram_missing_a_fragment_is_given_up_at_its_timeout_and_not_before()
    {
        using var reassembler = new Ipv4Reassembler();
        var payload = Payload(48);
        Add(reassembler, FragmentV4(payload, new Piece(0, 16, true)), Start);
        Add(reassembler, FragmentV4(payload, new Piece(32, 16, false)), Start + TimeSpan.FromSeconds(1));
        var deadline = Start + TimeSpan.FromSeconds(30);

        Assert.Equal(deadline, reassembler.NextExpiry);
        Assert.Equal(deadline, reassembler.Expire(deadline - TimeSpan.FromTicks(1)));
        Assert.Equal(1, reassembler.DatagramCount);

        Assert.Null(reassembler.Expire(deadline));

        var counters = reassembler.Counters;
        Assert.Equal(1, counters.DatagramsTimedOut);
        Assert.Equal(2, counters.DroppedTimeout);
        Assert.Equal(0, counters.FragmentsHeld);
        Assert.Equal(0, reassembler.DatagramCount);
        Assert.Equal(0, reassembler.BytesHeld);
    }

    [Fact]
    public void Datagrams_expire_in_the_order_they_started_and_the_next_deadline_follows()
    {
        using var reassembler = new Ipv4Reassembler(new ReassemblyOptions { Timeout = TimeSpan.FromSeconds(10) });
        var payload = Payload(32);
        Add(reassembler, FragmentV4(payload, new Piece(0, 16, true), id: 1), Start);
        Add(reassembler, FragmentV4(payload, new Piece(0, 16, true), id: 2), Start + TimeSpan.FromSeconds(3));
        Add(reassembler, FragmentV4(payload, new Piece(16, 16, false), id: 1), Start + TimeSpan.FromSeconds(4));

        Assert.Equal(Start + TimeSpan.FromSeconds(13), reassembler.Expire(Start + TimeSpan.FromSeconds(10)));
        Assert.Equal(0, reassembler.Counters.DatagramsTimedOut);
        Assert.Null(reassembler.Expire(Start + TimeSpan.FromSeconds(13)));
        Assert.Equal(1, reassembler.Counters.DatagramsTimedOut);
    }

    [Fact]
    public void Adding_a_fragment_first_gives_up_the_datagrams_whose_timeout_passed()
    {
        using var reassembler = new Ipv4Reassembler();
        var payload = Payload(32);
        Add(reassembler, FragmentV4(payload, new Piece(0, 16, true)), Start);

        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(16, 16, false)), Start + reassembler.Timeout));

        Assert.Equal(1, reassembler.Counters.DatagramsTimedOut);
        Assert.Equal(1, reassembler.Counters.FragmentsHeld);
    }

    [Fact]
    public void Fragments_with_another_protocol_or_source_belong_to_another_datagram()
    {
        using var reassembler = new Ipv4Reassembler();
        var payload = Payload(32);
        Add(reassembler, FragmentV4(payload, new Piece(0, 16, true)), Start);

        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(16, 16, false), protocol: IpProtocol.Tcp), Start));
        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(16, 16, false), source: IpAddress.Parse("192.0.2.9")), Start));
        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(16, 16, false), id: 0x1235), Start));
        Assert.Equal(4, reassembler.DatagramCount);
        Assert.NotNull(Add(reassembler, FragmentV4(payload, new Piece(16, 16, false)), Start));
    }

    [Fact]
    public void A_fragment_that_would_start_one_datagram_too_many_is_dropped()
    {
        using var reassembler = new Ipv4Reassembler(new ReassemblyOptions { MaxDatagrams = 2 });
        var payload = Payload(32);
        Add(reassembler, FragmentV4(payload, new Piece(0, 16, true), id: 1), Start);
        Add(reassembler, FragmentV4(payload, new Piece(0, 16, true), id: 2), Start);

        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(0, 16, true), id: 3), Start));

        Assert.Equal(1, reassembler.Counters.DroppedLimit);
        Assert.Equal(2, reassembler.DatagramCount);
        Assert.NotNull(Add(reassembler, FragmentV4(payload, new Piece(16, 16, false), id: 2), Start));
    }

    [Fact]
    public void A_datagram_in_more_fragments_than_allowed_is_dropped()
    {
        using var reassembler = new Ipv4Reassembler(new ReassemblyOptions { MaxFragmentsPerDatagram = 3 });
        var payload = Payload(32);
        var pieces = Even(32, 8);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(Add(reassembler, FragmentV4(payload, pieces[i]), Start));
        }

        Assert.Null(Add(reassembler, FragmentV4(payload, pieces[3]), Start));

        Assert.Equal(4, reassembler.Counters.DroppedLimit);
        Assert.Equal(1, reassembler.Counters.DatagramsDiscarded);
        Assert.Equal(0, reassembler.BytesHeld);
    }

    [Fact]
    public void Bytes_held_never_pass_the_limit_and_the_datagram_that_would_pass_it_is_dropped()
    {
        // Buffers come from the pool in powers of two: 64 bytes of headroom plus the payload.
        using var reassembler = new Ipv4Reassembler(new ReassemblyOptions { MaxBytesHeld = 4096 });
        var payload = Payload(8000);
        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(0, 1000, true), id: 1), Start));
        Assert.Equal(2048, reassembler.BytesHeld);
        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(0, 1000, true), id: 2), Start));
        Assert.Equal(4096, reassembler.BytesHeld);

        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(0, 1000, true), id: 3), Start));
        Assert.Equal(1, reassembler.Counters.DroppedLimit);

        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(1000, 1000, true), id: 1), Start));
        Assert.Equal(3, reassembler.Counters.DroppedLimit);
        Assert.Equal(2048, reassembler.BytesHeld);
    }

    [Fact]
    public void A_fragment_reaching_past_65535_bytes_is_dropped_as_too_big()
    {
        using var reassembler = new Ipv4Reassembler();
        var payload = Payload(65528 + 16);

        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(65528 - 8, 24, false)), Start));

        Assert.Equal(1, reassembler.Counters.DroppedTooBig);
        Assert.Equal(0, reassembler.DatagramCount);
    }

    [Fact]
    public void A_datagram_longer_than_MaxPacketLength_once_its_header_is_known_is_dropped_as_too_big()
    {
        using var reassembler = new Ipv4Reassembler(new ReassemblyOptions { MaxPacketLength = 64 });
        var payload = Payload(40);

        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(16, 24, false)), Start));
        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(0, 16, true), options: [1, 1, 1, 1, 1, 1, 1, 0]), Start));

        Assert.Equal(2, reassembler.Counters.DroppedTooBig);
        Assert.Equal(1, reassembler.Counters.DatagramsDiscarded);
    }

    [Theory]
    [InlineData(0, 12, true)] // not a multiple of 8 with more to come
    [InlineData(0, 0, true)] // empty
    [InlineData(16, 0, false)] // empty
    public void A_fragment_with_an_impossible_length_is_dropped_alone(int offset, int length, bool more)
    {
        using var reassembler = new Ipv4Reassembler();
        var payload = Payload(32);

        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(offset, length, more)), Start));

        Assert.Equal(1, reassembler.Counters.DroppedBadLength);
        Assert.Equal(0, reassembler.DatagramCount);
    }

    [Theory]
    [InlineData(40, 8, false)] // a second last fragment with another end
    [InlineData(32, 8, true)] // data past the known end
    [InlineData(8, 8, false)] // a last fragment ending before data already held
    public void Fragments_that_disagree_on_where_the_datagram_ends_drop_it(int offset, int length, bool more)
    {
        using var reassembler = new Ipv4Reassembler();
        var payload = Payload(48);
        Add(reassembler, FragmentV4(payload, new Piece(16, 16, false)), Start);

        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(offset, length, more)), Start));

        Assert.Equal(2, reassembler.Counters.DroppedBadLength);
        Assert.Equal(1, reassembler.Counters.DatagramsDiscarded);
    }

    [Fact]
    public void CE_on_any_fragment_marks_the_rebuilt_packet()
    {
        using var reassembler = new Ipv4Reassembler();
        var payload = Payload(32);
        Add(reassembler, FragmentV4(payload, new Piece(0, 16, true), ecn: EcnCodepoint.Ect0), Start);
        var whole = Add(reassembler, FragmentV4(payload, new Piece(16, 16, false), ecn: EcnCodepoint.Ce), Start);

        var view = View(whole!);
        Assert.Equal(EcnCodepoint.Ce, view.Ecn);
        Assert.True(view.IsHeaderChecksumValid);
    }

    [Fact]
    public void Not_ECT_fragments_mixed_with_ECN_capable_ones_drop_the_datagram()
    {
        using var reassembler = new Ipv4Reassembler();
        var payload = Payload(32);
        Add(reassembler, FragmentV4(payload, new Piece(0, 16, true), ecn: EcnCodepoint.NotEct), Start);

        Assert.Null(Add(reassembler, FragmentV4(payload, new Piece(16, 16, false), ecn: EcnCodepoint.Ect1), Start));

        Assert.Equal(2, reassembler.Counters.DroppedEcnMismatch);
    }

    [Fact]
    public void The_rebuilt_packet_may_be_added_again_and_comes_back_as_it_is()
    {
        using var reassembler = new Ipv4Reassembler();
        var payload = Payload(32);
        Add(reassembler, FragmentV4(payload, new Piece(0, 16, true)), Start);
        var fragment = FragmentV4(payload, new Piece(16, 16, false));

        Assert.True(reassembler.TryAdd(View(fragment), Start, out var whole));
        var copy = whole.ToArray();
        Assert.True(IpPacketView.TryCreate(whole, out var again, out _));
        Assert.True(reassembler.TryAdd(again, Start, out var same));

        Assert.Equal(copy, same.ToArray());
    }

    [Fact]
    public void Misuse_throws()
    {
        var reassembler = new Ipv4Reassembler();
        var v6 = WholeV6(Payload(8), IpProtocol.Udp);

        Assert.Throws<ArgumentException>(() => reassembler.TryAdd(View(v6), Start, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ipv4Reassembler(new ReassemblyOptions { MaxDatagrams = 0 }));
        reassembler.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reassembler.Expire(Start));
    }

    [Fact]
    public void The_defaults_follow_Linux()
    {
        using var reassembler = new Ipv4Reassembler();

        Assert.Equal(TimeSpan.FromSeconds(30), reassembler.Timeout);
        Assert.Equal(65535, reassembler.MaxPacketLength);
        Assert.Equal(4 * 1024 * 1024, new ReassemblyOptions().MaxBytesHeld);
    }

    internal static byte[]? Add(Ipv4Reassembler reassembler, byte[] packet, TimeSpan now)
        => reassembler.TryAdd(View(packet), now, out var whole) ? whole.ToArray() : null;

    /// <summary>The fragment as the server received it: TTL 63, checksum redone.</summary>
    private static byte[] AsForwarded(byte[] fragment)
    {
        var copy = (byte[])fragment.Clone();
        copy[8] = 63;
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(10), 0);
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(10), InternetChecksum.Compute(copy.AsSpan(0, 20)));
        return copy;
    }
}
