using SynAck.Wire;
using SynAck.Wire.Checksums;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Tests.Stack;

/// <summary>Builds IPv4 packets carrying a TCP segment, with correct checksums unless asked otherwise.</summary>
internal static class Packets
{
    public static byte[] Tcp(string source, string destination, ushort sourcePort, ushort destinationPort, TcpFlags flags, uint sequence, uint acknowledgment = 0, byte[]? payload = null)
    {
        payload ??= [];
        var header = new TcpHeader
        {
            SourcePort = sourcePort,
            DestinationPort = destinationPort,
            SequenceNumber = new SequenceNumber(sequence),
            AcknowledgmentNumber = new SequenceNumber(acknowledgment),
            Flags = flags,
            Window = 65535,
        };
        var tcpLength = header.GetEncodedLength() + payload.Length;
        var packet = new byte[Ipv4Header.Length + tcpLength];
        new Ipv4Header
        {
            TotalLength = (ushort)packet.Length,
            TimeToLive = 64,
            Protocol = IpProtocol.Tcp,
            Source = IpAddress.Parse(source),
            Destination = IpAddress.Parse(destination),
        }.TryWriteBytes(packet, out _);
        header.TryWriteBytes(packet.AsSpan(Ipv4Header.Length), out var written);
        payload.CopyTo(packet.AsSpan(Ipv4Header.Length + written));
        var pseudo = InternetChecksum.PseudoHeaderIPv4(packet.AsSpan(12, 4), packet.AsSpan(16, 4), (byte)IpProtocol.Tcp, (ushort)tcpLength);
        TcpChecksum.Write(pseudo, packet.AsSpan(Ipv4Header.Length));
        return packet;
    }

    /// <summary>Parses the TCP header of an IPv4 or IPv6 packet the stack sent.</summary>
    public static TcpHeader TcpHeaderOf(byte[] packet)
    {
        Assert.True(IpPacketView.TryCreate(packet, out var ip, out _));
        Assert.True(TcpHeader.TryParse(ip.UpperLayerData, out var header, out _, out _));
        Assert.True(TcpChecksum.IsValid(ip.PseudoHeaderSum(), ip.UpperLayerData), "the stack's checksum must verify");
        return header;
    }
}
