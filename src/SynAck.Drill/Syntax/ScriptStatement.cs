namespace SynAck.Drill.Syntax;

/// <summary>A statement of a script: an event, or a conditional section of statements.</summary>
/// <param name="Location">Where the statement starts.</param>
public abstract record ScriptStatement(SourceLocation Location);

/// <summary>
/// An <c>#ifdef SYMBOL</c> (or <c>#ifndef</c>) section with an optional <c>#else</c> branch. The
/// FreeBSD suite uses <c>#ifdef FreeBSD</c> for FreeBSD's own behaviour and <c>#ifdef STANDARD</c>
/// for what the RFCs say; the runner decides which symbols are defined.
/// </summary>
/// <param name="Symbol">The symbol tested.</param>
/// <param name="Negated">True for <c>#ifndef</c>.</param>
/// <param name="Then">The statements used when the test holds.</param>
/// <param name="Else">The statements after <c>#else</c>, used when it does not (empty without <c>#else</c>).</param>
/// <param name="Location">Where the <c>#ifdef</c> line starts.</param>
public sealed record ConditionalSection(
    string Symbol,
    bool Negated,
    IReadOnlyList<ScriptStatement> Then,
    IReadOnlyList<ScriptStatement> Else,
    SourceLocation Location) : ScriptStatement(Location);

/// <summary>A timed line of a script: a packet, a system call, a command or a code block.</summary>
/// <param name="Time">When the event happens.</param>
/// <param name="Location">Where the event's line starts.</param>
public abstract record ScriptEvent(EventTime Time, SourceLocation Location) : ScriptStatement(Location);

/// <summary>A backquoted shell command (<c>`sysctl -w net.inet.tcp.insecure_rst=1`</c>). The runner never runs it.</summary>
/// <param name="CommandLine">The text between the backquotes.</param>
/// <param name="Time">When the command is due (<see cref="EventTimeKind.None"/> for init and cleanup commands).</param>
/// <param name="Location">Where the event starts.</param>
public sealed record CommandEvent(string CommandLine, EventTime Time, SourceLocation Location) : ScriptEvent(Time, Location);

/// <summary>A <c>%{ ... }%</c> block of Python, kept as opaque text; the runner reports it as skipped.</summary>
/// <param name="Code">The text between the delimiters, spaces and tabs at both ends removed.</param>
/// <param name="Time">When the block is due.</param>
/// <param name="Location">Where the event starts.</param>
public sealed record CodeEvent(string Code, EventTime Time, SourceLocation Location) : ScriptEvent(Time, Location);
