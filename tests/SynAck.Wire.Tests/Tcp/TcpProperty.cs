using CsCheck;
using Xunit.Sdk;

namespace SynAck.Wire.Tests.Tcp;

/// <summary>
/// Deterministic property checks: each run tests the same inputs, input i coming from its own
/// <see cref="PCG"/> seeded with <c>seed + i</c>. A failure names the seed and the input.
/// </summary>
internal static class TcpProperty
{
    public static void ForAll<T>(Gen<T> gen, int iterations, Action<T> assert, ulong seed = 0x7C9_5EED)
    {
        for (ulong i = 0; i < (ulong)iterations; i++)
        {
            var pcg = new PCG(1, seed + i);
            var seedText = pcg.ToString();
            var value = gen.Generate(pcg, null!, out _);
            try
            {
                assert(value);
            }
            catch (Exception e)
            {
                throw new XunitException($"Property failed for seed {seedText} with input {Check.Print(value)}: {e.Message}", e);
            }
        }
    }
}
