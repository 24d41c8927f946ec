using System.Globalization;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace SynAck.Drill.Configuration;

/// <summary>
/// What a backquoted line asks for. The runner never runs commands; it recognises the few forms
/// the FreeBSD suite uses and acts on them itself (<see cref="Classify"/>).
/// </summary>
public abstract record ScriptCommand
{
    /// <summary>Recognises a command line.</summary>
    /// <param name="commandLine">The text between the backquotes.</param>
    public static ScriptCommand Classify(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var pipeline = commandLine.Split('|', StringSplitOptions.TrimEntries);
        var words = pipeline[0].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return new UnknownCommand(commandLine);
        }

        return words[0] switch
        {
            "sysctl" when pipeline.Length == 1 => SysctlCommand.TryCreate(words, out var sysctl) ? sysctl : new UnknownCommand(commandLine),
            "sockstat" => SocketStateCheck.TryCreate(words, pipeline, out var check) ? check : new UnknownCommand(commandLine),
            "tcpdrop" when pipeline.Length == 1 && words is [_, "-s", var state] && SocketStateCheck.TryMapState(state, out var tcpState) =>
                new DropConnectionsCommand(state, tcpState),
            _ => new UnknownCommand(commandLine),
        };
    }
}

/// <summary><c>sysctl -w name=value [name=value ...]</c>: settings to apply with <see cref="SysctlTable.Apply"/>.</summary>
/// <param name="Assignments">The name/value pairs in order.</param>
public sealed record SysctlCommand(IReadOnlyList<KeyValuePair<string, string>> Assignments) : ScriptCommand
{
    internal static bool TryCreate(string[] words, out SysctlCommand command)
    {
        command = null!;
        if (words.Length < 3 || words[1] != "-w")
        {
            return false;
        }

        var assignments = new List<KeyValuePair<string, string>>();
        foreach (var word in words[2..])
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            assignments.Add(new(word[..equals], word[(equals + 1)..]));
        }

        command = new SysctlCommand(assignments);
        return true;
    }
}

/// <summary>
/// <c>sockstat [-4|-6] -P tcp [-p port] -s | [grep packetdril |] grep -c STATE | grep N</c>: a
/// check that exactly N of the script's TCP sockets (of that family, on that port) are in STATE.
/// (grep's substring match would also accept a count like 10 for N = 1; the counts in the suite
/// are single digits, and the runner compares exactly.)
/// </summary>
/// <param name="Family">The address family (<c>-4</c>, <c>-6</c>), or null for both.</param>
/// <param name="Port">The port (<c>-p</c>), or null for any.</param>
/// <param name="StateName">FreeBSD's name of the state (<c>TIME_WAIT</c>).</param>
/// <param name="State">The state.</param>
/// <param name="ExpectedCount">How many sockets must be in the state.</param>
public sealed record SocketStateCheck(AddressFamily? Family, int? Port, string StateName, TcpState State, int ExpectedCount) : ScriptCommand
{
    /// <summary>FreeBSD's TCP state names (sockstat, tcpdrop) and the states they name.</summary>
    public static IReadOnlyDictionary<string, TcpState> States { get; } = new Dictionary<string, TcpState>(StringComparer.Ordinal)
    {
        ["CLOSED"] = TcpState.Closed,
        ["LISTEN"] = TcpState.Listen,
        ["SYN_SENT"] = TcpState.SynSent,
        ["SYN_RCVD"] = TcpState.SynReceived,
        ["ESTABLISHED"] = TcpState.Established,
        ["CLOSE_WAIT"] = TcpState.CloseWait,
        ["FIN_WAIT_1"] = TcpState.FinWait1,
        ["CLOSING"] = TcpState.Closing,
        ["LAST_ACK"] = TcpState.LastAck,
        ["FIN_WAIT_2"] = TcpState.FinWait2,
        ["TIME_WAIT"] = TcpState.TimeWait,
    };

    internal static bool TryMapState(string name, out TcpState state) => States.TryGetValue(name, out state);

    internal static bool TryCreate(string[] words, string[] pipeline, out SocketStateCheck check)
    {
        check = null!;
        AddressFamily? family = null;
        int? port = null;
        var tcp = false;
        for (var i = 1; i < words.Length; i++)
        {
            switch (words[i])
            {
                case "-4":
                    family = AddressFamily.InterNetwork;
                    break;
                case "-6":
                    family = AddressFamily.InterNetworkV6;
                    break;
                case "-s":
                    break;
                case "-P" when i + 1 < words.Length:
                    tcp = words[++i] == "tcp";
                    break;
                case "-p" when i + 1 < words.Length && int.TryParse(words[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var p):
                    port = p;
                    i++;
                    break;
                default:
                    return false;
            }
        }

        // The tail is "grep -c STATE | grep N", optionally after "grep packetdril" (the script's own sockets).
        var tail = pipeline.AsSpan(1);
        if (tail.Length == 3 && tail[0] == "grep packetdril")
        {
            tail = tail[1..];
        }

        if (!tcp || tail.Length != 2)
        {
            return false;
        }

        var count = tail[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var expected = tail[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (count is not ["grep", "-c", var stateName] || !TryMapState(stateName, out var state) ||
            expected is not ["grep", var number] || !int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        check = new SocketStateCheck(family, port, stateName, state, n);
        return true;
    }
}

/// <summary><c>tcpdrop -s STATE</c>: drop (abort silently) every connection in STATE.</summary>
/// <param name="StateName">FreeBSD's name of the state.</param>
/// <param name="State">The state.</param>
public sealed record DropConnectionsCommand(string StateName, TcpState State) : ScriptCommand;

/// <summary>A command the runner does not recognise; it is reported as skipped.</summary>
/// <param name="CommandLine">The command as written.</param>
public sealed record UnknownCommand(string CommandLine) : ScriptCommand;
