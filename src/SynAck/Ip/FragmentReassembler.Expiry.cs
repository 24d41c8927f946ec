namespace SynAck.Ip;

/// <summary>
/// The expiry list: datagrams in the order they started, which is the order of their deadlines
/// since every datagram gets the same timeout and time only moves forward. Expiring is O(1) per
/// datagram and finding the next deadline is O(1).
/// </summary>
internal sealed partial class FragmentReassembler<TKey, TFamily>
{
    private void ExpireDue(TimeSpan now)
    {
        while (_oldest is { } datagram && datagram.Deadline <= now)
        {
            // RFC 791 §3.2 and RFC 8200 §4.5: a datagram not complete within the timeout is given up.
            if (datagram.DiscardReason is null)
            {
                _counts.FragmentsHeld -= datagram.RangeCount;
                _counts.AddDropped(FragmentDropReason.Timeout, datagram.RangeCount);
                _counts.DatagramsTimedOut++;
                ReleaseBuffer(datagram);
            }

            Remove(datagram);
        }
    }

    private void Append(PartialDatagram<TKey> datagram)
    {
        datagram.Older = _newest;
        datagram.Newer = null;
        if (_newest is null)
        {
            _oldest = datagram;
        }
        else
        {
            _newest.Newer = datagram;
        }

        _newest = datagram;
    }

    /// <summary>Takes a datagram out of the table and the list, and keeps the object for reuse.</summary>
    private void Remove(PartialDatagram<TKey> datagram)
    {
        _datagrams.Remove(datagram.Key);
        if (datagram.Older is null)
        {
            _oldest = datagram.Newer;
        }
        else
        {
            datagram.Older.Newer = datagram.Newer;
        }

        if (datagram.Newer is null)
        {
            _newest = datagram.Older;
        }
        else
        {
            datagram.Newer.Older = datagram.Older;
        }

        datagram.Older = datagram.Newer = null;
        datagram.ClearRanges();
        _free.Push(datagram);
    }

    /// <summary>The mutable counters behind <see cref="ReassemblyCounters"/>.</summary>
    private struct Counts
    {
        public long FragmentsReceived;
        public long FragmentsReassembled;
        public long FragmentsHeld;
        public long PacketsReassembled;
        public long DatagramsTimedOut;
        public long DatagramsDiscarded;
        public long AtomicFragments;
        public long DroppedOverlap;
        public long DroppedDuplicate;
        public long DroppedTooBig;
        public long DroppedLimit;
        public long DroppedTimeout;
        public long DroppedBadLength;
        public long DroppedEcnMismatch;

        public void AddDropped(FragmentDropReason reason, int count)
        {
            switch (reason)
            {
                case FragmentDropReason.Overlap:
                    DroppedOverlap += count;
                    break;
                case FragmentDropReason.Duplicate:
                    DroppedDuplicate += count;
                    break;
                case FragmentDropReason.TooBig:
                    DroppedTooBig += count;
                    break;
                case FragmentDropReason.Limit:
                    DroppedLimit += count;
                    break;
                case FragmentDropReason.Timeout:
                    DroppedTimeout += count;
                    break;
                case FragmentDropReason.BadLength:
                    DroppedBadLength += count;
                    break;
                default:
                    DroppedEcnMismatch += count;
                    break;
            }
        }

        public readonly ReassemblyCounters Snapshot() => new(
            FragmentsReceived,
            FragmentsReassembled,
            FragmentsHeld,
            PacketsReassembled,
            DatagramsTimedOut,
            DatagramsDiscarded,
            AtomicFragments,
            DroppedOverlap,
            DroppedDuplicate,
            DroppedTooBig,
            DroppedLimit,
            DroppedTimeout,
            DroppedBadLength,
            DroppedEcnMismatch);
    }
}
