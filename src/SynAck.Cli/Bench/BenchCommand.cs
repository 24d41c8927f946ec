using System.CommandLine;
using System.Diagnostics;
using System.Reflection;

namespace SynAck.Cli.Bench;

/// <summary>
/// <c>synack bench</c>: in-memory throughput with 1460-byte and 64 KiB segments, handshake rate, and
/// memory per idle connection, as text or as one JSON object per result. Figures come from the wall
/// clock and the GC heap of this process, so run a Release build on a quiet machine.
/// </summary>
internal static class BenchCommand
{
    private const string Verb = "bench";

    /// <summary>Builds the verb with its options.</summary>
    public static Command Create(Terminal terminal)
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = "What to measure: throughput (MSS 1460 and 65495), handshakes, idle-memory, or all.",
            DefaultValueFactory = _ => "all",
        };
        scenario.AcceptOnlyFromAmong("throughput", "handshakes", "idle-memory", "all");
        var format = new Option<string>("--format")
        {
            Description = "text: a line per result; json: one object per result.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var bytes = new Option<long>("--bytes")
        {
            Description = "Throughput: how many bytes to send per run.",
            DefaultValueFactory = _ => 1L << 30,
        };
        bytes.Require(value => value >= 1, "--bytes must be at least 1.");
        var duration = new Option<double?>("--duration")
        {
            Description = "Throughput: stop sending after this many seconds, even before --bytes.",
        };
        duration.Require(value => value is null or > 0, "--duration must be positive.");
        var mss = new Option<int[]>("--mss")
        {
            Description = "Throughput: the MSS of each run (repeat the option for several).",
            DefaultValueFactory = _ => [1460, ThroughputBench.LargestMss],
            AllowMultipleArgumentsPerToken = true,
        };
        mss.Require(values => values is null || values.All(value => value is >= 88 and <= ThroughputBench.LargestMss), $"--mss must be from 88 to {ThroughputBench.LargestMss}.");
        var connections = new Option<int>("--connections")
        {
            Description = "Handshakes: how many connections to open and close; idle-memory: how many established connection ends to hold.",
            DefaultValueFactory = _ => 10_000,
        };
        connections.Require(value => value is >= 2 and <= 20_000, "--connections must be from 2 to 20000.");

        var path = new ThroughputOptions();
        var command = new Command(Verb, "Measure in-memory throughput, handshake rate and memory per idle connection.")
        {
            scenario,
            format,
            bytes,
            duration,
            mss,
            connections,
        };
        path.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(scenario)!;
            var plan = new BenchPlan(
                chosen is "throughput" or "all",
                chosen is "handshakes" or "all",
                chosen is "idle-memory" or "all",
                [.. parse.GetValue(mss)!.Select(value => path.Read(parse, value, parse.GetValue(bytes), parse.GetValue(duration) is { } seconds ? TimeSpan.FromSeconds(seconds) : null))],
                parse.GetValue(connections));
            return await RunAsync(plan, parse.GetValue(format) == "json", terminal.ErrorIsTerminal, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Runs the chosen measurements in order, writing each result as soon as it is known.</summary>
    /// <returns>0.</returns>
    public static async Task<int> RunAsync(BenchPlan plan, bool json, bool showProgress, TextWriter output, TextWriter error)
    {
        if (IsDebugBuild())
        {
            error.WriteLine($"synack {Verb}: this is a Debug build; for meaningful figures run: dotnet run -c Release --project src/SynAck.Cli -- {Verb}");
        }

        if (plan.Throughput)
        {
            foreach (var settings in plan.ThroughputRuns)
            {
                using var progress = Progress(showProgress, error, $"throughput mss {settings.Mss}");
                Write(await ThroughputBench.RunAsync(settings, progress).ConfigureAwait(false));
            }
        }

        if (plan.Handshakes)
        {
            using var progress = Progress(showProgress, error, "handshakes");
            Write(HandshakeBench.Run(plan.Connections, progress));
        }

        if (plan.IdleMemory)
        {
            using var progress = Progress(showProgress, error, "idle-memory");
            Write(IdleMemoryBench.Run(plan.Connections, progress));
        }

        return ExitCodes.Success;

        void Write(BenchResult result)
        {
            output.WriteLine(json ? result.ToJson() : result.ToText());
            output.Flush();
        }
    }

    private static ProgressBar? Progress(bool show, TextWriter error, string label) => show ? new ProgressBar(error, label) : null;

    private static bool IsDebugBuild()
        => typeof(BenchCommand).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled ?? false;
}

/// <summary>What <c>synack bench</c> measures.</summary>
/// <param name="Throughput">Whether to measure throughput, once per <paramref name="ThroughputRuns"/> entry.</param>
/// <param name="Handshakes">Whether to measure the handshake rate.</param>
/// <param name="IdleMemory">Whether to measure memory per idle connection.</param>
/// <param name="ThroughputRuns">The throughput runs.</param>
/// <param name="Connections">Connections for the handshake rate, and connection ends for idle memory.</param>
internal sealed record BenchPlan(bool Throughput, bool Handshakes, bool IdleMemory, IReadOnlyList<ThroughputSettings> ThroughputRuns, int Connections);
