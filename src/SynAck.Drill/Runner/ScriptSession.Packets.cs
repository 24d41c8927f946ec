using System.Globalization;
using SynAck.Drill.Matching;
using SynAck.Drill.Syntax;
using SynAck.Wire;
using SynAck.Wire.Checksums;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Drill.Runner;

// Packets: the script's inbound ones become bytes on the link; the stack's outbound ones are
// matched against the script's lines in script space and in time.
internal sealed partial class ScriptSession
{
    /// <summary>The port the script's end uses when it is not the one the stack connects to (packetdrill picks one too).</summary>
    private const ushort ScriptPassivePort = 49152;

    private ushort? _stackPort;
    private ushort? _scriptPort;

    /// <summary>The stack's end of the script's connection: its port from its first SYN, else the port the script binds.</summary>
    private ushort StackPort => _stackPort ?? _configuration.BindPort;

    /// <summary>The script's end: the port the stack connected to, else a fixed one.</summary>
    private ushort ScriptPort => _scriptPort ?? ScriptPassivePort;

    private bool IsIPv6 => _configuration.LocalAddress.IsIPv6;

    /// <summary>The MSS the stack offers on this link (MTU minus the IP and TCP headers).</summary>
    private int LocalMss => _link.Mtu - (IsIPv6 ? 40 : 20) - 20;

    /// <summary>The MSS option of the script's SYN or SYN-ACK (RFC 9293 §3.7.1: 536, or 1220 for IPv6, when absent).</summary>
    private int? PeerMss { get; set; }

    private void SendInbound(PacketEvent inbound)
    {
        var line = inbound.Packet;
        if (!ScriptSpace.TryMapInbound(line, _numbering, _timestamps, out var segment, out var error))
        {
            throw new DrillFailure(inbound.Location, error, expected: line.ToString());
        }

        if ((line.Flags & TcpFlags.Syn) != 0)
        {
            var mss = line.Options.OfType<MssOptionSpec>().FirstOrDefault();
            PeerMss = mss is null ? (IsIPv6 ? 1220 : 536) : mss.Value;
        }

        var headerLength = IsIPv6 ? Ipv6Header.Length : Ipv4Header.Length;
        var packet = new byte[headerLength + segment.Length];
        var tcp = packet.AsSpan(headerLength);
        segment.WriteTo(tcp, ScriptPort, StackPort);
        var source = _configuration.RemoteAddress;
        var destination = _configuration.LocalAddress;
        var ip = line.Ip;
        var ecn = segment.Ecn;
        uint pseudo;
        if (IsIPv6)
        {
            new Ipv6Header
            {
                Ecn = ecn,
                Dscp = (byte)((ip?.TypeOfService ?? 0) >> 2),
                FlowLabel = ip?.FlowLabel ?? 0,
                PayloadLength = (ushort)segment.Length,
                NextHeader = IpProtocol.Tcp,
                HopLimit = ip?.TimeToLive ?? 64,
                Source = source,
                Destination = destination,
            }.TryWriteBytes(packet, out _);
            pseudo = InternetChecksum.PseudoHeaderIPv6(packet.AsSpan(8, 16), packet.AsSpan(24, 16), (byte)IpProtocol.Tcp, (uint)segment.Length);
        }
        else
        {
            new Ipv4Header
            {
                Ecn = ecn,
                Dscp = (byte)((ip?.TypeOfService ?? 0) >> 2),
                TotalLength = (ushort)packet.Length,
                TimeToLive = ip?.TimeToLive ?? 64,
                Protocol = IpProtocol.Tcp,
                Source = source,
                Destination = destination,
            }.TryWriteBytes(packet, out _);
            pseudo = InternetChecksum.PseudoHeaderIPv4(packet.AsSpan(12, 4), packet.AsSpan(16, 4), (byte)IpProtocol.Tcp, (ushort)segment.Length);
        }

        TcpChecksum.Write(pseudo, tcp);
        _link.Inject(packet);
        Settle();
    }

    private void ExpectOutbound(PacketEvent outbound)
    {
        var line = outbound.Packet;
        var due = Due(outbound);
        var window = EventTiming.Accepted(outbound.Time, _previous, Tolerance(due));
        var deadline = window.Latest > _options.TimeLimit ? _options.TimeLimit : window.Latest;
        Settle();
        while (!_link.TryPeekSent(out _) && Now < deadline)
        {
            _simulation.RunUntil(() => _link.SentCount > 0 || _pending?.Task.IsCompleted == true, deadline - Now);
            if (_pending is { Task.IsCompleted: true })
            {
                FinishPendingCall(Now);
            }
        }

        if (!_link.TryTakeSent(out var sent))
        {
            throw new DrillFailure(
                outbound.Location,
                string.Create(CultureInfo.InvariantCulture, $"timing error: expected outbound packet by {EventTime.Seconds(window.Latest)}, none was sent"),
                expected: line.ToString(),
                actual: "no packet");
        }

        if (!TryObserve(sent, out var observed, out var problem))
        {
            throw new DrillFailure(outbound.Location, problem, expected: line.ToString(), actual: Hex(sent.Bytes));
        }

        LearnFromOutbound(observed, line);
        var mapped = ScriptSpace.MapOutbound(observed, line, _numbering, _timestamps);
        var mismatches = SegmentMatcher.Compare(line, mapped, new MatchSettings { Tolerance = _configuration.Tolerance, TimestampTick = _configuration.TimestampTick });
        if (mismatches.Count > 0)
        {
            throw new DrillFailure(
                outbound.Location,
                "bad outbound packet: " + string.Join("; ", mismatches),
                expected: line.ToString(),
                actual: (line.Direction == PacketDirection.Outbound ? "> " : string.Empty) + mapped);
        }

        if (!window.Contains(sent.Time))
        {
            throw new DrillFailure(
                outbound.Location,
                string.Create(CultureInfo.InvariantCulture, $"timing error: expected outbound packet in {window}, sent at {EventTime.Seconds(sent.Time)}"),
                expected: line.ToString(),
                actual: "> " + mapped);
        }

        _previous = sent.Time;
    }

    private void LearnFromOutbound(ObservedSegment observed, TcpPacketSpec line)
    {
        if ((observed.Flags & TcpFlags.Syn) == 0 || (line.Flags & TcpFlags.Syn) == 0 || _stackPort is not null)
        {
            return;
        }

        if ((observed.Flags & TcpFlags.Ack) == 0)
        {
            // An active open: the stack chose its port, and talks to the port it connected to.
            _scriptPort ??= _configuration.ConnectPort;
        }
    }

    private bool TryObserve(SentPacket sent, out ObservedSegment observed, out string problem)
    {
        observed = null!;
        if (!IpPacketView.TryCreate(sent.Bytes, out var ip, out var ipError))
        {
            problem = "the stack sent a packet that does not parse as IP: " + ipError;
            return false;
        }

        if (ip.Protocol != IpProtocol.Tcp)
        {
            problem = "the stack sent a " + ip.Protocol + " packet where the script expects TCP";
            return false;
        }

        if (!ObservedSegment.TryParse(ip.UpperLayerData, ip.Ecn, out var segment, out var tcpError))
        {
            problem = "the stack sent a TCP segment that does not parse: " + tcpError;
            return false;
        }

        if (!TcpChecksum.IsValid(ip.PseudoHeaderSum(), ip.UpperLayerData))
        {
            problem = "the stack sent a TCP segment with a bad checksum";
            return false;
        }

        var ports = ip.UpperLayerData;
        var sourcePort = (ushort)((ports[0] << 8) | ports[1]);
        var destinationPort = (ushort)((ports[2] << 8) | ports[3]);
        if ((segment.Flags & TcpFlags.Syn) != 0 && (segment.Flags & TcpFlags.Ack) == 0)
        {
            _stackPort ??= sourcePort;
            _scriptPort ??= destinationPort;
        }

        observed = segment;
        problem = string.Empty;
        return true;
    }

    private string Describe(SentPacket sent)
    {
        if (!TryObserve(sent, out var observed, out var problem))
        {
            return problem;
        }

        var isSyn = (observed.Flags & TcpFlags.Syn) != 0;
        var shown = observed with
        {
            SequenceNumber = _numbering.HasLocalIsn ? _numbering.OutboundSequence(observed.SequenceNumber, isSyn) : observed.SequenceNumber,
            AcknowledgmentNumber = (observed.Flags & TcpFlags.Ack) != 0 && _numbering.HasRemoteIsn
                ? _numbering.OutboundAcknowledgment(observed.AcknowledgmentNumber, isSyn)
                : observed.AcknowledgmentNumber,
        };
        return "> " + shown;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
