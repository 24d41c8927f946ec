using System.Diagnostics.CodeAnalysis;
using SynAck.Wire.Capture;
using SynAck.Wire.Ip;
using SynAck.Wire.Tcp;

namespace SynAck.Cli.Captures;

/// <summary>
/// Reads the TCP segments out of a capture file: link layer, IP (v4 or v6, extension headers
/// walked) and TCP header, skipping and counting every packet that is not a whole TCP segment.
/// </summary>
/// <remarks>
/// <para>
/// A capture made with a snapshot length keeps only the first bytes of each packet, while the IP
/// views check a packet against its stated length. When a packet was cut, its captured bytes are
/// copied into a buffer zero-filled up to the length it had on the wire, so the headers parse and
/// the payload length comes from the IP header; nothing is read from the filled part but the
/// payload's length, and a segment whose TCP header the cut reached is counted as undecodable.
/// The checksum of a cut segment cannot be checked and is reported as unknown.
/// </para>
/// <para>
/// IP fragments are not reassembled: each fragment (first or not, of any protocol) is counted
/// under <see cref="CaptureCounts.Fragments"/> and not decoded, since a first fragment's TCP header
/// would come with only part of the payload and so the wrong length.
/// </para>
/// </remarks>
internal sealed class CaptureSegmentReader : IDisposable
{
    // An IPv6 packet without jumbo payload is at most its 40-byte header plus 65535 bytes.
    private const int MaxIpPacketLength = 40 + ushort.MaxValue;

    private readonly CaptureReader _reader;
    private byte[] _scratch = [];

    private CaptureSegmentReader(CaptureReader reader) => _reader = reader;

    /// <summary>What the packets read so far were.</summary>
    public CaptureCounts Counts { get; } = new();

    /// <summary>
    /// Why reading stopped, once <see cref="TryReadNext"/> has returned false: a clean end of file
    /// (<see cref="CaptureErrorReason.None"/>) or the capture's problem and its byte offset.
    /// </summary>
    public CaptureError End { get; private set; }

    /// <summary>Opens the capture file at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be opened (<see cref="FileNotFoundException"/> when it does not exist).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static CaptureSegmentReader Open(string path) => new(CaptureReader.Open(path));

    /// <summary>Reads a capture from <paramref name="stream"/>, which the reader disposes.</summary>
    public static CaptureSegmentReader Open(Stream stream) => new(CaptureReader.Open(stream));

    /// <summary>Reads packets up to the next TCP segment.</summary>
    /// <param name="segment">The segment, when the result is true.</param>
    /// <returns>False at the end of the capture or at a problem in the file; <see cref="End"/> says which.</returns>
    public bool TryReadNext([NotNullWhen(true)] out DecodedSegment? segment)
    {
        CaptureError error;
        while (_reader.TryReadNext(out var packet, out error))
        {
            Counts.Packets++;
            if (TryDecode(packet, Counts.Packets, out segment))
            {
                Counts.TcpSegments++;
                return true;
            }
        }

        End = error;
        segment = null;
        return false;
    }

    /// <summary>Closes the capture file.</summary>
    public void Dispose() => _reader.Dispose();

    private bool TryDecode(in CapturePacket packet, long frame, [NotNullWhen(true)] out DecodedSegment? segment)
    {
        segment = null;
        if (!LinkLayer.TryDecapsulate(packet.LinkType, packet.Data.Span, out var payload, out _))
        {
            Counts.Undecodable++;
            return false;
        }

        if (payload.Protocol == NetworkProtocol.Other)
        {
            Counts.NonTcp++;
            return false;
        }

        var captured = payload.Packet;
        var bytes = packet.IsTruncated ? FillToWireLength(captured, packet.OriginalLength - packet.CapturedLength) : captured;
        if (!IpPacketView.TryCreate(bytes, out var ip, out _))
        {
            Counts.Undecodable++;
            return false;
        }

        if (ip.IsFragment)
        {
            Counts.Fragments++;
            return false;
        }

        if (ip.Protocol != IpProtocol.Tcp)
        {
            Counts.NonTcp++;
            return false;
        }

        var tcpBytes = ip.UpperLayerData;
        if (!TcpSegmentView.TryCreate(tcpBytes, out var tcp, out _) || ip.HeaderLength + tcp.HeaderLength > captured.Length)
        {
            Counts.Undecodable++;
            return false;
        }

        var wholeSegmentCaptured = ip.Packet.Length <= captured.Length;
        var options = new List<string>();
        foreach (var option in tcp.Options)
        {
            options.Add(TcpFormatting.FormatOption(option));
        }

        segment = new DecodedSegment(
            frame,
            packet.UnixTimeNanoseconds,
            new IpEndpoint(ip.Source, tcp.SourcePort),
            new IpEndpoint(ip.Destination, tcp.DestinationPort),
            tcp.Flags,
            tcp.SequenceNumber.Value,
            tcp.AcknowledgmentNumber.Value,
            tcp.Window,
            tcp.UrgentPointer,
            tcp.Payload.Length,
            options,
            wholeSegmentCaptured ? TcpChecksum.IsValid(ip.PseudoHeaderSum(), tcpBytes) : null);
        return true;
    }

    /// <summary>The captured bytes followed by zeros standing for the <paramref name="missing"/> bytes the capture did not keep.</summary>
    private ReadOnlySpan<byte> FillToWireLength(ReadOnlySpan<byte> captured, long missing)
    {
        var length = (int)Math.Min(captured.Length + missing, Math.Max(captured.Length, MaxIpPacketLength));
        if (_scratch.Length < length)
        {
            _scratch = new byte[Math.Max(length, 2048)];
        }

        var filled = _scratch.AsSpan(0, length);
        captured.CopyTo(filled);
        filled[captured.Length..].Clear();
        return filled;
    }
}
