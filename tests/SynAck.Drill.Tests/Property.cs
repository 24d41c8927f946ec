using CsCheck;
using Xunit.Sdk;

namespace SynAck.Drill.Tests;

/// <summary>
/// Deterministic CsCheck properties: case i is generated from its own PCG seeded with
/// <c>seed + i</c>, so every run checks the same inputs. A failure prints the case's seed.
/// </summary>
internal static class Property
{
    public static void ForAll<T>(Gen<T> gen, int iterations, Action<T> assert, ulong seed = 0xD811_0000)
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
                throw new XunitException($"Property failed for case {i} (seed {seedText}): {e.Message}", e);
            }
        }
    }
}
