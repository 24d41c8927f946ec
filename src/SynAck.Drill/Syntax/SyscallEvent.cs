namespace SynAck.Drill.Syntax;

/// <summary>
/// A system call line: <c>+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)</c>.
/// A blocking call written <c>+0...0.1 accept(3, ..., ...) = 4</c> starts at the event time and is
/// expected to return at <see cref="ReturnTime"/>.
/// </summary>
/// <param name="Name">The call's name (<c>socket</c>, <c>connect</c>, <c>getsockopt</c>...).</param>
/// <param name="Arguments">The arguments as written.</param>
/// <param name="Result">The expected return value.</param>
/// <param name="Errno">The expected errno (<c>EINPROGRESS</c> with its text), or null.</param>
/// <param name="Note">A parenthesised note after the result that is not an errno (<c>(flags O_RDWR)</c>), or null.</param>
/// <param name="ReturnTime">
/// For a blocking call, when it is expected to return, in the same base as <paramref name="Time"/>
/// (seconds since the start for an absolute time, since the previous event for a relative one); null otherwise.
/// </param>
/// <param name="Time">When the call is made.</param>
/// <param name="Location">Where the line starts.</param>
public sealed record SyscallEvent(
    string Name,
    IReadOnlyList<ScriptExpression> Arguments,
    ScriptExpression Result,
    ExpectedErrno? Errno,
    string? Note,
    TimeSpan? ReturnTime,
    EventTime Time,
    SourceLocation Location) : ScriptEvent(Time, Location)
{
    /// <summary>Whether the line is written as a blocking call (<c>...time</c> before the name).</summary>
    public bool IsBlocking => ReturnTime is not null;

    /// <summary>The call in script syntax, without its time (see <see cref="ScriptFormat.Syscall"/>).</summary>
    public override string ToString() => ScriptFormat.Syscall(this);
}

/// <summary>The errno a system call line expects, e.g. <c>EINPROGRESS (Operation now in progress)</c>.</summary>
/// <param name="Name">The errno macro name.</param>
/// <param name="Description">The text in parentheses after it (strerror's words), or null.</param>
public sealed record ExpectedErrno(string Name, string? Description);
