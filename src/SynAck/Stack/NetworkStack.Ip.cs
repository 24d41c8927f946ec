using SynAck.Ip;
using SynAck.Runtime;
using SynAck.Tcp;
using SynAck.Wire.Ip;

namespace SynAck.Stack;

// IP services from src/SynAck/Ip: fragment reassembly (RFC 791, RFC 8200 §4.5), echo replies
// (RFC 792, RFC 4443) and ICMP errors delivered to TCP (RFC 9293 §3.9.2.2, RFC 5927).
public sealed partial class NetworkStack
{
    private Ipv4Reassembler? _ipv4Reassembler;
    private Ipv6Reassembler? _ipv6Reassembler;
    private LoopTimer? _reassemblyTimer;

    /// <summary>
    /// Gives a fragment to the reassembler of its family; the fragment that completes its
    /// datagram delivers the rebuilt packet. Drops (overlaps, limits, timeouts) are counted.
    /// </summary>
    private void OnFragment(NetworkInterface networkInterface, IpPacketView ip)
    {
        _counters.IpReasmReqds++;
        var now = Now;
        var fragment = ip;
        if (fragment.IsIPv6)
        {
            _ipv6Reassembler ??= new Ipv6Reassembler();
            var droppedBefore = _ipv6Reassembler.Counters.DroppedTotal;
            var complete = _ipv6Reassembler.TryAdd(fragment, now, out var rebuilt);
            _counters.IpReasmFails += _ipv6Reassembler.Counters.DroppedTotal - droppedBefore;
            ScheduleReassemblyExpiry();
            if (complete)
            {
                DeliverReassembled(networkInterface, rebuilt);
            }
        }
        else
        {
            _ipv4Reassembler ??= new Ipv4Reassembler();
            var droppedBefore = _ipv4Reassembler.Counters.DroppedTotal;
            var complete = _ipv4Reassembler.TryAdd(fragment, now, out var rebuilt);
            _counters.IpReasmFails += _ipv4Reassembler.Counters.DroppedTotal - droppedBefore;
            ScheduleReassemblyExpiry();
            if (complete)
            {
                DeliverReassembled(networkInterface, rebuilt);
            }
        }
    }

    private void DeliverReassembled(NetworkInterface networkInterface, ReadOnlySpan<byte> packet)
    {
        if (!IpPacketView.TryCreate(packet, out var whole, out _))
        {
            _counters.IpReasmFails++;
            return;
        }

        _counters.IpReasmOKs++;
        DeliverToProtocol(networkInterface, whole);
    }

    /// <summary>Arms one loop timer for the earliest reassembly timeout, so incomplete datagrams are freed even when no fragment follows.</summary>
    private void ScheduleReassemblyExpiry()
    {
        var next = Earliest(_ipv4Reassembler?.NextExpiry, _ipv6Reassembler?.NextExpiry);
        if (next is not { } deadline)
        {
            _reassemblyTimer?.Cancel();
            return;
        }

        _reassemblyTimer ??= Loop.CreateTimer(static state => ((NetworkStack)state!).OnReassemblyTimer(), this);
        _reassemblyTimer.ScheduleAt(TimestampMath.SaturatingAdd(_epoch, TimestampMath.ToTimestampDelta(deadline, Loop.Time.TimestampFrequency)));
    }

    private void OnReassemblyTimer()
    {
        if (_disposedOnLoop)
        {
            return;
        }

        var now = Now;
        foreach (var counters in (ReadOnlySpan<long>)[ExpireOne(_ipv4Reassembler, now), ExpireOne(_ipv6Reassembler, now)])
        {
            _counters.IpReasmFails += counters;
        }

        ScheduleReassemblyExpiry();
    }

    private static long ExpireOne(IpReassembler? reassembler, TimeSpan now)
    {
        if (reassembler is null)
        {
            return 0;
        }

        var before = reassembler.Counters.DroppedTotal;
        reassembler.Expire(now);
        return reassembler.Counters.DroppedTotal - before;
    }

    private static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>An ICMP or ICMPv6 message for the stack: echo requests are answered, errors go to the connection they quote.</summary>
    private void OnIcmpMessage(NetworkInterface networkInterface, in IpPacketView ip)
    {
        _counters.IcmpInMsgs++;
        if (IcmpEcho.IsEchoRequest(ip))
        {
            var send = new IcmpSendParameters(ip.Destination, HopLimit) { Identification = _ipv4Identification++ };
            if (IcmpEcho.TryWriteReply(ip, send, _transmitBuffer, out var length))
            {
                _counters.IcmpOutMsgs++;
                _counters.IpOutRequests++;
                networkInterface.Link.Send(_transmitBuffer.AsSpan(0, length));
            }

            return;
        }

        if (IcmpErrorMessage.TryParse(ip, out var error, out _) && error.HasQuotedSequenceNumber)
        {
            OnIcmpError(error);
        }
    }

    /// <summary>
    /// RFC 9293 §3.9.2.2 and RFC 5927 §4.1: an error about a segment of ours reaches its connection
    /// only if the quoted sequence number is in flight (SND.UNA &lt;= SEG.SEQ &lt; SND.NXT), which
    /// a blind attacker cannot easily guess. Hard errors abort, soft ones are kept (a connect in
    /// SYN-SENT fails on either, as Linux's does). A smaller path MTU is not applied yet.
    /// </summary>
    private void OnIcmpError(in IcmpErrorMessage error)
    {
        var key = new ConnectionKey(error.QuotedSource.Address, error.QuotedSource.Port, error.QuotedDestination.Address, error.QuotedDestination.Port);
        if (!_connections.TryGetValue(key, out var connection) || connection.IsReleased)
        {
            return;
        }

        var tcb = connection.Tcb;
        if (!error.IsQuotedSequenceInFlight(tcb.SndUna, tcb.SndMax))
        {
            _counters.IcmpInErrorsIgnored++;
            return;
        }

        var tcpError = error.Kind switch
        {
            IcmpErrorKind.NetworkUnreachable => TcpError.NetworkUnreachable,
            IcmpErrorKind.PortUnreachable or IcmpErrorKind.ProtocolUnreachable => TcpError.ConnectionRefused,
            _ => TcpError.HostUnreachable,
        };
        switch (error.TcpReaction)
        {
            case IcmpTcpReaction.HardError:
                tcb.OnNetworkError(tcpError, hard: true, Now);
                Pump(connection);
                break;
            case IcmpTcpReaction.SoftError:
                tcb.OnNetworkError(tcpError, hard: false, Now);
                Pump(connection);
                break;
            default:
                break;
        }
    }

    private void DisposeIpServices()
    {
        _reassemblyTimer?.Dispose();
        _ipv4Reassembler?.Dispose();
        _ipv6Reassembler?.Dispose();
    }
}
