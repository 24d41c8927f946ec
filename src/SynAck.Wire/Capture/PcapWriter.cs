using System.Buffers.Binary;

namespace SynAck.Wire.Capture;

/// <summary>
/// Writes a classic pcap file (little-endian, version 2.4) that tcpdump and Wireshark read. The
/// file header is written by the constructor, so even a writer that sees no packets leaves a valid file.
/// </summary>
/// <remarks>
/// Writing a packet allocates nothing; buffering is the stream's business (wrap it in a
/// <see cref="BufferedStream"/> if it has none). Not thread-safe.
/// </remarks>
public sealed class PcapWriter : IDisposable
{
    private const uint MicrosecondMagic = 0xA1B2C3D4;
    private const uint NanosecondMagic = 0xA1B23C4D;
    private const int RecordHeaderLength = 16;
    private const long NanosecondsPerSecond = 1_000_000_000;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly bool _nanoseconds;
    private readonly int _snapLength;
    private bool _disposed;

    /// <summary>Starts a pcap file on <paramref name="stream"/> and writes its 24-byte header.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="options">Link type, resolution and snapshot length; null for the defaults.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves <paramref name="stream"/> open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be written.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options' snapshot length or link type is out of range.</exception>
    public PcapWriter(Stream stream, PcapWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }

        options ??= new PcapWriterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SnapLength, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.SnapLength, CaptureReader.MaxCapturedLength, nameof(options));
        if ((uint)options.LinkType > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LinkType, "A link type is a 16-bit number.");
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        _nanoseconds = options.Resolution == TimestampResolution.Nanoseconds;
        _snapLength = options.SnapLength;

        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, _nanoseconds ? NanosecondMagic : MicrosecondMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);   // time zone: always UTC
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0); // timestamp accuracy: unused
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], _snapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)options.LinkType);
        _stream.Write(header);
    }

    /// <summary>Appends a packet, cut to the snapshot length.</summary>
    /// <param name="unixTimeNanoseconds">When the packet was seen, in nanoseconds since the Unix epoch; microsecond files round down.</param>
    /// <param name="packet">The packet, starting with its link-layer header (none for <see cref="LinkType.Raw"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">The time is before 1970 or after the pcap format's limit in 2106.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public void WritePacket(long unixTimeNanoseconds, ReadOnlySpan<byte> packet)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(unixTimeNanoseconds);
        var seconds = unixTimeNanoseconds / NanosecondsPerSecond;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, uint.MaxValue, nameof(unixTimeNanoseconds));
        var fraction = unixTimeNanoseconds % NanosecondsPerSecond;
        if (!_nanoseconds)
        {
            fraction /= 1000;
        }

        var captured = packet[..Math.Min(packet.Length, _snapLength)];
        Span<byte> header = stackalloc byte[RecordHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)fraction);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], captured.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], packet.Length);
        _stream.Write(header);
        _stream.Write(captured);
    }

    /// <summary>Appends a packet, cut to the snapshot length.</summary>
    /// <param name="timestamp">When the packet was seen; must lie between 1970 and 2106.</param>
    /// <param name="packet">The packet, starting with its link-layer header (none for <see cref="LinkType.Raw"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">The time is before 1970 or after the pcap format's limit in 2106.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public void WritePacket(DateTimeOffset timestamp, ReadOnlySpan<byte> packet)
    {
        var ticks = timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        ArgumentOutOfRangeException.ThrowIfNegative(ticks, nameof(timestamp));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ticks / TimeSpan.TicksPerSecond, uint.MaxValue, nameof(timestamp));
        WritePacket(ticks * 100, packet);
    }

    /// <summary>Flushes the stream, so that a reader sees every packet written so far.</summary>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _stream.Flush();
    }

    /// <summary>Flushes, then closes the stream unless the writer was made with <c>leaveOpen</c>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stream.Flush();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }
}
