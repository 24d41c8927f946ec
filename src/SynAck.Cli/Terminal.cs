namespace SynAck.Cli;

/// <summary>What the verbs need to know about where their output goes, to choose colour.</summary>
/// <param name="OutputIsTerminal">Whether standard output is a terminal rather than a file or a pipe.</param>
/// <param name="NoColor">Whether the user asked for no colour (the NO_COLOR environment variable, no-color.org).</param>
/// <param name="ErrorIsTerminal">Whether standard error is a terminal, where progress may be drawn.</param>
internal sealed record Terminal(bool OutputIsTerminal, bool NoColor, bool ErrorIsTerminal = false)
{
    /// <summary>Output that is not a terminal: no colour unless asked for, no progress.</summary>
    public static Terminal Redirected { get; } = new(false, false);

    /// <summary>The process's own standard output, standard error and environment.</summary>
    public static Terminal FromConsole()
        => new(!Console.IsOutputRedirected, !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")), !Console.IsErrorRedirected);

    /// <summary>Whether to colour, for a <c>--color</c> value of <c>auto</c>, <c>always</c> or <c>never</c>.</summary>
    public bool UseColor(string choice) => choice switch
    {
        "always" => true,
        "never" => false,
        _ => OutputIsTerminal && !NoColor,
    };
}
