using BenchmarkDotNet.Attributes;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Benchmarks.Wire;

/// <summary>
/// Parse and emit of a SYN header with the options every handshake carries: MSS, SACK-permitted,
/// timestamps and window scale (40 bytes, Linux layout).
/// </summary>
[MemoryDiagnoser]
public class TcpHeaderBenchmarks
{
    private static readonly byte[] Source = [192, 0, 2, 1];
    private static readonly byte[] Destination = [192, 0, 2, 2];

    private readonly TcpHeader _header = new()
    {
        SourcePort = 40000,
        DestinationPort = 8080,
        SequenceNumber = 0xDEADBEEF,
        Flags = TcpFlags.Syn,
        Window = 64240,
        Options = new TcpOptions
        {
            MaximumSegmentSize = 1460,
            SackPermitted = true,
            Timestamps = new TcpTimestampOption(1191558509, 0),
            WindowScale = 7,
        },
    };

    private readonly byte[] _segment = new byte[TcpHeader.MaximumLength];
    private readonly byte[] _destination = new byte[TcpHeader.MaximumLength];
    private int _length;

    [GlobalSetup]
    public void Setup()
    {
        _header.TryWriteBytes(_segment, out _length);
        TcpChecksum.WriteIPv4(Source, Destination, _segment.AsSpan(0, _length));
    }

    /// <summary>Check the header and read the fields a receive path looks at first.</summary>
    [Benchmark]
    public uint ViewCreateAndReadFields()
    {
        TcpSegmentView.TryCreate(_segment.AsSpan(0, _length), out var view, out _);
        return view.SequenceNumber.Value + view.AcknowledgmentNumber.Value + (uint)view.Flags + view.Window + view.DestinationPort;
    }

    /// <summary>Check the header and walk its options.</summary>
    [Benchmark]
    public int ViewCreateAndEnumerateOptions()
    {
        TcpSegmentView.TryCreate(_segment.AsSpan(0, _length), out var view, out _);
        var sum = 0;
        foreach (var option in view.Options)
        {
            sum += option.Length;
        }

        return sum;
    }

    /// <summary>Parse into the record, options included.</summary>
    [Benchmark]
    public TcpHeader ParseRecord()
    {
        TcpHeader.TryParse(_segment.AsSpan(0, _length), out var header, out _, out _);
        return header;
    }

    /// <summary>Write the record, options included, checksum left zero.</summary>
    [Benchmark]
    public int Emit()
    {
        _header.TryWriteBytes(_destination, out var written);
        return written;
    }

    /// <summary>Write the record and fill in the checksum over the IPv4 pseudo-header.</summary>
    [Benchmark]
    public int EmitWithChecksum()
    {
        _header.TryWriteBytes(_destination, out var written);
        TcpChecksum.WriteIPv4(Source, Destination, _destination.AsSpan(0, written));
        return written;
    }
}
