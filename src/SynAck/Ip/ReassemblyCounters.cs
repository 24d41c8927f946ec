namespace SynAck.Ip;

/// <summary>
/// What a reassembler did so far. Every fragment given to it is, at any time, in exactly one of
/// three places: part of a reassembled packet, held, or dropped for one reason:
/// <c>FragmentsReceived == FragmentsReassembled + FragmentsHeld + the sum of the Dropped counters</c>.
/// </summary>
/// <param name="FragmentsReceived">Fragments given to the reassembler (Linux's ReasmReqds).</param>
/// <param name="FragmentsReassembled">Fragments that ended up in a reassembled packet.</param>
/// <param name="FragmentsHeld">Fragments held now, waiting for the rest of their datagram.</param>
/// <param name="PacketsReassembled">Packets rebuilt from fragments (ReasmOKs).</param>
/// <param name="DatagramsTimedOut">Datagrams given up at their timeout (ReasmTimeout).</param>
/// <param name="DatagramsDiscarded">Datagrams given up for any other reason: overlap, a limit, a bad length, too big, ECN.</param>
/// <param name="AtomicFragments">IPv6 atomic fragments (offset 0, M clear; RFC 6946) passed through whole.</param>
/// <param name="DroppedOverlap">Fragments dropped for <see cref="FragmentDropReason.Overlap"/>.</param>
/// <param name="DroppedDuplicate">Fragments dropped for <see cref="FragmentDropReason.Duplicate"/>.</param>
/// <param name="DroppedTooBig">Fragments dropped for <see cref="FragmentDropReason.TooBig"/>.</param>
/// <param name="DroppedLimit">Fragments dropped for <see cref="FragmentDropReason.Limit"/>.</param>
/// <param name="DroppedTimeout">Fragments dropped for <see cref="FragmentDropReason.Timeout"/>.</param>
/// <param name="DroppedBadLength">Fragments dropped for <see cref="FragmentDropReason.BadLength"/>.</param>
/// <param name="DroppedEcnMismatch">Fragments dropped for <see cref="FragmentDropReason.EcnMismatch"/>.</param>
public readonly record struct ReassemblyCounters(
    long FragmentsReceived,
    long FragmentsReassembled,
    long FragmentsHeld,
    long PacketsReassembled,
    long DatagramsTimedOut,
    long DatagramsDiscarded,
    long AtomicFragments,
    long DroppedOverlap,
    long DroppedDuplicate,
    long DroppedTooBig,
    long DroppedLimit,
    long DroppedTimeout,
    long DroppedBadLength,
    long DroppedEcnMismatch)
{
    /// <summary>Fragments dropped for <paramref name="reason"/>.</summary>
    public long Dropped(FragmentDropReason reason) => reason switch
    {
        FragmentDropReason.Overlap => DroppedOverlap,
        FragmentDropReason.Duplicate => DroppedDuplicate,
        FragmentDropReason.TooBig => DroppedTooBig,
        FragmentDropReason.Limit => DroppedLimit,
        FragmentDropReason.Timeout => DroppedTimeout,
        FragmentDropReason.BadLength => DroppedBadLength,
        FragmentDropReason.EcnMismatch => DroppedEcnMismatch,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a drop reason."),
    };

    /// <summary>Fragments dropped for any reason.</summary>
    public long DroppedTotal => DroppedOverlap + DroppedDuplicate + DroppedTooBig + DroppedLimit + DroppedTimeout + DroppedBadLength + DroppedEcnMismatch;
}
