using System.Buffers.Binary;
using SynAck.Wire.Ip;

namespace SynAck.Ip;

/// <summary>
/// Reassembles IPv6 fragments (RFC 8200 §4.5) into whole packets, keyed by source, destination
/// and identification. Loop-owned: one thread calls it, as the network stack's event loop does;
/// it takes no locks.
/// </summary>
/// <remarks>
/// <para>
/// The rebuilt packet is the first fragment's Unfragmentable Part (the headers before its
/// Fragment header) with the Fragment header removed, the Next Header byte that named it set to
/// the first fragment's Fragment header's Next Header, the Payload Length set, and CE in the
/// Traffic Class if any fragment carried it; then the reassembled Fragmentable Part. Extension
/// headers before and after the Fragment header are kept.
/// </para>
/// <para>
/// An atomic fragment (offset 0, M clear) comes straight back, to be processed alone (RFC 6946).
/// Overlapping fragments drop the whole datagram and its fragments still to come (RFC 5722);
/// exact copies of a fragment are dropped alone (RFC 8200 §4.5 allows either). Time is the
/// caller's: <c>now</c> comes with every call and never goes backwards.
/// </para>
/// </remarks>
public sealed class Ipv6Reassembler : IpReassembler
{
    /// <summary>The default timeout: 60 seconds (RFC 8200 §4.5; Linux's ip6frag_time).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The longest IPv6 packet without a jumbogram: the fixed header plus a 16-bit Payload Length.</summary>
    public const int MaxIPv6PacketLength = 40 + ushort.MaxValue;

    private const int FragmentHeaderLength = 8;

    private readonly FragmentReassembler<Ipv6FragmentKey, Ipv6Family> _core;

    /// <summary>Creates a reassembler with the given limits.</summary>
    /// <param name="options">The limits; <c>null</c> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative.</exception>
    public Ipv6Reassembler(ReassemblyOptions? options = null)
        : this(new FragmentReassembler<Ipv6FragmentKey, Ipv6Family>(options, MaxIPv6PacketLength, DefaultTimeout))
    {
    }

    private Ipv6Reassembler(FragmentReassembler<Ipv6FragmentKey, Ipv6Family> core)
        : base(core) => _core = core;

    /// <summary>
    /// Takes an IPv6 packet. A packet without a Fragment header, or an atomic fragment, comes
    /// straight back; a fragment is held until its datagram is complete, and the fragment that
    /// completes it gives back the rebuilt packet. Datagrams whose timeout has passed are given up first.
    /// </summary>
    /// <param name="packet">An IPv6 packet.</param>
    /// <param name="now">The caller's clock.</param>
    /// <param name="whole">
    /// The packet to process when this returns true: <paramref name="packet"/> itself if it was not
    /// to be reassembled, or the rebuilt packet, which stays valid until the next call on this reassembler.
    /// </param>
    /// <returns>False when the fragment was held or dropped (see <see cref="IpReassembler.Counters"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="packet"/> is not IPv6.</exception>
    /// <exception cref="ObjectDisposedException">The reassembler was disposed.</exception>
    public bool TryAdd(in IpPacketView packet, TimeSpan now, out ReadOnlySpan<byte> whole)
    {
        _core.ThrowIfDisposed();
        if (!packet.IsIPv6 || packet.Packet.IsEmpty)
        {
            throw new ArgumentException("The packet is not an IPv6 packet.", nameof(packet));
        }

        var bytes = packet.Packet;
        if (!Ipv6HeaderWalk.TryWalk(bytes, stopAtFragment: true, out var stop)
            || stop.Next != IpProtocol.Fragment
            || bytes.Length - stop.Offset < FragmentHeaderLength)
        {
            whole = bytes;
            return true;
        }

        var fragmentHeader = bytes.Slice(stop.Offset, FragmentHeaderLength);
        var offsetAndFlags = BinaryPrimitives.ReadUInt16BigEndian(fragmentHeader[2..]);
        var more = (offsetAndFlags & 1) != 0;
        var offset = (offsetAndFlags >> 3) * 8;
        if (offset == 0 && !more)
        {
            // RFC 6946 §4: an atomic fragment is processed alone, outside any reassembly.
            _core.CountAtomicFragment();
            whole = bytes;
            return true;
        }

        var dataStart = stop.Offset + FragmentHeaderLength;
        var key = new Ipv6FragmentKey(packet.Source, packet.Destination, BinaryPrimitives.ReadUInt32BigEndian(fragmentHeader[4..]));
        var fragment = new Fragment(bytes[..dataStart], bytes[dataStart..], offset, more, _core.MaxPacketLength - stop.Offset, packet.Ecn);
        return _core.Add(key, fragment, now, out whole);
    }

    private readonly record struct Ipv6FragmentKey(IpAddress Source, IpAddress Destination, uint Identification);

    private sealed class Ipv6Family : IFragmentFamily
    {
        private const int PayloadLength = 4;
        private const int FixedHeaderLength = 40;

        public static bool TryFinishHeader(Span<byte> header, int payloadLength, int maxPacketLength, bool setCongestionExperienced, out int packetStart)
        {
            packetStart = FragmentHeaderLength;
            var unfragmentableLength = header.Length - FragmentHeaderLength;
            var length = unfragmentableLength + payloadLength;

            // The stored header was walked when its fragment arrived; the walk cannot fail here.
            if (length > maxPacketLength || !Ipv6HeaderWalk.TryWalk(header, stopAtFragment: true, out var stop))
            {
                return false;
            }

            // RFC 8200 §4.5: the Next Header of the last Unfragmentable header comes from the
            // first fragment's Fragment header; the Fragment header itself goes.
            header[stop.NextHeaderField] = header[unfragmentableLength];
            header[..unfragmentableLength].CopyTo(header[FragmentHeaderLength..]);
            var rebuilt = header[FragmentHeaderLength..];
            BinaryPrimitives.WriteUInt16BigEndian(rebuilt[PayloadLength..], (ushort)(length - FixedHeaderLength));
            if (setCongestionExperienced)
            {
                // The ECN bits are the low two bits of the Traffic Class: bits 4-5 of byte 1.
                rebuilt[1] |= 0x30;
            }

            return true;
        }
    }
}
