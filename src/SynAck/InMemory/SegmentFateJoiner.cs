using SynAck.Diagnostics;

namespace SynAck.InMemory;

/// <summary>
/// Joins the stacks' event stream with the fates the in-memory network gives their packets, so
/// that one stream tells which segments were lost (DESIGN.md, "The CLI contract": a lost segment
/// is still one event, with <c>lost: true</c>).
/// </summary>
/// <remarks>
/// A stack reports a segment just before it hands the packet to its link, and the path reports
/// the packet's fate synchronously, on the same thread, as the packet enters it. So each sender
/// holds at most one segment here, from its <see cref="OnSegment"/> to the path's
/// <see cref="PacketEventKind.Sent"/>; the segment then goes on with <see cref="SegmentTrace.Lost"/>
/// set from the fate. A segment whose packet never reaches a path (a link closed under it) goes
/// on unchanged with the sender's next event. Thread-safe: in real time each stack has its own thread.
/// </remarks>
internal sealed class SegmentFateJoiner(ITraceObserver next, IPacketObserver? packets) : ITraceObserver, IPacketObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SegmentTrace> _held = [];

    /// <inheritdoc/>
    public void OnSegment(in SegmentTrace segment)
    {
        lock (_gate)
        {
            Release(segment.From);
            _held[segment.From] = segment;
        }
    }

    /// <inheritdoc/>
    public void OnState(in StateTrace state)
    {
        lock (_gate)
        {
            Release(state.Endpoint);
            next.OnState(state);
        }
    }

    /// <inheritdoc/>
    public void OnPacket(in PacketEvent packetEvent)
    {
        if (packetEvent.Kind == PacketEventKind.Sent)
        {
            lock (_gate)
            {
                if (_held.Remove(packetEvent.From, out var segment))
                {
                    next.OnSegment(segment with { Lost = packetEvent.IsLost });
                }
            }
        }

        packets?.OnPacket(packetEvent);
    }

    private void Release(string sender)
    {
        if (_held.Remove(sender, out var segment))
        {
            next.OnSegment(segment);
        }
    }
}
