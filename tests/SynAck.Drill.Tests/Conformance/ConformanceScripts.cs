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
}
