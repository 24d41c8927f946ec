namespace SynAck.Drill.Syntax;

/// <summary>
/// A parsed packetdrill script: its <c>--option</c> lines, an optional init and cleanup command,
/// and its statements in order. Conditional sections (<c>#ifdef</c>) are kept as they were
/// written; <see cref="Flatten"/> picks the branches for a set of defined symbols.
/// </summary>
public sealed class DrillScript
{
    internal DrillScript(
        string filePath,
        IReadOnlyList<ScriptOption> options,
        CommandEvent? initCommand,
        IReadOnlyList<ScriptStatement> statements,
        CommandEvent? cleanupCommand)
    {
        FilePath = filePath;
        Options = options;
        InitCommand = initCommand;
        Statements = statements;
        CleanupCommand = cleanupCommand;
    }

    /// <summary>The path the script was parsed under.</summary>
    public string FilePath { get; }

    /// <summary>The <c>--name=value</c> lines before the first event, in order.</summary>
    public IReadOnlyList<ScriptOption> Options { get; }

    /// <summary>A backquoted command before the first event with no time, run before the script.</summary>
    public CommandEvent? InitCommand { get; }

    /// <summary>The events and conditional sections, in script order.</summary>
    public IReadOnlyList<ScriptStatement> Statements { get; }

    /// <summary>A backquoted command after the last event with no time, run after the script.</summary>
    public CommandEvent? CleanupCommand { get; }

    /// <summary>The value of the last <c>--name=value</c> option with this name, or null.</summary>
    /// <param name="name">The option name without the leading dashes, e.g. <c>tolerance_usecs</c>.</param>
    public string? GetOption(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string? value = null;
        foreach (var option in Options)
        {
            if (string.Equals(option.Name, name, StringComparison.Ordinal))
            {
                value = option.Value;
            }
        }

        return value;
    }

    /// <summary>
    /// The events the script runs when the given symbols are defined: a section's branch is taken
    /// when its symbol is (or, for <c>#ifndef</c>, is not) in <paramref name="definedSymbols"/>.
    /// </summary>
    /// <param name="definedSymbols">The symbols that count as defined, e.g. <c>FreeBSD</c> or <c>STANDARD</c>.</param>
    public IReadOnlyList<ScriptEvent> Flatten(IReadOnlySet<string> definedSymbols)
    {
        ArgumentNullException.ThrowIfNull(definedSymbols);
        var events = new List<ScriptEvent>();
        Append(Statements, definedSymbols, events);
        return events;
    }

    private static void Append(IReadOnlyList<ScriptStatement> statements, IReadOnlySet<string> defined, List<ScriptEvent> events)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case ScriptEvent scriptEvent:
                    events.Add(scriptEvent);
                    break;
                case ConditionalSection section:
                    var taken = defined.Contains(section.Symbol) != section.Negated;
                    Append(taken ? section.Then : section.Else, defined, events);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown statement type {statement.GetType().Name}.");
            }
        }
    }
}
