using System.CommandLine;
using SynAck.Drill.Configuration;
using SynAck.Drill.Runner;

namespace SynAck.Cli.Drill;

/// <summary><c>synack drill PATH...</c>: runs packetdrill scripts against SynAck, one result per script, then the counts.</summary>
internal static class DrillCommand
{
    private const string Verb = "drill";

    /// <summary>Builds the verb with its arguments and options.</summary>
    public static Command Create()
    {
        var paths = new Argument<string[]>("path")
        {
            Description = "Script files (.pkt) or folders (searched recursively for .pkt files).",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format")
        {
            Description = "text: one line per script, details under a failure; json: one object per script, then a summary object.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var profile = new Option<string>("--profile")
        {
            Description = "synack: SynAck's own defaults; rfc9293: those with a SYN of MSS and window scale only (no SACK, no timestamps); freebsd: the defaults the FreeBSD test suite assumes (SYN options, buffers, RFC 5961...).",
            DefaultValueFactory = _ => "synack",
        };
        profile.AcceptOnlyFromAmong("synack", "rfc9293", "freebsd");
        var verbose = new Option<bool>("--verbose")
        {
            Description = "Also print what each run skipped or ignored (code blocks, commands, sysctls).",
        };

        var command = new Command(Verb, "Run packetdrill scripts against SynAck in virtual time.")
        {
            paths,
            format,
            profile,
            verbose,
        };
        command.SetAction(parse => Run(
            parse.GetRequiredValue(paths),
            new DrillRunOptions { Profile = ParseProfile(parse.GetValue(profile)) },
            parse.GetValue(format) == "json",
            parse.GetValue(verbose),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    private static DrillProfile ParseProfile(string? name) => name switch
    {
        "freebsd" => DrillProfile.FreeBsd,
        "rfc9293" => DrillProfile.Rfc9293,
        _ => DrillProfile.SynAck,
    };

    /// <summary>Runs every script under <paramref name="paths"/> in order and prints the results.</summary>
    /// <returns>0 when every script passed, 1 when one failed, 2 when a path does not exist or holds no script.</returns>
    public static int Run(IReadOnlyList<string> paths, DrillRunOptions options, bool json, bool verbose, TextWriter output, TextWriter error)
    {
        var scripts = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                scripts.Add(path);
            }
            else if (Directory.Exists(path))
            {
                scripts.AddRange(Directory.EnumerateFiles(path, "*.pkt", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else
            {
                error.WriteLine($"synack {Verb}: {path}: no such file or folder");
                return ExitCodes.BadInput;
            }
        }

        if (scripts.Count == 0)
        {
            error.WriteLine($"synack {Verb}: no .pkt scripts in {string.Join(", ", paths)}");
            return ExitCodes.BadInput;
        }

        var passed = 0;
        foreach (var script in scripts)
        {
            DrillResult result;
            try
            {
                result = DrillRunner.RunFile(script, options);
            }
            catch (IOException e)
            {
                result = new DrillResult { Script = script, Passed = false, Message = "cannot read the script: " + e.Message };
            }

            passed += result.Passed ? 1 : 0;
            output.Write(json ? DrillFormatter.FormatJson(result) + "\n" : DrillFormatter.FormatText(result, verbose));
        }

        output.WriteLine(json ? DrillFormatter.FormatSummaryJson(scripts.Count, passed) : DrillFormatter.FormatSummaryText(scripts.Count, passed));
        return passed == scripts.Count ? ExitCodes.Success : ExitCodes.Failure;
    }
}
