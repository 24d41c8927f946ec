using CsCheck;
using Xunit.Sdk;

namespace SynAck.Wire.Tests;

/// <summary>
/// Runs a CsCheck generator from a fixed seed, so every run draws the same cases. (CsCheck's own
/// Sample draws all cases but the first from a fresh random seed.) A failure names the case's
/// CsCheck seed, which <c>Sample(seed: ...)</c> can replay and shrink.
/// </summary>
internal static class SeededSample
{
    public static void ForAll<T>(this Gen<T> gen, ulong seed, int iterations, Action<T> assert)
    {
        var pcg = new PCG(1, seed);
        for (var i = 0; i < iterations; i++)
        {
            var state = pcg.State;
            var value = gen.Generate(pcg, null, out _);
            try
            {
                assert(value);
            }
            catch (Exception e)
            {
                var text = Check.Print(value);
                if (text.Length > 2000)
                {
                    text = text[..2000] + "...";
                }

                throw new XunitException($"Case {i} (CsCheck seed \"{pcg.ToString(state)}\") failed: {text}", e);
            }
        }
    }
}
