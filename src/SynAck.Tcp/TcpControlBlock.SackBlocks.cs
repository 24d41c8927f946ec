using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

// The receiving side of SACK: the blocks our segments carry (RFC 2018 §4) and D-SACK (RFC 2883).
public sealed partial class TcpControlBlock
{
    /// <summary>The most option bytes a TCP header holds (RFC 9293 §3.1: data offset at most 15 words).</summary>
    private const int MaximumOptionLength = 40;

    private bool _dsackPending;
    private SackBlock _dsackBlock;

    /// <summary>
    /// SACK blocks for the next segment: how many fit beside the per-segment options (three with
    /// timestamps, four without; RFC 2018 §3), a D-SACK block first when one is due.
    /// </summary>
    private int SackBlockCount
    {
        get
        {
            // In SYN-RECEIVED the only data held is a SYN's text waiting at RCV.NXT: not a block to report.
            if (!SackEnabled || _state == TcpState.SynReceived)
            {
                return 0;
            }

            var room = (MaximumOptionLength - PerSegmentOptionLength - 4) / 8;
            return Math.Min(room, (_dsackPending ? 1 : 0) + _receiveBuffer.OutOfOrderRangeCount);
        }
    }

    /// <summary>The option bytes the SACK blocks of the next segment take (two NOPs, kind, length, 8 per block).</summary>
    private int SackOptionLength => SackBlockCount is var count and > 0 ? 4 + (8 * count) : 0;

    /// <summary>
    /// RFC 2883 §4: a segment whose data had already arrived is reported in the first block of the
    /// next ACK (a D-SACK block), so the sender learns it retransmitted needlessly.
    /// </summary>
    private void ReportDuplicate(SequenceNumber start, int length)
    {
        if (!SackEnabled || length <= 0)
        {
            return;
        }

        _dsackPending = true;
        _dsackBlock = new SackBlock(start, start + length);
        _counters.DuplicateSegmentsReported++;
    }

    /// <summary>
    /// Adds our SACK blocks to a segment that carries an ACK (RFC 2018 §4): the D-SACK block first,
    /// then the out-of-order ranges, most recently changed first. The D-SACK block goes out once.
    /// </summary>
    private TcpHeader WithSackBlocks(in TcpHeader header)
    {
        var count = SackBlockCount;
        if (count == 0)
        {
            return header;
        }

        Span<SackBlock> blocks = stackalloc SackBlock[4];
        var written = 0;
        if (_dsackPending)
        {
            blocks[written++] = _dsackBlock;
            _dsackPending = false;
        }

        written += _receiveBuffer.GetSackBlocks(RcvNxt, blocks[written..count]);
        return header with { Options = header.Options with { SackBlocks = new SackBlockList(blocks[..written]) } };
    }
}
