using System.Buffers.Binary;
using SynAck.Wire.Ip;

namespace SynAck.Tests.Ip;

/// <summary>One fragment to cut: where its data starts in the payload, how long it is, and its M flag.</summary>
internal readonly record struct Piece(int Offset, int Length, bool More);

/// <summary>Cuts payloads into IPv4 and IPv6 fragments for tests, built with the Wire records.</summary>
internal static class FragmentBuilder
{
    public static readonly IpAddress SourceV4 = IpAddress.Parse("192.0.2.1");
    public static readonly IpAddress DestinationV4 = IpAddress.Parse("192.0.2.2");
    public static readonly IpAddress SourceV6 = IpAddress.Parse("2001:db8::1");
    public static readonly IpAddress DestinationV6 = IpAddress.Parse("2001:db8::2");

    /// <summary>A payload of <paramref name="length"/> bytes drawn from <paramref name="seed"/>.</summary>
    public static byte[] Payload(int length, int seed = 1)
    {
        var payload = new byte[length];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    /// <summary>Cuts a payload of <paramref name="payloadLength"/> bytes into pieces of <paramref name="size"/> bytes (a multiple of 8), in order.</summary>
    public static Piece[] Even(int payloadLength, int size)
    {
        var pieces = new List<Piece>();
        for (var offset = 0; offset < payloadLength; offset += size)
        {
            var length = Math.Min(size, payloadLength - offset);
            pieces.Add(new Piece(offset, length, offset + length < payloadLength));
        }

        return [.. pieces];
    }

    /// <summary>The unfragmented IPv4 packet with <paramref name="payload"/>.</summary>
    public static byte[] WholeV4(ReadOnlySpan<byte> payload, ushort id = 0x1234, IpProtocol protocol = IpProtocol.Udp, EcnCodepoint ecn = EcnCodepoint.NotEct)
        => FragmentV4(payload, new Piece(0, payload.Length, false), id, protocol, ecn);

    /// <summary>An IPv4 fragment carrying <paramref name="piece"/> of <paramref name="payload"/>.</summary>
    public static byte[] FragmentV4(
        ReadOnlySpan<byte> payload,
        Piece piece,
        ushort id = 0x1234,
        IpProtocol protocol = IpProtocol.Udp,
        EcnCodepoint ecn = EcnCodepoint.NotEct,
        bool dontFragment = false,
        byte[]? options = null,
        IpAddress? source = null)
    {
        options ??= [];
        var headerLength = Ipv4Header.Length + options.Length;
        var packet = new byte[headerLength + piece.Length];
        var header = new Ipv4Header
        {
            Ecn = ecn,
            TotalLength = (ushort)packet.Length,
            Identification = id,
            DontFragment = dontFragment,
            MoreFragments = piece.More,
            FragmentOffset = (ushort)(piece.Offset / 8),
            TimeToLive = 64,
            Protocol = protocol,
            Source = source ?? SourceV4,
            Destination = DestinationV4,
        };
        Assert.True(header.TryWriteBytes(packet, out _));
        if (options.Length > 0)
        {
            // Grow the IHL over the options and redo the checksum.
            options.CopyTo(packet, Ipv4Header.Length);
            packet[0] = (byte)(0x40 | (headerLength / 4));
            packet[10] = packet[11] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Wire.Checksums.InternetChecksum.Compute(packet.AsSpan(0, headerLength)));
        }

        payload.Slice(piece.Offset, piece.Length).CopyTo(packet.AsSpan(headerLength));
        return packet;
    }

    /// <summary>The unfragmented IPv6 packet: the fixed header, <paramref name="unfragmentable"/> extension headers, then <paramref name="payload"/>.</summary>
    public static byte[] WholeV6(ReadOnlySpan<byte> payload, IpProtocol firstHeader, byte[]? unfragmentable = null, IpProtocol payloadProtocol = IpProtocol.Udp, EcnCodepoint ecn = EcnCodepoint.NotEct)
    {
        unfragmentable ??= [];
        var packet = new byte[40 + unfragmentable.Length + payload.Length];
        WriteFixedHeader(packet, unfragmentable.Length > 0 ? firstHeader : payloadProtocol, ecn);
        unfragmentable.CopyTo(packet, 40);
        payload.CopyTo(packet.AsSpan(40 + unfragmentable.Length));
        return packet;
    }

    /// <summary>
    /// An IPv6 fragment: the fixed header, the <paramref name="unfragmentable"/> extension headers
    /// (their last Next Header byte must say Fragment; the first type is <paramref name="firstHeader"/>),
    /// a Fragment header whose Next Header is <paramref name="fragmentNext"/>, and the piece.
    /// </summary>
    public static byte[] FragmentV6(
        ReadOnlySpan<byte> payload,
        Piece piece,
        uint id = 0xB635947E,
        IpProtocol fragmentNext = IpProtocol.Udp,
        byte[]? unfragmentable = null,
        IpProtocol firstHeader = IpProtocol.Fragment,
        EcnCodepoint ecn = EcnCodepoint.NotEct,
        IpAddress? source = null)
    {
        unfragmentable ??= [];
        var fragmentHeader = 40 + unfragmentable.Length;
        var packet = new byte[fragmentHeader + 8 + piece.Length];
        WriteFixedHeader(packet, unfragmentable.Length > 0 ? firstHeader : IpProtocol.Fragment, ecn, source);
        unfragmentable.CopyTo(packet, 40);
        packet[fragmentHeader] = (byte)fragmentNext;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(fragmentHeader + 2), (ushort)((piece.Offset / 8) << 3 | (piece.More ? 1 : 0)));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(fragmentHeader + 4), id);
        payload.Slice(piece.Offset, piece.Length).CopyTo(packet.AsSpan(fragmentHeader + 8));
        return packet;
    }

    /// <summary>Views a packet, which must parse.</summary>
    public static IpPacketView View(byte[] packet)
    {
        Assert.True(IpPacketView.TryCreate(packet, out var view, out var error), error.ToString());
        return view;
    }

    private static void WriteFixedHeader(byte[] packet, IpProtocol next, EcnCodepoint ecn, IpAddress? source = null)
    {
        var header = new Ipv6Header
        {
            Ecn = ecn,
            PayloadLength = (ushort)(packet.Length - 40),
            NextHeader = next,
            HopLimit = 64,
            Source = source ?? SourceV6,
            Destination = DestinationV6,
        };
        Assert.True(header.TryWriteBytes(packet, out _));
    }
}
