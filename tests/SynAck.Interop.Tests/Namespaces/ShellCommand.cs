using System.Diagnostics;

namespace SynAck.Interop.Tests.Namespaces;

/// <summary>The outcome of a command.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Output, string Error)
{
    public CommandResult EnsureSuccess() => ExitCode == 0
        ? this
        : throw new InvalidOperationException($"`{Command}` exited with {ExitCode}: {Error.Trim()} {Output.Trim()}");
}

/// <summary>Runs a tool to completion, with a hang guard (never a timing assertion).</summary>
internal static class ShellCommand
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    public static async Task<CommandResult> RunAsync(string file, params string[] arguments)
    {
        var text = string.Join(' ', arguments.Prepend(file));
        using var process = Start(file, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{text}` did not finish within {HangGuard.TotalSeconds} s.");
        }

        return new CommandResult(text, process.ExitCode, await output, await error);
    }

    public static Process Start(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
    }
}
