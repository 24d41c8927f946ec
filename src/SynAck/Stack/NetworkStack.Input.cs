using Microsoft.Extensions.Logging;
using SynAck.Diagnostics;
using SynAck.Tcp;
using SynAck.Wire;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Stack;

// IP input (RFC 791 §3.2, RFC 8200, RFC 1122 §3.2.1) and TCP input up to the connection: header
// and checksum checks, demultiplexing on the 4-tuple, listeners, and RST for the rest.
public sealed partial class NetworkStack
{
    /// <summary>A link delivered a packet; runs on the loop. Untrusted bytes: a bad packet is counted and dropped.</summary>
    internal void OnPacketReceived(NetworkInterface networkInterface, ReadOnlySpan<byte> packet)
    {
        if (_disposedOnLoop)
        {
            return;
        }

        _counters.IpInReceives++;
        if (!IpPacketView.TryCreate(packet, out var ip, out var error))
        {
            _counters.IpInHdrErrors++;
            LogDrop(error);
            return;
        }

        if (!ip.IsHeaderChecksumValid)
        {
            // RFC 1122 §3.2.1.2: a packet whose header checksum fails is silently discarded.
            _counters.IpInHdrErrors++;
            LogDrop("bad IPv4 header checksum");
            return;
        }

        if (!_localAddresses.Contains(ip.Destination))
        {
            // Not for us, and the stack does not forward (RFC 1122 §3.3.1: a host need not).
            _counters.IpInAddrErrors++;
            LogDrop("destination is not an address of the stack");
            return;
        }

        if (ip.IsFragment)
        {
            OnFragment(networkInterface, ip);
            return;
        }

        DeliverToProtocol(networkInterface, ip);
    }

    /// <summary>A whole, checked IP packet for the stack: hand it to TCP or ICMP.</summary>
    private void DeliverToProtocol(NetworkInterface networkInterface, in IpPacketView ip)
    {
        switch (ip.Protocol)
        {
            case IpProtocol.Tcp:
                _counters.IpInDelivers++;
                OnTcpSegment(networkInterface, ip);
                break;
            case IpProtocol.Icmp when ip.IsIPv4:
            case IpProtocol.IcmpV6 when ip.IsIPv6:
                _counters.IpInDelivers++;
                OnIcmpMessage(networkInterface, ip);
                break;
            default:
                _counters.IpInUnknownProtos++;
                LogDrop("unknown protocol");
                break;
        }
    }

    private void OnTcpSegment(NetworkInterface networkInterface, in IpPacketView ip)
    {
        _counters.TcpInSegs++;
        var segment = ip.UpperLayerData;
        if (segment.Length < TcpHeader.MinimumLength)
        {
            _counters.TcpInErrs++;
            LogDrop("TCP segment shorter than its header");
            return;
        }

        if (!networkInterface.TrustReceivedChecksums && !TcpChecksum.IsValid(ip.PseudoHeaderSum(), segment))
        {
            // RFC 9293 §3.1 (MUST-2): a segment with a bad checksum is dropped.
            _counters.TcpInErrs++;
            _counters.TcpInCsumErrors++;
            LogDrop("bad TCP checksum");
            return;
        }

        if (!TcpHeader.TryParse(segment, out var header, out var headerLength, out var parseError))
        {
            _counters.TcpInErrs++;
            LogDrop(parseError);
            return;
        }

        var source = ip.Source;
        if (source.IsMulticast || source.IsUnspecified || source == IpAddress.Broadcast || header.SourcePort == 0 || header.DestinationPort == 0)
        {
            // RFC 9293 §3.10.7.2 and RFC 1122 §4.2.3.10: nothing may come from such an address or port.
            _counters.TcpInErrs++;
            LogDrop("invalid TCP source or port 0");
            return;
        }

        var payload = segment[headerLength..];
        var key = new ConnectionKey(ip.Destination, header.DestinationPort, source, header.SourcePort);
        if (_connections.TryGetValue(key, out var connection))
        {
            DeliverToConnection(networkInterface, connection, header, payload, ip.Ecn);
            return;
        }

        if (TryFindListener(key.LocalAddress, key.LocalPort, out var listener))
        {
            OnListenerSegment(networkInterface, listener, key, header, payload, ip.Ecn);
            return;
        }

        if (_trace is not null && (header.Flags & (TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Rst)) == TcpFlags.Syn)
        {
            // A SYN to a port nobody listens on: the port stays CLOSED and refuses it (RFC 9293 §3.10.7.1).
            _trace.OnState(new StateTrace(Loop.Time.GetUtcNow(), Name, TcpState.Closed, TcpState.Closed, PassiveStateTracker.NoListener));
        }

        SendResetForUnknownSegment(networkInterface, key, header, payload.Length);
    }

    private void DeliverToConnection(NetworkInterface networkInterface, TcpConnection connection, in TcpHeader header, ReadOnlySpan<byte> payload, EcnCodepoint ecn)
    {
        var tcb = connection.Tcb;
        if (tcb.State == TcpState.TimeWait && tcb.CanReopenFromTimeWait(header)
            && TryFindListener(connection.Key.LocalAddress, connection.Key.LocalPort, out var listener))
        {
            // RFC 9293 MAY-2 and RFC 6191: a new SYN above the old RCV.NXT, or with a newer
            // timestamp, reopens the 4-tuple from TIME-WAIT, with an ISS above every sequence
            // number the old incarnation used.
            var initialSendSequence = tcb.ReopenSendSequence;
            connection.OnStateChanged(TcpState.Closed);
            Retire(connection);
            if (!TryAdmitSyn(listener, connection.Key))
            {
                return;
            }

            AcceptSyn(networkInterface, listener, connection.Key, header, payload, ecn, initialSendSequence);
            return;
        }

        if (tcb.State == TcpState.SynReceived && connection.Listener is { IsAcceptQueueFull: true }
            && (header.Flags & (TcpFlags.Syn | TcpFlags.Rst | TcpFlags.Ack)) == TcpFlags.Ack)
        {
            // Linux with tcp_abort_on_overflow = 0: the handshake's last ACK is dropped while the
            // accept queue is full; our SYN+ACK is retransmitted and the peer ACKs again later.
            _counters.TcpListenOverflows++;
            return;
        }

        tcb.OnSegment(header, payload, Now, ecn);
        Pump(connection);
    }

    private void OnListenerSegment(NetworkInterface networkInterface, TcpConnectionListener listener, in ConnectionKey key, in TcpHeader header, ReadOnlySpan<byte> payload, EcnCodepoint ecn)
    {
        if (listener.ConnectionOptions.DropSynFin && header.Has(TcpFlags.Syn | TcpFlags.Fin))
        {
            LogDrop("SYN and FIN set");
            return;
        }

        // RFC 9293 §3.10.7.2, LISTEN. First, a RST is ignored.
        if (header.Has(TcpFlags.Rst))
        {
            return;
        }

        // Second, any ACK is bad: <SEQ=SEG.ACK><CTL=RST>.
        if (header.Has(TcpFlags.Ack))
        {
            SendResetForUnknownSegment(networkInterface, key, header, payload.Length);
            return;
        }

        // Fourth, anything without SYN is dropped.
        if (!header.Has(TcpFlags.Syn))
        {
            return;
        }

        if (!TryAdmitSyn(listener, key))
        {
            return;
        }

        AcceptSyn(networkInterface, listener, key, header, payload, ecn, initialSendSequence: null);
    }

    /// <summary>Whether the listener has room for one more half-open connection; counts the drop when not.</summary>
    private bool TryAdmitSyn(TcpConnectionListener listener, in ConnectionKey key)
    {
        if (listener.IsAcceptQueueFull)
        {
            _counters.TcpListenOverflows++;
            _counters.TcpListenDrops++;
            StackLog.ListenDrop(_logger, Name, listener.Endpoint, key.Remote, "accept queue full");
            return false;
        }

        if (listener.SynQueueCount >= listener.Backlog)
        {
            _counters.TcpListenDrops++;
            StackLog.ListenDrop(_logger, Name, listener.Endpoint, key.Remote, "SYN queue full");
            return false;
        }

        return true;
    }

    /// <summary>A SYN for a listener: a new connection in LISTEN takes it (and answers SYN+ACK).</summary>
    private void AcceptSyn(NetworkInterface networkInterface, TcpConnectionListener listener, in ConnectionKey key, in TcpHeader header, ReadOnlySpan<byte> payload, EcnCodepoint ecn, SequenceNumber? initialSendSequence)
    {
        var settings = listener.ConnectionOptions.ToSettings(networkInterface.Mtu, key.IsIPv6);
        var connection = CreateConnection(networkInterface, key, settings);
        connection.Listener = listener;
        connection.InSynQueue = true;
        listener.SynQueueCount++;
        var now = Now;
        connection.Tcb.OpenPassive(now, initialSendSequence);
        connection.Tcb.OnSegment(header, payload, now, ecn);
        Pump(connection);
    }

    private bool TryFindListener(IpAddress localAddress, ushort localPort, out TcpConnectionListener listener)
        => _listeners.TryGetValue(new ListenerKey(localAddress, localPort), out listener!)
        || _listeners.TryGetValue(new ListenerKey(localAddress.IsIPv6 ? IpAddress.IPv6Any : IpAddress.Any, localPort), out listener!);

    private void LogDrop(string reason)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            StackLog.PacketDropped(_logger, Name, reason);
        }
    }

    private void LogDrop<TReason>(TReason reason)
        where TReason : struct, Enum
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            StackLog.PacketDropped(_logger, Name, reason.ToString());
        }
    }
}
