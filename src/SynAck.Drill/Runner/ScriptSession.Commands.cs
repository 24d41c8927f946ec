using System.Globalization;
using SynAck.Drill.Configuration;
using SynAck.Drill.Syntax;
using SynAck.Stack;
using SynAck.Tcp;

namespace SynAck.Drill.Runner;

// Backquoted commands: none is run. sysctl -w changes the run's settings (SysctlTable); the
// FreeBSD suite's sockstat check and tcpdrop are answered through the stack's public API.
internal sealed partial class ScriptSession
{
    private void RunCommand(CommandEvent command)
    {
        switch (ScriptCommand.Classify(command.CommandLine))
        {
            case SysctlCommand sysctl:
                foreach (var (name, value) in sysctl.Assignments)
                {
                    var outcome = SysctlTable.Apply(name, value, _settings);
                    _settings = outcome.Settings;
                    if (outcome.Status != SysctlStatus.Applied)
                    {
                        Note($"sysctl {name}={value} {outcome.Status.ToString().ToLowerInvariant()}: {outcome.Effect}");
                    }
                }

                break;
            case SocketStateCheck check:
                CheckSocketStates(command, check);
                break;
            case DropConnectionsCommand drop:
                DropConnections(drop);
                break;
            default:
                Note($"line {command.Location.Line}: command not run: {command.CommandLine}");
                break;
        }
    }

    private void CheckSocketStates(CommandEvent command, SocketStateCheck check)
    {
        var connections = Await(_stack.GetConnectionsAsync().AsTask(), command.Location);
        var count = connections.Count(c => Counts(c, check));
        if (count != check.ExpectedCount)
        {
            throw new DrillFailure(
                command.Location,
                string.Create(CultureInfo.InvariantCulture, $"expected {check.ExpectedCount} connection(s) in {check.StateName}, found {count}"),
                expected: command.CommandLine,
                actual: string.Join(", ", connections.Select(c => $"{c.LocalEndPoint} {c.RemoteEndPoint} {c.State}")));
        }
    }

    /// <summary>Whether sockstat would list the connection in the state asked about (it lists a listener's half-open connections too).</summary>
    private static bool Counts(TcpConnectionInfo connection, SocketStateCheck check)
    {
        if (!SameState(connection.State, check.State))
        {
            return false;
        }

        if (check.Family is { } family && connection.LocalEndPoint.AddressFamily != family)
        {
            return false;
        }

        return check.Port is not { } port || connection.LocalEndPoint.Port == port || connection.RemoteEndPoint.Port == port;
    }

    private void DropConnections(DropConnectionsCommand drop)
    {
        var location = default(SourceLocation);
        foreach (var connection in Await(_stack.GetConnectionsAsync().AsTask(), location).Where(c => SameState(c.State, drop.State)))
        {
            Await(_stack.DropConnectionAsync(connection.LocalEndPoint, connection.RemoteEndPoint).AsTask(), location);
        }
    }

    /// <summary>The command's state names use .NET's TcpState, whose names SynAck's states share (DESIGN.md rule 4).</summary>
    private static bool SameState(TcpState state, System.Net.NetworkInformation.TcpState named) =>
        string.Equals(state.ToString(), named.ToString(), StringComparison.Ordinal);

    private T Await<T>(Task<T> task, SourceLocation location)
    {
        _simulation.RunUntil(() => task.IsCompleted, TimeSpan.Zero);
        if (!task.IsCompletedSuccessfully)
        {
            throw new DrillFailure(location, "the stack did not answer a command at once: " + (task.Exception?.InnerException?.Message ?? "still pending"));
        }

        return task.Result;
    }
}
