using SynAck.Drill.Configuration;
using SynAck.Drill.Syntax;

namespace SynAck.Drill.Runner;

/// <summary>
/// Runs packetdrill scripts against SynAck: each on a fresh <see cref="Stack.NetworkStack"/> in
/// virtual time, its far end played by the script (see src/SynAck.Drill/README.md).
/// </summary>
public static class DrillRunner
{
    /// <summary>Reads, parses and runs one script file. A syntax error is a failed result, not an exception.</summary>
    /// <param name="path">The script's path.</param>
    /// <param name="options">How to run it; <see cref="DrillRunOptions.Default"/> when null.</param>
    /// <returns>The result.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static DrillResult RunFile(string path, DrillRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RunText(File.ReadAllText(path), path, options);
    }

    /// <summary>Parses and runs a script's text. A syntax error is a failed result, not an exception.</summary>
    /// <param name="text">The script.</param>
    /// <param name="path">The name results and errors carry.</param>
    /// <param name="options">How to run it; <see cref="DrillRunOptions.Default"/> when null.</param>
    /// <returns>The result.</returns>
    public static DrillResult RunText(string text, string path, DrillRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        if (!ScriptParser.TryParse(text, path, out var script, out var error))
        {
            return Failed(path, error);
        }

        return Run(script, options);
    }

    /// <summary>Runs a parsed script.</summary>
    /// <param name="script">The script.</param>
    /// <param name="options">How to run it; <see cref="DrillRunOptions.Default"/> when null.</param>
    /// <returns>The result: passed, or the first event that failed with what was expected and what happened.</returns>
    public static DrillResult Run(DrillScript script, DrillRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (!ScriptConfiguration.TryRead(script, out var configuration, out var error))
        {
            return Failed(script.FilePath, error);
        }

        var session = new ScriptSession(script, configuration, options ?? DrillRunOptions.Default);
        var result = session.Run();
        var ignored = configuration.IgnoredOptions.Select(o => $"option --{o.Name} ignored");
        return result with { Notes = [.. ignored, .. result.Notes] };
    }

    private static DrillResult Failed(string path, ScriptError error) => new()
    {
        Script = path,
        Passed = false,
        Line = error.Location.Line,
        Message = error.ToString(),
    };
}
