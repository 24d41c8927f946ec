using SynAck.Cli.Captures;
using SynAck.Diagnostics;
using SynAck.Wire;
using SynAck.Wire.Ip;

namespace SynAck.Cli.Diagram;

/// <summary>
/// Splits the TCP segments of a capture into connections: by 4-tuple, in the order of each
/// connection's first segment. A SYN without ACK on a 4-tuple whose connection already saw a FIN or
/// an RST starts a new connection (the port pair was reused).
/// </summary>
internal sealed class CaptureConnections
{
    private readonly bool _roleNames;
    private readonly List<Builder> _connections = [];
    private readonly Dictionary<(IpEndpoint, IpEndpoint), Builder> _open = [];

    /// <summary>Creates an empty set.</summary>
    /// <param name="roleNames">Whether endpoints are named <c>client</c> and <c>server</c> rather than by address and port.</param>
    public CaptureConnections(bool roleNames) => _roleNames = roleNames;

    /// <summary>Adds the next segment of the capture to its connection.</summary>
    public void Add(DecodedSegment segment)
    {
        var key = Key(segment.Source, segment.Destination);
        var opens = (segment.Flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn;
        if (!_open.TryGetValue(key, out var connection) || (opens && connection.Ended))
        {
            // The opener is the sender of a SYN; without one, the sender of the first segment seen.
            connection = new Builder(_connections.Count + 1, segment.Source, segment.Destination, _roleNames);
            _connections.Add(connection);
            _open[key] = connection;
        }

        connection.Add(segment);
    }

    /// <summary>The connections found so far.</summary>
    public IReadOnlyList<CaptureConnection> Connections() => [.. _connections.Select(c => c.Build())];

    // A connection is the same whichever way a segment goes.
    private static (IpEndpoint, IpEndpoint) Key(IpEndpoint a, IpEndpoint b)
        => string.CompareOrdinal(a.ToString(), b.ToString()) <= 0 ? (a, b) : (b, a);

    private sealed class Builder(int number, IpEndpoint client, IpEndpoint server, bool roleNames)
    {
        private readonly List<SegmentTrace> _segments = [];
        private readonly string _clientName = roleNames ? "client" : client.ToString();
        private readonly string _serverName = roleNames ? "server" : server.ToString();
        private SequenceNumber? _clientSent;
        private SequenceNumber? _serverSent;

        public bool Ended { get; private set; }

        public void Add(DecodedSegment segment)
        {
            var fromClient = segment.Source == client;
            var trace = new SegmentTrace(
                DateTimeOffset.UnixEpoch.AddTicks(Math.DivRem(segment.UnixTimeNanoseconds, 100, out var rest) - (rest < 0 ? 1 : 0)),
                fromClient ? _clientName : _serverName,
                fromClient ? _serverName : _clientName,
                segment.Source,
                segment.Destination,
                segment.Flags,
                segment.SequenceNumber,
                segment.AcknowledgmentNumber,
                segment.PayloadLength,
                segment.Window,
                string.Join(',', segment.Options));
            ref var sent = ref fromClient ? ref _clientSent : ref _serverSent;
            trace = trace with { Retransmission = IsRetransmission(trace, sent) };
            if (sent is not { } highest || trace.End - highest > 0)
            {
                sent = trace.End;
            }

            Ended |= (segment.Flags & (TcpFlags.Fin | TcpFlags.Rst)) != 0;
            _segments.Add(trace);
        }

        public CaptureConnection Build() => new(number, client, server, _clientName, _serverName, [.. _segments]);

        // A segment that takes sequence space starting below the highest its sender had already used.
        private static bool IsRetransmission(SegmentTrace trace, SequenceNumber? highestSent)
            => highestSent is { } highest
               && (trace.Length > 0 || (trace.Flags & (TcpFlags.Syn | TcpFlags.Fin)) != 0)
               && highest - trace.SequenceNumber > 0;
    }
}
