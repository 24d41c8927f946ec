using CsCheck;
using Xunit.Sdk;

namespace SynAck.Testing;

/// <summary>
/// Deterministic CsCheck properties, shared by the test projects: case i is generated from its
/// own <see cref="PCG"/> seeded with <c>seed + i</c>, so every run checks the same inputs. A
/// failure names the case and its CsCheck seed, which <c>Check.Sample(gen, assert, seed: "...")</c>
/// replays and shrinks.
/// </summary>
internal static class Property
{
    private const int MaxPrintedInput = 2000;

    /// <summary>Checks <paramref name="assert"/> on <paramref name="iterations"/> generated cases.</summary>
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
                var input = Check.Print(value);
                if (input.Length > MaxPrintedInput)
                {
                    input = input[..MaxPrintedInput] + "...";
                }

                throw new XunitException($"Case {i} (CsCheck seed \"{seedText}\") failed: {e.Message}\nInput: {input}", e);
            }
        }
    }

    /// <summary>The same check written as an extension on the generator, seed first.</summary>
    public static void ForAll<T>(this Gen<T> gen, ulong seed, int iterations, Action<T> assert)
        => ForAll(gen, iterations, assert, seed);
}
