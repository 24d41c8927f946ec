using System.Globalization;

namespace SynAck.Drill.Syntax;

/// <summary>A place in a script: 1-based line and column (columns count UTF-16 characters).</summary>
/// <param name="Line">The line, starting at 1.</param>
/// <param name="Column">The column, starting at 1.</param>
public readonly record struct SourceLocation(int Line, int Column)
{
    /// <summary>"line:column", as compilers print it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Line}:{Column}");
}
