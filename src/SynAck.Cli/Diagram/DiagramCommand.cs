using System.CommandLine;
using System.Globalization;
using SynAck.Cli.Captures;

namespace SynAck.Cli.Diagram;

/// <summary>
/// <c>synack diagram FILE</c>: a ladder diagram for every TCP connection in a capture, with each
/// endpoint's state inferred from the segments, as text, JSON lines or Mermaid.
/// </summary>
internal static class DiagramCommand
{
    private const string Verb = "diagram";

    /// <summary>Builds the verb with its argument and options.</summary>
    public static Command Create(Terminal terminal)
    {
        var file = new Argument<string>("file")
        {
            Description = "A pcap or pcapng capture, as synack decode reads (tcpdump -w, dumpcap).",
        };
        var render = new RenderOptions("one object per segment and state change (a connection object before each connection)");
        var connection = new Option<int?>("--connection")
        {
            Description = "Draw only connection N (numbered from 1 in the order of their first segment).",
        };
        var names = new Option<string>("--names")
        {
            Description = "Name the endpoints by address (addr:port) or by role (client: the one that sent the SYN, server).",
            DefaultValueFactory = _ => "address",
        };
        names.AcceptOnlyFromAmong("address", "role");
        var command = new Command(Verb, "Draw every TCP connection in a capture as a ladder diagram, with each endpoint's states.")
        {
            file,
            connection,
            names,
        };
        render.AddTo(command);
        command.SetAction(parse =>
        {
            var request = new DiagramRequest(
                parse.GetRequiredValue(file),
                render.FormatOf(parse),
                parse.GetValue(connection),
                parse.GetValue(names) == "role",
                render.Read(parse, terminal));
            return Run(request, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    /// <summary>Reads the capture, splits it into connections, infers their states and draws them.</summary>
    /// <returns>0; 2 when the file is missing or damaged (after drawing what was read) or the connection does not exist; 1 on an I/O error.</returns>
    public static int Run(DiagramRequest request, TextWriter output, TextWriter error)
    {
        if (!CaptureFile.TryOpen(Verb, request.Path, error, out var reader, out var exitCode))
        {
            return exitCode;
        }

        var connections = new CaptureConnections(request.RoleNames);
        using (reader)
        {
            try
            {
                while (reader.TryReadNext(out var segment))
                {
                    connections.Add(segment);
                }
            }
            catch (IOException e)
            {
                error.WriteLine($"synack {Verb}: {request.Path}: {e.Message}");
                return ExitCodes.Failure;
            }

            var found = connections.Connections();
            var chosen = found;
            if (request.Connection is { } number)
            {
                if (number < 1 || number > found.Count)
                {
                    error.WriteLine($"synack {Verb}: {request.Path}: no connection {number}; the capture has {Count(found.Count)}");
                    return ExitCodes.BadInput;
                }

                chosen = [found[number - 1]];
            }

            for (var i = 0; i < chosen.Count; i++)
            {
                output.Write(DiagramFormatter.Format(chosen[i], found.Count, request.Format, request.Options, first: i == 0));
            }

            if (!reader.End.IsError)
            {
                return ExitCodes.Success;
            }

            output.Flush();
            error.WriteLine(CaptureFile.DescribeError(Verb, request.Path, reader.End));
            return ExitCodes.BadInput;
        }
    }

    private static string Count(int connections) => connections == 1 ? "1 connection" : string.Create(CultureInfo.InvariantCulture, $"{connections} connections");
}
