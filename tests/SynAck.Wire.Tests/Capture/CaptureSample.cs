using CsCheck;
using Xunit.Sdk;

namespace SynAck.Wire.Tests.Capture;

/// <summary>
/// Runs a CsCheck generator from fixed seeds, so every run tests the same cases. A failure names
/// the case's CsCheck seed, which <c>Check.Sample(gen, assert, seed: "...")</c> replays.
/// </summary>
internal static class CaptureSample
{
    public static void ForAll<T>(this Gen<T> gen, ulong seed, int iterations, Action<T> assert)
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
                var text = Check.Print(value);
                throw new XunitException($"Case {i} (CsCheck seed \"{seedText}\") failed: {(text.Length > 2000 ? text[..2000] + "..." : text)}", e);
            }
        }
    }
}
