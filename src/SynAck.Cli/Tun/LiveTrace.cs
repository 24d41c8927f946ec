using SynAck.Diagnostics;
using SynAck.Wire;
using SynAck.Wire.Ip;

namespace SynAck.Cli.Tun;

/// <summary>
/// Prints a live stack's event stream: JSON lines as events happen, or for text a ladder diagram
/// of each connection once it is over (an RST, or both FINs acknowledged), with the states of both
/// ends inferred from its segments as <c>synack diagram</c> does for a capture; the kernel's
/// states cannot be seen from here, and inferring SynAck's too keeps the two columns alike.
/// </summary>
/// <remarks>Called on the stack's loop (and the receive tap's, the same loop); thread-safe anyway.</remarks>
internal sealed class LiveTrace(TextWriter output, TraceFormat format, DiagramOptions options) : ITraceObserver
{
    private readonly object _gate = new();
    private readonly List<Conversation> _conversations = [];

    /// <inheritdoc/>
    public void OnSegment(in SegmentTrace segment)
    {
        lock (_gate)
        {
            switch (format)
            {
                case TraceFormat.Json:
                    output.Write(TraceJson.Render([segment], options));
                    break;
                case TraceFormat.Text:
                    var conversation = Find(segment.Source, segment.Destination);
                    if (conversation is null)
                    {
                        conversation = new Conversation(segment.Source, segment.Destination);
                        _conversations.Add(conversation);
                    }

                    if (conversation.Add(segment))
                    {
                        _conversations.Remove(conversation);
                        Draw(conversation);
                    }

                    break;
                default:
                    break;
            }
        }
    }

    /// <inheritdoc/>
    public void OnState(in StateTrace state)
    {
        if (format == TraceFormat.Json)
        {
            lock (_gate)
            {
                output.Write(TraceJson.Render([state], options));
            }
        }
    }

    /// <summary>Draws the connections that are not over yet (at shutdown), in the order they began.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            foreach (var conversation in _conversations)
            {
                Draw(conversation);
            }

            _conversations.Clear();
            output.Flush();
        }
    }

    private Conversation? Find(IpEndpoint a, IpEndpoint b)
    {
        foreach (var conversation in _conversations)
        {
            if ((conversation.A == a && conversation.B == b) || (conversation.A == b && conversation.B == a))
            {
                return conversation;
            }
        }

        return null;
    }

    private void Draw(Conversation conversation)
    {
        output.Write(LadderDiagram.Render(PassiveStateTracker.Track(conversation.Segments), options));
        output.WriteLine();
        output.Flush();
    }

    /// <summary>The segments of one connection, and whether its wave is over.</summary>
    private sealed class Conversation(IpEndpoint a, IpEndpoint b)
    {
        private SequenceNumber? _finEndFromA;
        private SequenceNumber? _finEndFromB;
        private bool _finFromAAcked;
        private bool _finFromBAcked;

        public IpEndpoint A { get; } = a;

        public IpEndpoint B { get; } = b;

        public List<SegmentTrace> Segments { get; } = [];

        /// <summary>Adds a segment; true when the connection is over (RFC 9293 §3.6: both FINs acknowledged, or a reset).</summary>
        public bool Add(in SegmentTrace segment)
        {
            Segments.Add(segment);
            if (segment.Has(TcpFlags.Rst))
            {
                return true;
            }

            var fromA = segment.Source == A;
            if (segment.Has(TcpFlags.Fin))
            {
                if (fromA)
                {
                    _finEndFromA = segment.End;
                }
                else
                {
                    _finEndFromB = segment.End;
                }
            }

            if (segment.Has(TcpFlags.Ack))
            {
                var peerFinEnd = fromA ? _finEndFromB : _finEndFromA;
                if (peerFinEnd is { } end && segment.AcknowledgmentNumber >= end)
                {
                    if (fromA)
                    {
                        _finFromBAcked = true;
                    }
                    else
                    {
                        _finFromAAcked = true;
                    }
                }
            }

            return _finFromAAcked && _finFromBAcked;
        }
    }
}
