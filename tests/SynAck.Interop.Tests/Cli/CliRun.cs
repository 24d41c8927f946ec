using System.Text;
using System.Text.Json;
using SynAck.Cli;

namespace SynAck.Interop.Tests.Cli;

/// <summary>
/// A `synack` command line run in this process (as the program's Main runs it), in the
/// background, with its standard output and error captured; disposing it cancels it as Ctrl+C does.
/// </summary>
internal sealed class CliRun : IAsyncDisposable
{
    /// <summary>How long a run may take before a test gives up on it (a hang guard, never a timing assertion).</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    private readonly CancellationTokenSource _stop = new();

    private CliRun(string[] arguments)
    {
        Arguments = string.Join(' ', arguments);
        Exit = Task.Run(() => SynAckCommand.RunAsync(arguments, Output, Error, cancellationToken: _stop.Token));
    }

    public string Arguments { get; }

    public CapturedWriter Output { get; } = new();

    public CapturedWriter Error { get; } = new();

    public Task<int> Exit { get; }

    public static CliRun Start(params string[] arguments) => new(arguments);

    /// <summary>Runs the command to its end.</summary>
    public static async Task<CliRun> RunAsync(params string[] arguments)
    {
        var run = new CliRun(arguments);
        await run.WaitForExitAsync();
        return run;
    }

    /// <summary>The arguments that put SynAck on the namespace's persistent device, at 192.0.2.2/24 and 2001:db8::2/64.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static string[] On(Namespaces.TunNamespace space, params string[] more)
        => ["--netns", space.Name, "--tun", Namespaces.TunNamespace.InterfaceName, "--address", $"{Namespaces.TunNamespace.SynAckAddress4}/24", "--address", $"{Namespaces.TunNamespace.SynAckAddress6}/64", .. more];

    /// <summary>Waits until serve says it listens (or the run ends, which fails the test with its output).</summary>
    public Task WaitUntilListeningAsync() => WaitForErrorAsync("; listening");

    /// <summary>Waits until standard error holds <paramref name="text"/>.</summary>
    public async Task WaitForErrorAsync(string text)
    {
        var seen = Error.WaitForAsync(text);
        var first = await Task.WhenAny(seen, Exit).WaitAsync(HangGuard);
        if (first != seen)
        {
            Assert.Fail($"`synack {Arguments}` ended with {await Exit} before writing \"{text}\":\n{Error}");
        }
    }

    public async Task<int> WaitForExitAsync()
    {
        try
        {
            return await Exit.WaitAsync(HangGuard);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"`synack {Arguments}` did not end within {HangGuard.TotalSeconds} s:\n{Error}");
            throw;
        }
    }

    /// <summary>The states SynAck's connections went through, from the JSON state events on standard output.</summary>
    public IReadOnlyList<string> SynAckStates()
    {
        var states = new List<string>();
        foreach (var line in Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.GetProperty("type").GetString() == "state" && root.GetProperty("endpoint").GetString() == "synack")
            {
                states.Add(root.GetProperty("to").GetString()!);
            }
        }

        return states;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Exit.WaitAsync(HangGuard);
        }
        catch (TimeoutException)
        {
            // The test has already failed or passed; the namespace's removal takes the device away.
        }

        _stop.Dispose();
    }
}

/// <summary>A writer that keeps what was written and lets a test wait for some text to appear.</summary>
internal sealed class CapturedWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Append(value.ToString());

    public override void Write(string? value) => Append(value ?? string.Empty);

    public override void Write(char[] buffer, int index, int count) => Append(new string(buffer, index, count));

    public Task WaitForAsync(string text)
    {
        lock (_text)
        {
            if (_text.ToString().Contains(text, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, seen));
            return seen.Task;
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }

    private void Append(string value)
    {
        lock (_text)
        {
            _text.Append(value);
            if (_waiters.Count == 0)
            {
                return;
            }

            var all = _text.ToString();
            _waiters.RemoveAll(w =>
            {
                if (!all.Contains(w.Text, StringComparison.Ordinal))
                {
                    return false;
                }

                w.Seen.TrySetResult();
                return true;
            });
        }
    }
}
