using System.CommandLine;
using SynAck.Cli.Bench;
using SynAck.Cli.Decode;
using SynAck.Cli.Demo;
using SynAck.Cli.Diagram;
using SynAck.Cli.Tun;

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
    /// <param name="cancellationToken">Stops a long-running verb (serve, connect) as Ctrl+C does.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Terminal? terminal = null, CancellationToken cancellationToken = default)
    {
        terminal ??= Terminal.Redirected;
        var root = new RootCommand("SynAck: a user-space TCP/IP stack that shows what TCP does.")
        {
            DemoCommand.Create(terminal),
            DecodeCommand.Create(),
            DiagramCommand.Create(terminal),
            ServeCommand.Create(terminal),
            ConnectCommand.Create(terminal),
            BenchCommand.Create(terminal),
        };
        // serve and connect handle SIGINT and SIGTERM themselves, to close their devices and files.
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        var parse = root.Parse(args);
        var exitCode = await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        return parse.Errors.Count > 0 ? ExitCodes.BadInput : exitCode;
    }
}
