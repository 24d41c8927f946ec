using System.CommandLine;
using SynAck.Cli.Captures;

namespace SynAck.Cli.Decode;

/// <summary><c>synack decode FILE</c>: one line per TCP segment of a capture, like tcpdump, or one JSON object per line.</summary>
internal static class DecodeCommand
{
    private const string Verb = "decode";

    /// <summary>Builds the verb with its argument and options.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file")
        {
            Description = "A pcap or pcapng capture (tcpdump -w, dumpcap): Ethernet, Linux cooked v1/v2, raw IP or BSD loopback links.",
        };
        var format = new Option<string>("--format")
        {
            Description = "text: tcpdump's lines (as tcpdump -n -S with TZ=UTC); json: one object per line, then a summary object.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");

        var command = new Command(Verb, "Print every TCP segment of a capture, one per line, like tcpdump.")
        {
            file,
            format,
        };
        command.SetAction(parse => Run(
            parse.GetRequiredValue(file),
            parse.GetValue(format) == "json",
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>
    /// Prints the segments of the capture at <paramref name="path"/>, then the counts. Times are UTC.
    /// Packets that are not whole TCP segments are skipped and counted; IP fragments are not reassembled.
    /// </summary>
    /// <returns>0, or 2 when the file is missing or not a valid capture (every packet before the damage is printed first), 1 on an I/O error.</returns>
    public static int Run(string path, bool json, TextWriter output, TextWriter error)
    {
        if (!CaptureFile.TryOpen(Verb, path, error, out var reader, out var exitCode))
        {
            return exitCode;
        }

        using (reader)
        {
            try
            {
                while (reader.TryReadNext(out var segment))
                {
                    output.WriteLine(json ? DecodeFormatter.FormatJson(segment) : DecodeFormatter.FormatText(segment));
                }
            }
            catch (IOException e)
            {
                output.Flush();
                error.WriteLine($"synack {Verb}: {path}: {e.Message}");
                return ExitCodes.Failure;
            }

            output.WriteLine(json ? DecodeFormatter.FormatSummaryJson(reader.Counts, reader.End) : DecodeFormatter.FormatSummaryText(reader.Counts));
            if (!reader.End.IsError)
            {
                return ExitCodes.Success;
            }

            output.Flush();
            error.WriteLine(CaptureFile.DescribeError(Verb, path, reader.End));
            return ExitCodes.BadInput;
        }
    }
}
