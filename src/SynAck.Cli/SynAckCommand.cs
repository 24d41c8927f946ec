using System.CommandLine;

namespace SynAck.Cli;

/// <summary>The root of the <c>synack</c> command line: one verb per job (DESIGN.md, "The CLI contract").</summary>
internal static class SynAckCommand
{
    /// <summary>Parses <paramref name="args"/>, runs the chosen verb and returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("SynAck: a user-space TCP/IP stack that shows what TCP does.");
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await root.Parse(args).InvokeAsync(configuration).ConfigureAwait(false);
    }
}
