namespace SynAck.Wire.Capture;

/// <summary>How a <see cref="PcapWriter"/> writes its file.</summary>
public sealed class PcapWriterOptions
{
    /// <summary>The link type written in the file header. Default <see cref="LinkType.Raw"/>: each packet is a bare IPv4 or IPv6 packet.</summary>
    public LinkType LinkType { get; init; } = LinkType.Raw;

    /// <summary>The timestamp resolution. Default <see cref="TimestampResolution.Microseconds"/>, which every tool reads.</summary>
    public TimestampResolution Resolution { get; init; } = TimestampResolution.Microseconds;

    /// <summary>
    /// The most bytes kept of each packet, 1 to <see cref="CaptureReader.MaxCapturedLength"/>.
    /// Default <see cref="CaptureReader.MaxCapturedLength"/> (262144), which keeps every packet whole.
    /// </summary>
    public int SnapLength { get; init; } = CaptureReader.MaxCapturedLength;
}
