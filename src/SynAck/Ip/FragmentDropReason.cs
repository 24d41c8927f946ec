namespace SynAck.Ip;

/// <summary>Why a reassembler dropped fragments (see <see cref="ReassemblyCounters"/>).</summary>
public enum FragmentDropReason
{
    /// <summary>
    /// The fragment overlaps one already held without being an exact copy of it. The whole
    /// datagram is dropped, and so are its fragments that arrive later (RFC 5722 for IPv6; IPv4
    /// does the same, as Linux does).
    /// </summary>
    Overlap,

    /// <summary>An exact copy (same offset and length) of a fragment already held; the datagram goes on.</summary>
    Duplicate,

    /// <summary>The reassembled packet would be longer than the family allows or <see cref="ReassemblyOptions.MaxPacketLength"/>.</summary>
    TooBig,

    /// <summary>A limit of <see cref="ReassemblyOptions"/> was reached: bytes held, datagrams, or fragments per datagram.</summary>
    Limit,

    /// <summary>The datagram was not complete within <see cref="ReassemblyOptions.Timeout"/>.</summary>
    Timeout,

    /// <summary>
    /// A length that cannot be right: a fragment other than the last whose length is not a
    /// multiple of 8, an empty fragment, or fragments that disagree about where the datagram ends.
    /// </summary>
    BadLength,

    /// <summary>
    /// The fragments carried an invalid mix of ECN codepoints, some Not-ECT and some ECN-capable
    /// (RFC 3168 §5.3).
    /// </summary>
    EcnMismatch,
}
