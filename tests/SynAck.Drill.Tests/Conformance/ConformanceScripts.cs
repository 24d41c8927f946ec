using SynAck.Drill.Syntax;

namespace SynAck.Drill.Tests.Conformance;

/// <summary>The packetdrill scripts under tests/conformance, copied next to the test assembly.</summary>
internal static class ConformanceScripts
{
    /// <summary>The folder holding the copied scripts.</summary>
    public static string Root => Path.Combine(AppContext.BaseDirectory, "conformance");

    /// <summary>Every .pkt file under <paramref name="folder"/>, as paths relative to <see cref="Root"/> with '/' separators, sorted.</summary>
    public static IReadOnlyList<string> Under(string folder) =>
        [.. Directory.EnumerateFiles(Path.Combine(Root, folder), "*.pkt", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    /// <summary>The text of the script at <paramref name="relativePath"/>.</summary>
    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>The parsed script at <paramref name="relativePath"/>; fails the test when it does not parse.</summary>
    public static DrillScript Parse(string relativePath)
    {
        Assert.True(ScriptParser.TryParse(Read(relativePath), relativePath, out var script, out var error), error?.ToString());
        return script;
    }

    /// <summary>Every event of a script, both branches of every conditional section included, in script order.</summary>
    public static IEnumerable<ScriptEvent> AllEvents(DrillScript script) => AllEvents(script.Statements);

    private static IEnumerable<ScriptEvent> AllEvents(IEnumerable<ScriptStatement> statements) =>
        statements.SelectMany(statement => statement switch
        {
            ScriptEvent e => [e],
            ConditionalSection section => AllEvents(section.Then.Concat(section.Else)),
            _ => throw new InvalidOperationException(statement.GetType().Name),
        });

    /// <summary>Every backquoted command of every FreeBSD script, init and cleanup commands included.</summary>
    public static IEnumerable<string> FreeBsdCommands() =>
        Under("freebsd").Select(Parse).SelectMany(script =>
            AllEvents(script).OfType<CommandEvent>().Concat(new[] { script.InitCommand, script.CleanupCommand }.OfType<CommandEvent>())
                .Select(command => command.CommandLine));
}
