using SynAck.Wire.Ip;

namespace SynAck.Ip;

/// <summary>
/// Answers ICMP Echo Requests (RFC 792, RFC 1122 §3.2.2.6) and ICMPv6 Echo Requests (RFC 4443 §4):
/// the reply carries the request's identifier, sequence number and data unchanged.
/// </summary>
/// <remarks>
/// IPv4 options of the request (Record Route, Timestamp) are not copied into the reply, which
/// RFC 1122 §3.2.2.6 asks for as a SHOULD. Whether to answer a request sent to a multicast or
/// broadcast address is the caller's choice (RFC 1122 §3.2.2.6 allows silence; RFC 4443 §4.2
/// wants a unicast source if it answers).
/// </remarks>
public static class IcmpEcho
{
    /// <summary>
    /// Whether <paramref name="packet"/> is an Echo Request with code 0 and a valid checksum, not
    /// a fragment (reassemble first: RFC 1122 §3.2.2.6 wants all the data echoed).
    /// </summary>
    public static bool IsEchoRequest(in IpPacketView packet)
        => IcmpMessageView.TryCreate(packet, out var message, out _)
        && message.Code == 0
        && message.Type == (packet.IsIPv6 ? (byte)Icmpv6Type.EchoRequest : (byte)IcmpType.EchoRequest);

    /// <summary>The length of the reply packet to <paramref name="request"/>: an IP header without options plus the request's ICMP message.</summary>
    public static int GetReplyLength(in IpPacketView request)
        => IcmpPacketWriter.HeaderLength(request.IsIPv6) + request.UpperLayerData.Length;

    /// <summary>
    /// Writes the whole reply packet, IP header included, to the request's source: an Echo Reply
    /// (type 0 or 129) with the request's identifier, sequence number and data, and new checksums.
    /// The IPv4 header has TOS 0, no DF and no options; the IPv6 header has Traffic Class 0.
    /// </summary>
    /// <param name="request">A request for which <see cref="IsEchoRequest"/> is true.</param>
    /// <param name="send">The reply's source address, hop limit, and identification or flow label.</param>
    /// <param name="destination">Where to write the packet.</param>
    /// <param name="bytesWritten">The length of the reply: <see cref="GetReplyLength"/>.</param>
    /// <returns>False, with nothing written, if <paramref name="destination"/> is too short.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="request"/> is not an echo request, the source address is not of its family, or the flow label is out of range.
    /// </exception>
    public static bool TryWriteReply(in IpPacketView request, in IcmpSendParameters send, Span<byte> destination, out int bytesWritten)
    {
        if (!IsEchoRequest(request))
        {
            throw new ArgumentException("The packet is not a valid echo request; check IsEchoRequest first.", nameof(request));
        }

        IcmpPacketWriter.Validate(send, request.IsIPv6, nameof(send));

        var length = GetReplyLength(request);
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        var packet = destination[..length];
        var message = packet[IcmpPacketWriter.HeaderLength(request.IsIPv6)..];
        request.UpperLayerData.CopyTo(message);
        message[0] = request.IsIPv6 ? (byte)Icmpv6Type.EchoReply : (byte)IcmpType.EchoReply;
        IcmpPacketWriter.Finish(packet, send, request.Source, typeOfService: 0);
        bytesWritten = length;
        return true;
    }
}
