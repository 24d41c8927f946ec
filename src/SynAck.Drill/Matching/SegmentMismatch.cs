namespace SynAck.Drill.Matching;

/// <summary>The parts of an outbound packet the matcher checks, in the order packetdrill checks them.</summary>
public enum SegmentField
{
    /// <summary>The IP ECN codepoint (only when the line has <c>[ect0]</c> or the like).</summary>
    Ecn,

    /// <summary>The TCP flags: exactly the line's.</summary>
    Flags,

    /// <summary>The sequence number (not with <c>...(length)</c>).</summary>
    SequenceNumber,

    /// <summary>The acknowledgment number field (0 when the line has no <c>ack</c>).</summary>
    AcknowledgmentNumber,

    /// <summary>The window (only when the line has <c>win</c>).</summary>
    Window,

    /// <summary>The urgent pointer (0 when the line has no <c>urg</c>).</summary>
    UrgentPointer,

    /// <summary>The options: same kinds in the same order with the same values (not with <c>&lt;...&gt;</c>).</summary>
    Options,

    /// <summary>The payload length.</summary>
    PayloadLength,
}

/// <summary>One way an outbound packet differs from the line that expected it, both sides in script space.</summary>
/// <param name="Field">What differs.</param>
/// <param name="Expected">What the line says.</param>
/// <param name="Actual">What the stack sent.</param>
public sealed record SegmentMismatch(SegmentField Field, string Expected, string Actual)
{
    /// <summary>"field: expected X, actual Y".</summary>
    public override string ToString() => $"{Field}: expected {Expected}, actual {Actual}";
}
