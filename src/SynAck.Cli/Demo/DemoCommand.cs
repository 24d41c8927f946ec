using System.CommandLine;
using SynAck.Diagnostics;

namespace SynAck.Cli.Demo;

/// <summary>
/// <c>synack demo</c>: the seed's handshake and wave, done for real by two SynAck stacks on the
/// in-memory network in virtual time, drawn as a ladder (or written as JSON lines or Mermaid).
/// </summary>
internal static class DemoCommand
{
    private const string Verb = "demo";

    /// <summary>Builds the verb with its options.</summary>
    public static Command Create(Terminal terminal)
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = "What happens: normal (the seed), simultaneous-open, simultaneous-close, half-close, refused, reset, lossy (the first SYN+ACK is lost).",
            DefaultValueFactory = _ => "normal",
        };
        scenario.AcceptOnlyFromAmong([.. DemoScenarios.All.Select(s => s.Name)]);
        var loss = new Option<double>("--loss")
        {
            Description = "The probability that the network loses a packet, each way (0 to 1).",
        };
        loss.Require(value => value is >= 0 and < 1, "--loss must be at least 0 and less than 1.");
        var seed = new Option<int>("--seed")
        {
            Description = "The seed of the losses, the sequence numbers and the ports; the same seed gives the same run.",
            DefaultValueFactory = _ => 1,
        };
        var mss = new Option<int?>("--mss")
        {
            Description = "The MSS both ends announce (default: what the 1500-byte MTU allows, 1460).",
        };
        mss.Require(value => value is null or (>= 64 and <= 1460), "--mss must be from 64 to 1460.");
        var request = SizeOption("--request-bytes", "How many bytes the client sends.", DemoSettings.DefaultRequestBytes);
        var response = SizeOption("--response-bytes", "How many bytes the server answers with.", DemoSettings.DefaultResponseBytes);
        var pcap = new Option<string?>("--pcap")
        {
            Description = "Also write what the client sends and receives to this pcap file (for synack decode, synack diagram, Wireshark).",
        };
        var render = new RenderOptions("one object per segment put on the wire (lost ones with \"lost\":true) and per state change");
        var command = new Command(Verb, "Run the handshake and the wave between two SynAck stacks in virtual time and draw them.")
        {
            scenario,
            loss,
            seed,
            mss,
            request,
            response,
            pcap,
        };
        render.AddTo(command);
        command.SetAction(parse =>
        {
            var settings = new DemoSettings(
                DemoScenarios.Parse(parse.GetValue(scenario)!),
                parse.GetValue(loss),
                parse.GetValue(seed),
                parse.GetValue(mss),
                parse.GetValue(request),
                parse.GetValue(response),
                parse.GetValue(pcap));
            return Run(settings, render.FormatOf(parse), render.Read(parse, terminal), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    /// <summary>Runs the scenario and writes its events in the chosen format.</summary>
    /// <returns>0; 1 when the connection failed (under random loss) or the capture could not be written.</returns>
    public static int Run(DemoSettings settings, string format, DiagramOptions options, TextWriter output, TextWriter error)
    {
        DemoResult result;
        try
        {
            result = DemoRunner.Run(settings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"synack {Verb}: {settings.PcapPath}: {e.Message}");
            return ExitCodes.Failure;
        }

        output.Write(DemoFormatter.Format(settings, result.Events, format, options));
        if (result.Failure is null)
        {
            return ExitCodes.Success;
        }

        output.Flush();
        error.WriteLine($"synack {Verb}: the scenario stopped early: {result.Failure}");
        return ExitCodes.Failure;
    }

    private static Option<int> SizeOption(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
        };
        option.Require(value => value is >= 1 and <= 1_000_000, $"{name} must be from 1 to 1000000.");
        return option;
    }
}
