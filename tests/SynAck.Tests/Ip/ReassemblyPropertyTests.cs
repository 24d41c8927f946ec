using CsCheck;
using SynAck.Ip;
using SynAck.Wire.Ip;
using static SynAck.Tests.Ip.FragmentBuilder;

namespace SynAck.Tests.Ip;

public class ReassemblyPropertyTests
{
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(1);

    /// <summary>Up to three datagrams (lengths, cut into pieces of multiples of 8 bytes), shuffled together with some exact duplicates.</summary>
    private static readonly Gen<(int[] Lengths, int Seed)> Datagrams =
        Gen.Select(Gen.Int[9, 9000].Array[1, 3], Gen.Int);

    [Fact]
    public void Random_fragments_of_random_IPv4_datagrams_rebuild_the_originals()
        => Property.ForAll(Datagrams, 400, c =>
        {
            using var reassembler = new Ipv4Reassembler();
            var random = new Random(c.Seed);
            var originals = new Dictionary<ushort, byte[]>();
            var fragments = new List<byte[]>();
            for (var i = 0; i < c.Lengths.Length; i++)
            {
                var id = (ushort)(i + 1);
                var payload = Payload(c.Lengths[i], c.Seed + i);
                originals[id] = WholeV4(payload, id);
                fragments.AddRange(Cut(payload.Length, random).Select(piece => FragmentV4(payload, piece, id)));
            }

            // Duplicates that arrive after their datagram was rebuilt may rebuild it once more.
            var rebuilt = new HashSet<ushort>();
            foreach (var fragment in Shuffle(fragments, random))
            {
                if (Ipv4ReassemblerTests.Add(reassembler, fragment, Start) is { } whole)
                {
                    var id = (ushort)(whole[4] << 8 | whole[5]);
                    Assert.Equal(originals[id], whole);
                    rebuilt.Add(id);
                }
            }

            Assert.Equal(originals.Count, rebuilt.Count);

            // A duplicate that arrives after its datagram was rebuilt starts a new one, which times out.
            AssertBalanced(reassembler.Counters);
            Assert.Null(reassembler.Expire(Start + reassembler.Timeout));
            Assert.Equal(0, reassembler.BytesHeld);
            Assert.Equal(0, reassembler.Counters.FragmentsHeld);
        });

    [Fact]
    public void Random_fragments_of_random_IPv6_datagrams_rebuild_the_originals()
        => Property.ForAll(Datagrams, 400, c =>
        {
            using var reassembler = new Ipv6Reassembler();
            var random = new Random(c.Seed);
            var originals = new List<byte[]>();
            var fragments = new List<byte[]>();
            for (var i = 0; i < c.Lengths.Length; i++)
            {
                // The datagrams differ by source so that the rebuilt packets tell which is which.
                var source = IpAddress.FromIPv6(0x2001_0db8_0000_0000, (ulong)i + 10);
                var payload = Payload(c.Lengths[i], c.Seed + i);
                originals.Add(WholeV6(payload, IpProtocol.Udp));
                fragments.AddRange(Cut(payload.Length, random).Select(piece => FragmentV6(payload, piece, id: 5, source: source)));
                originals[i] = WithSource(originals[i], source);
            }

            var rebuilt = new List<byte[]>();
            foreach (var fragment in Shuffle(fragments, random))
            {
                if (Ipv6ReassemblerTests.Add(reassembler, fragment, Start) is { } whole)
                {
                    rebuilt.Add(whole);
                }
            }

            // Duplicates that arrive after their datagram was rebuilt may rebuild it once more.
            Assert.Equal(
                originals.Select(Convert.ToHexString).Order(),
                rebuilt.Select(Convert.ToHexString).Distinct().Order());
            AssertBalanced(reassembler.Counters);
        });

    [Fact]
    public void Random_bytes_never_throw()
        => Property.ForAll(Gen.Byte.Array[0, 120].Array[1, 20], 3000, packets =>
        {
            using var v4 = new Ipv4Reassembler();
            using var v6 = new Ipv6Reassembler();
            var now = Start;
            foreach (var packet in packets)
            {
                if (packet.Length > 0)
                {
                    // Steer half the cases to a version the views accept.
                    packet[0] = (byte)((packet[0] & 1) == 0 ? 0x45 : 0x60 | (packet[0] & 0x0F));
                }

                now += TimeSpan.FromSeconds(packet.Length % 7);
                if (IpPacketView.TryCreate(packet, out var view, out _))
                {
                    var complete = view.IsIPv4 ? v4.TryAdd(view, now, out var whole) : v6.TryAdd(view, now, out whole);
                    Assert.True(!complete || IpPacketView.TryCreate(whole, out _, out _));
                }
            }

            AssertBalanced(v4.Counters);
            AssertBalanced(v6.Counters);
        });

    [Fact]
    public void Hostile_fragment_streams_keep_the_limits_and_the_counts_and_rebuild_only_true_bytes()
    {
        // Fragments of two datagrams cut from one payload at random offsets and lengths, with
        // random M flags and ECN, under small limits: overlaps, duplicates, bad lengths, limits and
        // timeouts all happen. Whatever comes out must be the payload's own bytes.
        var payload = Payload(2048, 7);
        var gen = Gen.Select(Gen.Int[0, 1], Gen.Int[0, 40], Gen.Int[0, 96], Gen.Bool, Gen.Int[0, 3], Gen.Int[0, 9]).Array[1, 60];
        Property.ForAll(gen, 2000, steps =>
        {
            var options = new ReassemblyOptions { MaxBytesHeld = 8192, MaxDatagrams = 2, MaxFragmentsPerDatagram = 6, Timeout = TimeSpan.FromSeconds(5) };
            using var v4 = new Ipv4Reassembler(options);
            using var v6 = new Ipv6Reassembler(options);
            var now = Start;
            foreach (var (id, units, length, more, ecn, wait) in steps)
            {
                now += TimeSpan.FromSeconds(wait / 3);
                var piece = new Piece(units * 8, length, more);
                var ecnCode = ecn == 3 ? EcnCodepoint.Ce : ecn == 2 ? EcnCodepoint.Ect0 : EcnCodepoint.Ect1;
                var v4Whole = Ipv4ReassemblerTests.Add(v4, FragmentV4(payload, piece, (ushort)id, ecn: ecnCode), now);
                var v6Whole = Ipv6ReassemblerTests.Add(v6, FragmentV6(payload, piece, (uint)id, ecn: ecnCode), now);
                if (v4Whole is not null)
                {
                    var view = View(v4Whole);
                    Assert.True(view.IsHeaderChecksumValid);
                    Assert.Equal(payload.AsSpan(0, view.UpperLayerData.Length).ToArray(), view.UpperLayerData.ToArray());
                }

                if (v6Whole is not null)
                {
                    // An atomic fragment comes back with its Fragment header.
                    var data = v6Whole[6] == (byte)IpProtocol.Fragment ? 48 : 40;
                    Assert.Equal(payload.AsSpan(0, v6Whole.Length - data).ToArray(), v6Whole.AsSpan(data).ToArray());
                }

                Assert.InRange(v4.BytesHeld, 0, options.MaxBytesHeld);
                Assert.InRange(v6.BytesHeld, 0, options.MaxBytesHeld);
                Assert.InRange(v4.DatagramCount, 0, options.MaxDatagrams);
                AssertBalanced(v4.Counters);
                AssertBalanced(v6.Counters);
            }

            Assert.Null(v4.Expire(now + options.Timeout.Value));
            Assert.Null(v6.Expire(now + options.Timeout.Value));
            Assert.Equal(0, v4.Counters.FragmentsHeld);
            Assert.Equal(0, v4.BytesHeld);
            Assert.Equal(0, v6.DatagramCount);
        });
    }

    [Fact]
    public void Reassembly_allocates_nothing_per_fragment_once_pools_have_grown()
    {
        var payloads = Enumerable.Range(0, 4).Select(i => Payload(4000, i)).ToArray();
        var v4 = payloads.Select((p, i) => Even(p.Length, 1480).Select(piece => FragmentV4(p, piece, (ushort)i)).ToArray()).ToArray();
        var v6 = payloads.Select((p, i) => Even(p.Length, 1232).Select(piece => FragmentV6(p, piece, (uint)i)).ToArray()).ToArray();
        using var ipv4 = new Ipv4Reassembler();
        using var ipv6 = new Ipv6Reassembler();

        Run(200);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(2000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2200 * 4, ipv4.Counters.PacketsReassembled);
        Assert.Equal(2200 * 4, ipv6.Counters.PacketsReassembled);
        Assert.Equal(0, allocated);

        void Run(int rounds)
        {
            var now = Start;
            for (var round = 0; round < rounds; round++)
            {
                now += TimeSpan.FromMilliseconds(1);

                // The datagrams interleave, and each arrives last fragment first.
                for (var f = 3; f >= 0; f--)
                {
                    for (var d = 0; d < payloads.Length; d++)
                    {
                        Feed(ipv4, ipv6, v4[d], v6[d], f, now);
                    }
                }
            }
        }
    }

    private static void Feed(Ipv4Reassembler ipv4, Ipv6Reassembler ipv6, byte[][] v4, byte[][] v6, int index, TimeSpan now)
    {
        if (index < v4.Length && IpPacketView.TryCreate(v4[index], out var view, out _))
        {
            ipv4.TryAdd(view, now, out _);
        }

        if (index < v6.Length && IpPacketView.TryCreate(v6[index], out view, out _))
        {
            ipv6.TryAdd(view, now, out _);
        }
    }

    private static void AssertBalanced(ReassemblyCounters c)
        => Assert.Equal(c.FragmentsReceived, c.FragmentsReassembled + c.FragmentsHeld + c.DroppedTotal);

    /// <summary>Random cuts at multiples of 8 (at least two pieces; the length is over 8), plus a few exact duplicates.</summary>
    private static List<Piece> Cut(int length, Random random)
    {
        var pieces = new List<Piece>();
        var offset = 0;
        while (offset < length)
        {
            var size = Math.Min(random.Next(1, 200) * 8, offset == 0 ? (length - 1) & ~7 : int.MaxValue);
            var end = Math.Min(length, offset + size);
            pieces.Add(new Piece(offset, end - offset, end < length));
            offset = end;
        }

        var duplicates = random.Next(0, 3);
        for (var i = 0; i < duplicates; i++)
        {
            pieces.Add(pieces[random.Next(pieces.Count)]);
        }

        return pieces;
    }

    private static List<T> Shuffle<T>(List<T> items, Random random)
    {
        var shuffled = items.ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));
        return shuffled;
    }

    private static byte[] WithSource(byte[] packet, IpAddress source)
    {
        source.TryWriteBytes(packet.AsSpan(8), out _);
        return packet;
    }
}
