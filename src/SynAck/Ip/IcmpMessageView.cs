using System.Buffers.Binary;
using SynAck.Wire.Checksums;
using SynAck.Wire.Ip;

namespace SynAck.Ip;

/// <summary>
/// A checked view of an ICMP (RFC 792) or ICMPv6 (RFC 4443 §2.1) message: Type, Code, Checksum,
/// four bytes whose meaning depends on the type, and the body. Once <see cref="TryCreate(ReadOnlySpan{byte}, out IcmpMessageView)"/>
/// has accepted the bytes, no accessor can throw or read outside them.
/// </summary>
/// <remarks>A <c>default</c> view, not made by <c>TryCreate</c>, has no bytes to read.</remarks>
public readonly ref struct IcmpMessageView
{
    /// <summary>The length of the part every message has: type, code, checksum and four more bytes.</summary>
    public const int HeaderLength = 8;

    private readonly ReadOnlySpan<byte> _message;

    private IcmpMessageView(ReadOnlySpan<byte> message) => _message = message;

    /// <summary>Views <paramref name="message"/> if it holds at least the 8-byte header. The checksum is not checked.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> message, out IcmpMessageView view)
    {
        view = message.Length >= HeaderLength ? new IcmpMessageView(message) : default;
        return message.Length >= HeaderLength;
    }

    /// <summary>
    /// Views the ICMP message of an IPv4 packet or the ICMPv6 message of an IPv6 packet, checking
    /// that it is not a fragment, holds the 8-byte header, and has a valid checksum (for ICMPv6,
    /// over the pseudo-header of RFC 4443 §2.3 too).
    /// </summary>
    /// <param name="packet">The packet.</param>
    /// <param name="view">The message; <c>default</c> on failure.</param>
    /// <param name="error">Why the packet holds no usable message; <see cref="IcmpParseError.None"/> on success.</param>
    public static bool TryCreate(in IpPacketView packet, out IcmpMessageView view, out IcmpParseError error)
    {
        view = default;
        if (packet.Packet.IsEmpty || packet.Protocol != (packet.IsIPv6 ? IpProtocol.IcmpV6 : IpProtocol.Icmp))
        {
            error = IcmpParseError.NotIcmp;
            return false;
        }

        if (packet.IsFragment)
        {
            error = IcmpParseError.Fragment;
            return false;
        }

        if (!TryCreate(packet.UpperLayerData, out view))
        {
            error = IcmpParseError.TooShort;
            return false;
        }

        if (!view.IsChecksumValid(packet.IsIPv6 ? packet.PseudoHeaderSum() : 0))
        {
            view = default;
            error = IcmpParseError.BadChecksum;
            return false;
        }

        error = IcmpParseError.None;
        return true;
    }

    /// <summary>The whole message.</summary>
    public ReadOnlySpan<byte> Message => _message;

    /// <summary>The message type (<see cref="IcmpType"/> or <see cref="Icmpv6Type"/>).</summary>
    public byte Type => _message[0];

    /// <summary>The code, whose meaning depends on the type.</summary>
    public byte Code => _message[1];

    /// <summary>The checksum as carried.</summary>
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_message[2..]);

    /// <summary>Bytes 4-7: identifier and sequence number, an MTU, a pointer, or unused, by type.</summary>
    public uint RestOfHeader => BinaryPrimitives.ReadUInt32BigEndian(_message[4..]);

    /// <summary>The echo identifier (bytes 4-5) of an echo request or reply.</summary>
    public ushort Identifier => BinaryPrimitives.ReadUInt16BigEndian(_message[4..]);

    /// <summary>The echo sequence number (bytes 6-7) of an echo request or reply.</summary>
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_message[6..]);

    /// <summary>The bytes after the 8-byte header: echo data, or the packet an error quotes.</summary>
    public ReadOnlySpan<byte> Body => _message[HeaderLength..];

    /// <summary>
    /// Whether the checksum verifies over the message and <paramref name="pseudoHeaderSum"/>: 0 for
    /// ICMP (RFC 792), the IPv6 pseudo-header's partial sum for ICMPv6 (RFC 4443 §2.3).
    /// </summary>
    public bool IsChecksumValid(uint pseudoHeaderSum) => InternetChecksum.IsValid(InternetChecksum.Accumulate(pseudoHeaderSum, _message));
}
