using System.Globalization;

namespace SynAck.Drill.Syntax;

/// <summary>Why and where a script failed to parse.</summary>
/// <param name="Kind">The kind of error.</param>
/// <param name="FilePath">The script's path as the caller named it.</param>
/// <param name="Location">Where in the script the error is.</param>
/// <param name="Message">What was found and what was expected, in words.</param>
public sealed record ScriptError(ScriptErrorKind Kind, string FilePath, SourceLocation Location, string Message)
{
    /// <summary>"path:line:column: message", the form editors and compilers use.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{FilePath}:{Location.Line}:{Location.Column}: {Message}");
}
