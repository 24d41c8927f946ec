using SynAck.Diagnostics;
using SynAck.Tcp;
using SynAck.Wire;
using SynAck.Wire.Checksums;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Stack;

// IP and TCP output: the TCP core copies a segment's payload into the transmit buffer behind
// room for the largest headers; the TCP header, its checksum and the IP header are written in
// front of it, and the link copies the packet out. One buffer serves the whole stack because
// everything runs on the loop and a link keeps nothing of the span it is given.
public sealed partial class NetworkStack
{
    /// <summary>Room in front of the payload: an IPv6 header and the longest TCP header.</summary>
    private const int HeaderRoom = Ipv6Header.Length + TcpHeader.MaximumLength;

    private readonly byte[] _transmitBuffer = new byte[HeaderRoom + ushort.MaxValue];
    private ushort _ipv4Identification;

    /// <summary>Where the core puts a segment's payload: as long as the interface's MTU allows without IP fragmentation.</summary>
    private Span<byte> PayloadArea(TcpConnection connection)
    {
        var room = connection.Interface.Mtu - (connection.Key.IsIPv6 ? Ipv6Header.Length : Ipv4Header.Length) - TcpHeader.MinimumLength;
        return _transmitBuffer.AsSpan(HeaderRoom, Math.Clamp(room, 0, ushort.MaxValue));
    }

    /// <summary>Sends every segment a connection has ready.</summary>
    private void DrainSegments(TcpConnection connection)
    {
        var tcb = connection.Tcb;
        var now = Now;
        var area = PayloadArea(connection);
        var layout = tcb.Settings.OptionLayout;
        if (_trace is null)
        {
            while (tcb.TryGetSegment(now, area, out var header, out var payloadLength))
            {
                Transmit(connection.Interface, connection.Key, header, payloadLength, tcb.LastSegmentEcn, layout);
            }

            return;
        }

        // Tracing: the core's retransmission count tells which segments repeat sequence space.
        var retransmitted = tcb.Counters.SegmentsRetransmitted;
        while (tcb.TryGetSegment(now, area, out var header, out var payloadLength))
        {
            var count = tcb.Counters.SegmentsRetransmitted;
            Transmit(connection.Interface, connection.Key, header, payloadLength, tcb.LastSegmentEcn, layout, retransmission: count != retransmitted);
            retransmitted = count;
        }
    }

    /// <summary>RFC 9293 §3.10.7.1: the RST for a segment that matches no connection (none for a RST).</summary>
    private void SendResetForUnknownSegment(NetworkInterface networkInterface, in ConnectionKey key, in TcpHeader header, int payloadLength)
    {
        if (TcpControlBlock.TryCreateResetForUnknownSegment(header, payloadLength, out var reset))
        {
            Transmit(networkInterface, key, reset, 0);
        }
    }

    /// <summary>
    /// Puts one segment on a link: its payload (if any) is already at <see cref="HeaderRoom"/> in
    /// the transmit buffer. <paramref name="ecn"/> goes into the IP header (RFC 3168 §5), the
    /// options are written in <paramref name="layout"/>.
    /// </summary>
    private void Transmit(
        NetworkInterface networkInterface,
        in ConnectionKey key,
        in TcpHeader header,
        int payloadLength,
        EcnCodepoint ecn = EcnCodepoint.NotEct,
        TcpOptionLayout layout = TcpOptionLayout.Linux,
        bool retransmission = false)
    {
        var ipv6 = key.IsIPv6;
        var tcpHeaderLength = header.GetEncodedLength(layout);
        var tcpStart = HeaderRoom - tcpHeaderLength;
        var ipHeaderLength = ipv6 ? Ipv6Header.Length : Ipv4Header.Length;
        var start = tcpStart - ipHeaderLength;
        var tcpLength = tcpHeaderLength + payloadLength;
        var buffer = _transmitBuffer.AsSpan();
        if (tcpHeaderLength > TcpHeader.MaximumLength || !header.TryWriteBytes(buffer.Slice(tcpStart, tcpHeaderLength), out _, layout))
        {
            throw new InvalidOperationException($"The TCP core produced a header of {tcpHeaderLength} bytes, which cannot be sent.");
        }

        uint pseudoHeader;
        if (ipv6)
        {
            new Ipv6Header
            {
                PayloadLength = (ushort)tcpLength,
                Ecn = ecn,
                NextHeader = IpProtocol.Tcp,
                HopLimit = HopLimit,
                Source = key.LocalAddress,
                Destination = key.RemoteAddress,
            }.TryWriteBytes(buffer[start..], out _);
            pseudoHeader = InternetChecksum.PseudoHeaderIPv6(buffer.Slice(start + 8, 16), buffer.Slice(start + 24, 16), (byte)IpProtocol.Tcp, (uint)tcpLength);
        }
        else
        {
            new Ipv4Header
            {
                TotalLength = (ushort)(ipHeaderLength + tcpLength),
                Ecn = ecn,
                Identification = _ipv4Identification++,
                // RFC 1191: TCP segments are sent with DF, as Linux does (path MTU discovery).
                DontFragment = true,
                TimeToLive = HopLimit,
                Protocol = IpProtocol.Tcp,
                Source = key.LocalAddress,
                Destination = key.RemoteAddress,
            }.TryWriteBytes(buffer[start..], out _);
            pseudoHeader = InternetChecksum.PseudoHeaderIPv4(buffer.Slice(start + 12, 4), buffer.Slice(start + 16, 4), (byte)IpProtocol.Tcp, (ushort)tcpLength);
        }

        TcpChecksum.Write(pseudoHeader, buffer.Slice(tcpStart, tcpLength));
        _counters.TcpOutSegs++;
        _counters.IpOutRequests++;
        if ((header.Flags & TcpFlags.Rst) != 0)
        {
            _counters.TcpOutRsts++;
        }

        if (_trace is not null)
        {
            TraceSegment(key, header, buffer.Slice(tcpStart, tcpLength), payloadLength, retransmission);
        }

        networkInterface.Link.Send(buffer.Slice(start, ipHeaderLength + tcpLength));
    }

    private void TraceSegment(in ConnectionKey key, in TcpHeader header, ReadOnlySpan<byte> segment, int payloadLength, bool retransmission)
    {
        var options = string.Empty;
        if (!header.Options.IsEmpty && TcpSegmentView.TryCreate(segment, out var view, out _))
        {
            // As SegmentTrace wants them: tcpdump's list without its brackets.
            options = TcpFormatting.FormatOptions(view).Trim('[', ']');
        }

        _trace!.OnSegment(new SegmentTrace(
            Loop.Time.GetUtcNow(),
            Name,
            PeerName(key.Remote),
            key.Local,
            key.Remote,
            header.Flags,
            header.SequenceNumber,
            header.AcknowledgmentNumber,
            payloadLength,
            header.Window,
            options,
            Lost: false,
            Retransmission: retransmission));
    }

    /// <summary>A peer's name in traces: from <see cref="NetworkStackOptions.PeerNames"/>, else its address and port.</summary>
    private string PeerName(IpEndpoint remote)
        => _peerNames is not null && _peerNames.TryGetValue(remote.Address, out var name) ? name : remote.ToString();
}
