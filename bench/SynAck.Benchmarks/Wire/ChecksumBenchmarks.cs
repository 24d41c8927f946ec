using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SynAck.Wire.Checksums;

namespace SynAck.Benchmarks.Wire;

/// <summary>
/// Internet checksum throughput on a full-sized TCP payload (1460 bytes) and a 64 KiB buffer:
/// the scalar loop against the 128-bit and 256-bit paths, and <see cref="InternetChecksum.Accumulate"/>
/// as it dispatches on this machine.
/// </summary>
[Config(typeof(Config))]
public class ChecksumBenchmarks
{
    private byte[] _data = [];

    [Params(1460, 65536)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Length];
        new Random(1071).NextBytes(_data);
    }

    [Benchmark(Baseline = true)]
    public uint Scalar() => InternetChecksum.AccumulateScalar(0, _data);

    [Benchmark]
    public uint Vector128() => InternetChecksum.AccumulateVector128(0, _data);

    [Benchmark]
    public uint Vector256() => InternetChecksum.AccumulateVector256(0, _data);

    [Benchmark]
    public uint Accumulate() => InternetChecksum.Accumulate(0, _data);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ThroughputColumn());
    }
}
