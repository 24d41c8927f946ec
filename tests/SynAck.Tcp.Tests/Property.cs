using CsCheck;
using Xunit.Sdk;

namespace SynAck.Tcp.Tests;

/// <summary>
/// Deterministic property checks: every run tests the same inputs, each generated from its own
/// seeded <see cref="PCG"/>. A failure names the seed, so
/// <c>Check.Sample(gen, assert, seed: "...")</c> reproduces (and shrinks) it.
/// </summary>
internal static class Property
{
    public static void ForAll<T>(Gen<T> gen, int iterations, Action<T> assert, ulong seed = 0x5EED_0000)
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
