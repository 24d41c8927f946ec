using System.CommandLine;
using SynAck.Cli.Decode;
using SynAck.Cli.Diagram;
using SynAck.Cli.Drill;

namespace SynAck.Cli;

/// <summary>The root of the <c>synack</c> command line: one verb per job (DESIGN.md, "The CLI contract").</summary>
internal static class SynAckCommand
{
    /// <summary>
    /// Parses <paramref name="args"/>, runs the chosen verb and returns the process exit code: 0 on
    /// success, 1 on a failure, 2 on bad input (a usage error included, after the parser's message).
    /// </summary>
    /// <param name="args">The command line after the program name.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="terminal">Where <paramref name="output"/> goes, for colour; null for a file or pipe.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Terminal? terminal = null)
    {
        terminal ??= Terminal.Redirected;
        var root = new RootCommand("SynAck: a user-space TCP/IP stack that shows what TCP does.")
        {
            DecodeCommand.Create(),
            DiagramCommand.Create(terminal),
            DrillCommand.Create(),
        };
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var parse = root.Parse(args);
        var exitCode = await parse.InvokeAsync(configuration).ConfigureAwait(false);
        return parse.Errors.Count > 0 ? ExitCodes.BadInput : exitCode;
    }
}
