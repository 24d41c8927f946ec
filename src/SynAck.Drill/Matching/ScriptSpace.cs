using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using SynAck.Drill.Syntax;
using SynAck.Wire;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Drill.Matching;

/// <summary>
/// Moves packets between script space and the wire: an inbound line becomes the segment to inject
/// (<see cref="TryMapInbound"/>), an outbound segment the stack sent becomes what the script would
/// have written (<see cref="MapOutbound"/>), so the matcher compares like with like. Both learn
/// the ISNs and timestamp values they need along the way, as packetdrill does.
/// </summary>
public static class ScriptSpace
{
    /// <summary>
    /// Turns an inbound packet line into wire values. A SYN teaches the numbering the peer's ISN;
    /// with ACK set, the ack number and SACK blocks are mapped into the stack's numbers, and a
    /// timestamp echo reply is replaced by the TSval the stack sent for that script value.
    /// </summary>
    /// <param name="line">The inbound packet line.</param>
    /// <param name="numbering">The connection's numbering (learns the peer's ISN from a SYN).</param>
    /// <param name="timestamps">The connection's timestamp values.</param>
    /// <param name="segment">The segment to inject.</param>
    /// <param name="error">Why the line cannot be mapped (an echo reply of a value the stack never sent).</param>
    /// <returns>True when the line mapped.</returns>
    public static bool TryMapInbound(
        TcpPacketSpec line,
        ConnectionNumbering numbering,
        TimestampNumbering timestamps,
        [NotNullWhen(true)] out InboundSegment? segment,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(numbering);
        ArgumentNullException.ThrowIfNull(timestamps);
        if (line.Direction != PacketDirection.Inbound)
        {
            throw new ArgumentException("The line is not an inbound packet.", nameof(line));
        }

        segment = null;
        var isSyn = (line.Flags & TcpFlags.Syn) != 0;
        var hasAck = (line.Flags & TcpFlags.Ack) != 0;
        if (isSyn)
        {
            numbering.LearnRemoteIsn(line.Sequence.Start);
        }

        var options = new List<TcpOptionSpec>(line.Options.Count);
        foreach (var option in line.Options)
        {
            switch (option)
            {
                case SackOptionSpec sack:
                    options.Add(new SackOptionSpec([.. sack.Blocks.Select(b => new SackBlockSpec(
                        numbering.InboundAcknowledgment(b.Left, isSyn),
                        numbering.InboundAcknowledgment(b.Right, isSyn)))]));
                    break;
                case TimestampOptionSpec ts when hasAck && !ts.EchoReplyIsAbsolute:
                    if (!timestamps.TryInboundEchoReply(ts.EchoReply, out var liveEcr))
                    {
                        error = string.Create(CultureInfo.InvariantCulture, $"unable to find mapping for timestamp ecr {ts.EchoReply}: no outbound packet had TS val {ts.EchoReply}");
                        return false;
                    }

                    options.Add(ts with { EchoReply = liveEcr, EchoReplyIsAbsolute = true });
                    break;
                default:
                    options.Add(option);
                    break;
            }
        }

        var ack = line.Acknowledgment ?? 0;
        segment = new InboundSegment
        {
            Flags = line.Flags,
            SequenceNumber = line.Sequence.IsAbsolute ? line.Sequence.Start : numbering.InboundSequence(line.Sequence.Start, isSyn),
            AcknowledgmentNumber = hasAck ? numbering.InboundAcknowledgment(ack, isSyn) : ack,
            Window = line.Window ?? 0,
            UrgentPointer = line.UrgentPointer ?? 0,
            PayloadLength = line.PayloadLength,
            Ecn = ToCodepoint(line.Ip?.Ecn),
            SourcePort = line.SourcePort,
            DestinationPort = line.DestinationPort,
            Options = options,
        };
        error = null;
        return true;
    }

    /// <summary>
    /// Turns a segment the stack sent into script space, for comparison with the line that
    /// expected it: sequence, ack and SACK numbers become relative, and the TSval is shown relative
    /// to the first one. A SYN answering a SYN line teaches the numbering the stack's ISN; a TSval
    /// answering a <c>TS val</c> line is recorded for later echo replies.
    /// </summary>
    /// <param name="live">The segment as the stack sent it.</param>
    /// <param name="expected">The outbound line it is compared with.</param>
    /// <param name="numbering">The connection's numbering.</param>
    /// <param name="timestamps">The connection's timestamp values.</param>
    public static ObservedSegment MapOutbound(ObservedSegment live, TcpPacketSpec expected, ConnectionNumbering numbering, TimestampNumbering timestamps)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(numbering);
        ArgumentNullException.ThrowIfNull(timestamps);
        var isSyn = (live.Flags & TcpFlags.Syn) != 0;
        if (isSyn && (expected.Flags & TcpFlags.Syn) != 0)
        {
            numbering.LearnLocalIsn(expected.Sequence.Start, live.SequenceNumber);
        }

        var expectedTimestamp = expected.Options.OfType<TimestampOptionSpec>().FirstOrDefault();
        var options = new List<ObservedOption>(live.Options.Count);
        foreach (var option in live.Options)
        {
            if (option.Kind == TcpOptionKind.Sack && option.Data.Length % 8 == 0)
            {
                var data = option.Data.ToArray();
                for (var i = 0; i < data.Length; i += 4)
                {
                    var edge = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(i));
                    BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(i), numbering.OutboundAcknowledgment(edge, isSyn));
                }

                options.Add(option with { Data = data });
            }
            else if (option.Kind == TcpOptionKind.Timestamps && option.Data.Length == 8 && expectedTimestamp is not null)
            {
                var data = option.Data.ToArray();
                var value = BinaryPrimitives.ReadUInt32BigEndian(data);
                timestamps.RecordOutbound(expectedTimestamp.Value, expectedTimestamp.ValueIgnored, value);
                BinaryPrimitives.WriteUInt32BigEndian(data, timestamps.OutboundValue(value));
                options.Add(option with { Data = data });
            }
            else
            {
                options.Add(option);
            }
        }

        return live with
        {
            SequenceNumber = expected.Sequence.IsAbsolute ? live.SequenceNumber : numbering.OutboundSequence(live.SequenceNumber, isSyn),
            AcknowledgmentNumber = (live.Flags & TcpFlags.Ack) != 0 ? numbering.OutboundAcknowledgment(live.AcknowledgmentNumber, isSyn) : live.AcknowledgmentNumber,
            Options = options,
        };
    }

    private static EcnCodepoint ToCodepoint(EcnExpectation? ecn) => ecn switch
    {
        EcnExpectation.Ect0 => EcnCodepoint.Ect0,
        EcnExpectation.Ect1 => EcnCodepoint.Ect1,
        EcnExpectation.Ce => EcnCodepoint.Ce,
        _ => EcnCodepoint.NotEct,
    };
}
