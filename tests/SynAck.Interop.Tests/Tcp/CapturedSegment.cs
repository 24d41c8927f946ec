using SynAck.Wire;
using SynAck.Wire.Capture;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Interop.Tests.Tcp;

/// <summary>One TCP segment of a raw-IP capture, decoded: who sent it, the IP ECN field, and the TCP header.</summary>
internal sealed record CapturedSegment(IpAddress Source, EcnCodepoint Ecn, TcpHeader Header, int PayloadLength)
{
    public bool Has(TcpFlags flags) => (Header.Flags & flags) == flags;

    /// <summary>Every TCP segment of a pcap capture with raw IP packets, in capture order; a packet that does not decode fails the test.</summary>
    public static IReadOnlyList<CapturedSegment> ReadAll(Stream pcap)
    {
        var segments = new List<CapturedSegment>();
        using var reader = CaptureReader.Open(pcap, leaveOpen: true);
        CaptureError error;
        while (reader.TryReadNext(out var packet, out error))
        {
            Assert.True(IpPacketView.TryCreate(packet.Data.Span, out var ip, out var ipError), $"packet {segments.Count}: {ipError}");
            if (ip.Protocol != IpProtocol.Tcp)
            {
                continue;
            }

            Assert.True(TcpSegmentView.TryCreate(ip.UpperLayerData, out var tcp, out var tcpError), $"packet {segments.Count}: {tcpError}");
            segments.Add(new CapturedSegment(ip.Source, ip.Ecn, tcp.ToHeader(), tcp.Payload.Length));
        }

        Assert.Equal(CaptureErrorReason.None, error.Reason);
        return segments;
    }
}
