using System.Buffers.Binary;
using SynAck.Wire.Checksums;
using SynAck.Wire.Ip;

namespace SynAck.Ip;

/// <summary>
/// Reassembles IPv4 fragments (RFC 791 §3.2) into whole
/// packets, keyed by source, destination, protocol and identification. Loop-owned: one thread
/// calls it, as the network stack's event loop does; it takes no locks.
/// </summary>
/// <remarks>
/// <para>
/// The packet rebuilt from the fragments has the first fragment's header (options included)
/// with the Total Length set, MF and the offset cleared (DF kept), CE set if any fragment carried
/// it, and a new header checksum: a plain packet to feed to the same input path as any other.
/// </para>
/// <para>
/// Overlapping fragments, other than exact copies, drop the whole datagram, as Linux does (and
/// RFC 5722 requires for IPv6): overlaps have no use but to make two receivers see different
/// bytes. Time is the caller's: <c>now</c> comes with every call and never goes backwards.
/// </para>
/// </remarks>
public sealed class Ipv4Reassembler : IpReassembler
{
    /// <summary>The default timeout: 30 seconds, Linux's ipfrag_time.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The longest IPv4 packet: the Total Length field is 16 bits (RFC 791 §3.1).</summary>
    public const int MaxIPv4PacketLength = ushort.MaxValue;

    private readonly FragmentReassembler<Ipv4FragmentKey, Ipv4Family> _core;

    /// <summary>Creates a reassembler with the given limits.</summary>
    /// <param name="options">The limits; <c>null</c> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative.</exception>
    public Ipv4Reassembler(ReassemblyOptions? options = null)
        : this(new FragmentReassembler<Ipv4FragmentKey, Ipv4Family>(options, MaxIPv4PacketLength, DefaultTimeout))
    {
    }

    private Ipv4Reassembler(FragmentReassembler<Ipv4FragmentKey, Ipv4Family> core)
        : base(core) => _core = core;

    /// <summary>
    /// Takes an IPv4 packet. A packet that is not a fragment comes straight back; a fragment is
    /// held until its datagram is complete, and the fragment that completes it gives back the
    /// rebuilt packet. Datagrams whose timeout has passed are given up first.
    /// </summary>
    /// <param name="packet">An IPv4 packet whose header checksum the caller has checked.</param>
    /// <param name="now">The caller's clock.</param>
    /// <param name="whole">
    /// The packet to process when this returns true: <paramref name="packet"/> itself if it was not
    /// a fragment, or the rebuilt packet, which stays valid until the next call on this reassembler.
    /// </param>
    /// <returns>False when the fragment was held or dropped (see <see cref="IpReassembler.Counters"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="packet"/> is not IPv4.</exception>
    /// <exception cref="ObjectDisposedException">The reassembler was disposed.</exception>
    public bool TryAdd(in IpPacketView packet, TimeSpan now, out ReadOnlySpan<byte> whole)
    {
        _core.ThrowIfDisposed();
        if (!packet.IsIPv4 || packet.Packet.IsEmpty)
        {
            throw new ArgumentException("The packet is not an IPv4 packet.", nameof(packet));
        }

        if (!packet.IsFragment)
        {
            whole = packet.Packet;
            return true;
        }

        var info = packet.Fragment;
        var key = new Ipv4FragmentKey(packet.Source, packet.Destination, (ushort)info.Identification, packet.Protocol);
        var fragment = new Fragment(
            packet.Packet[..packet.HeaderLength],
            packet.UpperLayerData,
            info.ByteOffset,
            info.MoreFragments,
            _core.MaxPacketLength - packet.HeaderLength,
            packet.Ecn);
        return _core.Add(key, fragment, now, out whole);
    }

    private readonly record struct Ipv4FragmentKey(IpAddress Source, IpAddress Destination, ushort Identification, IpProtocol Protocol);

    private sealed class Ipv4Family : IFragmentFamily
    {
        private const int TypeOfService = 1;
        private const int TotalLength = 2;
        private const int FlagsAndOffset = 6;
        private const int Checksum = 10;
        private const ushort DontFragment = 0x4000;

        public static bool TryFinishHeader(Span<byte> header, int payloadLength, int maxPacketLength, bool setCongestionExperienced, out int packetStart)
        {
            packetStart = 0;
            var length = header.Length + payloadLength;
            if (length > maxPacketLength)
            {
                return false;
            }

            BinaryPrimitives.WriteUInt16BigEndian(header[TotalLength..], (ushort)length);
            var flags = BinaryPrimitives.ReadUInt16BigEndian(header[FlagsAndOffset..]);
            BinaryPrimitives.WriteUInt16BigEndian(header[FlagsAndOffset..], (ushort)(flags & DontFragment));
            if (setCongestionExperienced)
            {
                header[TypeOfService] |= (byte)EcnCodepoint.Ce;
            }

            BinaryPrimitives.WriteUInt16BigEndian(header[Checksum..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(header[Checksum..], InternetChecksum.Compute(header));
            return true;
        }
    }
}
