using System.Buffers.Binary;

namespace SynAck.Wire.Capture;

/// <summary>
/// Reads packets from a classic pcap or a pcapng capture without the caller knowing which: the
/// format is told from the first bytes.
/// </summary>
/// <remarks>
/// <para>
/// Reading is streaming (the stream need not seek) and allocates nothing per packet: each packet's
/// bytes live in a buffer the reader reuses, valid until the next <see cref="TryReadNext"/>.
/// </para>
/// <para>
/// Corrupt or truncated content never throws. <see cref="TryReadNext"/> delivers every packet
/// before the problem, then returns <see langword="false"/> with a <see cref="CaptureError"/> that
/// names the reason and the byte offset of the record or block at fault; at a clean end of file the
/// error's reason is <see cref="CaptureErrorReason.None"/>. Exceptions from the stream itself
/// (I/O errors) propagate. Not thread-safe.
/// </para>
/// </remarks>
public sealed partial class CaptureReader : IDisposable
{
    /// <summary>
    /// The largest captured length accepted, as in libpcap and Wireshark (262144 bytes); a record
    /// claiming more is corrupt (<see cref="CaptureErrorReason.CapturedLengthTooLarge"/>).
    /// </summary>
    public const int MaxCapturedLength = 262_144;

    // Enough for an Ethernet-sized frame; the buffer grows (by doubling) for larger packets.
    private const int InitialBufferSize = 2048;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _pushback = new byte[4];
    private int _pushbackLength;
    private byte[] _buffer = new byte[InitialBufferSize];
    private byte[]? _skipScratch;
    private long _position;
    private CaptureError? _stop;
    private bool _disposed;

    private CaptureReader(Stream stream, bool leaveOpen)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>The format of the file, known after the first <see cref="TryReadNext"/>.</summary>
    public CaptureFormat Format { get; private set; }

    /// <summary>
    /// Starts reading a capture from <paramref name="stream"/>. Nothing is read until the first
    /// <see cref="TryReadNext"/>, which reports a file that is not a capture as an error.
    /// </summary>
    /// <param name="stream">A readable stream positioned at the start of the capture.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves <paramref name="stream"/> open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read.</exception>
    public static CaptureReader Open(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        return new CaptureReader(stream, leaveOpen);
    }

    /// <summary>Opens the capture file at <paramref name="path"/> for reading.</summary>
    /// <param name="path">The file's path.</param>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static CaptureReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        return new CaptureReader(stream, leaveOpen: false);
    }

    /// <summary>Reads the next packet.</summary>
    /// <param name="packet">The packet, when the result is <see langword="true"/>; its data is valid until the next call.</param>
    /// <param name="error">
    /// When the result is <see langword="false"/>: <see cref="CaptureErrorReason.None"/> at a clean end
    /// of file, otherwise what is wrong and where. Once false, every later call returns the same.
    /// </param>
    /// <returns>Whether a packet was read.</returns>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public bool TryReadNext(out CapturePacket packet, out CaptureError error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        packet = default;
        if (_stop is { } stop)
        {
            error = stop;
            return false;
        }

        if (Format == CaptureFormat.Unknown && !TryStart(out error))
        {
            _stop = error;
            return false;
        }

        var read = Format == CaptureFormat.Pcap
            ? TryReadPcapRecord(out packet, out error)
            : TryReadPcapNgPacket(out packet, out error);
        if (!read)
        {
            _stop = error;
        }

        return read;
    }

    /// <summary>Closes the stream unless the reader was opened with <c>leaveOpen</c>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private bool TryStart(out CaptureError error)
    {
        Span<byte> magic = stackalloc byte[4];
        if (Fill(magic) < magic.Length)
        {
            error = new CaptureError(CaptureErrorReason.TruncatedFileHeader, 0);
            return false;
        }

        Unread(magic);
        var little = BinaryPrimitives.ReadUInt32LittleEndian(magic);
        var big = BinaryPrimitives.ReadUInt32BigEndian(magic);
        if (IsPcapMagic(little) || IsPcapMagic(big))
        {
            Format = CaptureFormat.Pcap;
            return TryReadPcapFileHeader(out error);
        }

        if (little == PcapNgSectionHeaderType)
        {
            Format = CaptureFormat.PcapNg;
            error = default;
            return true;
        }

        error = new CaptureError(CaptureErrorReason.UnknownMagic, 0);
        return false;
    }

    /// <summary>Reads up to <c>destination.Length</c> bytes, fewer only at the end of the stream.</summary>
    private int Fill(Span<byte> destination)
    {
        var count = 0;
        if (_pushbackLength > 0)
        {
            count = Math.Min(_pushbackLength, destination.Length);
            _pushback.AsSpan(0, count).CopyTo(destination);
            _pushback.AsSpan(count, _pushbackLength - count).CopyTo(_pushback);
            _pushbackLength -= count;
        }

        count += _stream.ReadAtLeast(destination[count..], destination.Length - count, throwOnEndOfStream: false);
        _position += count;
        return count;
    }

    /// <summary>Gives back bytes just read so that the next <see cref="Fill"/> returns them again.</summary>
    private void Unread(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_pushback);
        _pushbackLength = bytes.Length;
        _position -= bytes.Length;
    }

    /// <summary>Reads and drops <paramref name="count"/> bytes (not touching the packet buffer); false if the stream ends first.</summary>
    private bool Skip(long count)
    {
        while (count > 0)
        {
            _skipScratch ??= new byte[4096];
            var chunk = (int)Math.Min(count, _skipScratch.Length);
            var read = Fill(_skipScratch.AsSpan(0, chunk));
            if (read < chunk)
            {
                return false;
            }

            count -= read;
        }

        return true;
    }

    private Span<byte> Buffer(int length)
    {
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        return _buffer.AsSpan(0, length);
    }
}
