using BenchmarkDotNet.Attributes;
using SynAck.Wire;

namespace SynAck.Benchmarks.Wire;

/// <summary>Cost of the modular comparisons every segment goes through.</summary>
public class SequenceNumberBenchmarks
{
    private readonly SequenceNumber _start = 0xFFFF_FF00u;

    [Benchmark]
    public bool IsInWindow() => new SequenceNumber(0x10).IsInWindow(_start, 65535);
}
