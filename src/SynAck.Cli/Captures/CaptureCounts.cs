namespace SynAck.Cli.Captures;

/// <summary>What a <see cref="CaptureSegmentReader"/> made of the packets it read so far.</summary>
internal sealed class CaptureCounts
{
    /// <summary>Every packet read from the capture.</summary>
    public long Packets { get; set; }

    /// <summary>Packets decoded as a TCP segment.</summary>
    public long TcpSegments { get; set; }

    /// <summary>Whole IP packets (or non-IP frames) that carry something other than TCP.</summary>
    public long NonTcp { get; set; }

    /// <summary>IP fragments of any protocol: not reassembled, so not decoded.</summary>
    public long Fragments { get; set; }

    /// <summary>
    /// Packets whose link, IP or TCP header is malformed, of a link type SynAck does not read, or cut by
    /// the capture's snapshot length before the TCP header ends.
    /// </summary>
    public long Undecodable { get; set; }
}
