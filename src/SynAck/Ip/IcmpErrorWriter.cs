using System.Buffers.Binary;
using SynAck.Wire.Ip;

namespace SynAck.Ip;

/// <summary>
/// Writes the ICMP and ICMPv6 error messages a host sends (RFC 792, RFC 1122 §3.2.2, RFC 4443 §3):
/// Destination Unreachable for a protocol nobody handles, Time Exceeded when reassembly times out,
/// Parameter Problem for a bad fragment (RFC 8200 §4.5), each quoting as much of the offending
/// packet as fits in 576 bytes (IPv4, as Linux and RFC 1812 §4.3.2.3) or 1280 bytes (IPv6, RFC 4443 §2.4 (c)).
/// </summary>
/// <remarks>
/// TCP needs none of these (it answers with RST); rate limiting them (RFC 1122 §3.2.2, RFC 4443
/// §2.4 (f)) is the caller's job.
/// </remarks>
public static class IcmpErrorWriter
{
    /// <summary>The longest IPv4 error packet written.</summary>
    public const int MaxIPv4ErrorLength = 576;

    /// <summary>The longest IPv6 error packet written: the IPv6 minimum MTU.</summary>
    public const int MaxIPv6ErrorLength = 1280;

    /// <summary>The IPv4 TOS of error messages: precedence 6, internetwork control, as Linux sends them.</summary>
    private const byte InternetworkControl = 0xC0;

    /// <summary>
    /// Whether a host may send an error of <paramref name="type"/> and <paramref name="code"/>
    /// about <paramref name="offending"/>. No error answers an ICMP or ICMPv6 error, a packet to a
    /// multicast or the broadcast address (in IPv6, Packet Too Big and Parameter Problem code 2 may),
    /// a packet whose source is not one host (unspecified, multicast, broadcast), or (IPv4) a
    /// fragment other than the first: RFC 1122 §3.2.2, RFC 4443 §2.4 (e).
    /// </summary>
    public static bool MaySendAbout(in IpPacketView offending, byte type, byte code)
    {
        if (offending.Packet.IsEmpty)
        {
            return false;
        }

        var source = offending.Source;
        var destination = offending.Destination;
        if (source.IsUnspecified || source.IsMulticast || source == IpAddress.Broadcast)
        {
            return false;
        }

        if (offending.IsIPv6)
        {
            var multicastAllowed = type == (byte)Icmpv6Type.PacketTooBig || (type == (byte)Icmpv6Type.ParameterProblem && code == 2);
            return (!destination.IsMulticast || multicastAllowed)
                && !(offending.Protocol == IpProtocol.IcmpV6 && !offending.IsFragment && IsIcmpv6Error(offending.UpperLayerData));
        }

        if (destination.IsMulticast || destination == IpAddress.Broadcast || offending.Fragment.FragmentOffset != 0)
        {
            return false;
        }

        return !(offending.Protocol == IpProtocol.Icmp && IsIcmpError(offending.UpperLayerData));
    }

    /// <summary>The length of the error packet <see cref="TryWrite"/> writes about <paramref name="offending"/>.</summary>
    public static int GetErrorLength(in IpPacketView offending)
    {
        var headers = IcmpPacketWriter.HeaderLength(offending.IsIPv6) + IcmpMessageView.HeaderLength;
        var max = offending.IsIPv6 ? MaxIPv6ErrorLength : MaxIPv4ErrorLength;
        return headers + Math.Min(offending.Packet.Length, max - headers);
    }

    /// <summary>
    /// Writes an error packet, IP header included, to the offending packet's source: type, code,
    /// the four bytes after the checksum, then the start of the offending packet.
    /// </summary>
    /// <param name="offending">The packet the error is about.</param>
    /// <param name="type">An error type: <see cref="IcmpType"/> for IPv4, <see cref="Icmpv6Type"/> for IPv6.</param>
    /// <param name="code">The code.</param>
    /// <param name="restOfHeader">Bytes 4-7: 0, an MTU (RFC 1191 §4 puts it in the low 16 bits for IPv4), or a pointer (RFC 792 puts it in the high 8 bits for IPv4).</param>
    /// <param name="send">The error's source address, hop limit, and identification or flow label.</param>
    /// <param name="destination">Where to write the packet.</param>
    /// <param name="bytesWritten">The length written: <see cref="GetErrorLength"/>.</param>
    /// <returns>False, with nothing written, if <paramref name="destination"/> is too short.</returns>
    /// <exception cref="ArgumentException">The source is not of the offending packet's family, or the flow label is out of range.</exception>
    public static bool TryWrite(in IpPacketView offending, byte type, byte code, uint restOfHeader, in IcmpSendParameters send, Span<byte> destination, out int bytesWritten)
    {
        IcmpPacketWriter.Validate(send, offending.IsIPv6, nameof(send));
        var length = GetErrorLength(offending);
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        var packet = destination[..length];
        var message = packet[IcmpPacketWriter.HeaderLength(offending.IsIPv6)..];
        message[0] = type;
        message[1] = code;
        BinaryPrimitives.WriteUInt32BigEndian(message[4..], restOfHeader);
        offending.Packet[..(message.Length - IcmpMessageView.HeaderLength)].CopyTo(message[IcmpMessageView.HeaderLength..]);
        IcmpPacketWriter.Finish(packet, send, offending.Source, offending.IsIPv6 ? (byte)0 : InternetworkControl);
        bytesWritten = length;
        return true;
    }

    private static bool IsIcmpError(ReadOnlySpan<byte> message)
        => message.IsEmpty || (IcmpType)message[0] is IcmpType.DestinationUnreachable or IcmpType.SourceQuench
            or IcmpType.Redirect or IcmpType.TimeExceeded or IcmpType.ParameterProblem;

    // RFC 4443 §2.1: types 0-127 are errors.
    private static bool IsIcmpv6Error(ReadOnlySpan<byte> message) => message.IsEmpty || message[0] < 128;
}
