using System.Text;
using SynAck.Tcp;
using SynAck.Wire;

namespace SynAck.Diagnostics;

/// <summary>The names diagrams and JSON give to states and control bits, as the seed writes them.</summary>
public static class TraceNames
{
    // The control bits a ladder names, in the order the seed writes them: SYN+ACK, FIN+ACK, PSH+ACK.
    private static readonly (TcpFlags Flag, string Name)[] FlagNames =
    [
        (TcpFlags.Syn, "SYN"),
        (TcpFlags.Fin, "FIN"),
        (TcpFlags.Rst, "RST"),
        (TcpFlags.Psh, "PSH"),
        (TcpFlags.Ack, "ACK"),
        (TcpFlags.Urg, "URG"),
        (TcpFlags.Ece, "ECE"),
        (TcpFlags.Cwr, "CWR"),
        (TcpFlags.Ae, "AE"),
    ];

    /// <summary>
    /// A state as the seed and netstat write it: <c>CLOSED</c>, <c>LISTEN</c>, <c>SYN_SENT</c>,
    /// <c>SYN_RCVD</c>, <c>ESTABLISHED</c>, <c>FIN_WAIT_1</c>, <c>FIN_WAIT_2</c>, <c>CLOSE_WAIT</c>,
    /// <c>CLOSING</c>, <c>LAST_ACK</c>, <c>TIME_WAIT</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined state.</exception>
    public static string StateName(TcpState state) => state switch
    {
        TcpState.Closed => "CLOSED",
        TcpState.Listen => "LISTEN",
        TcpState.SynSent => "SYN_SENT",
        TcpState.SynReceived => "SYN_RCVD",
        TcpState.Established => "ESTABLISHED",
        TcpState.FinWait1 => "FIN_WAIT_1",
        TcpState.FinWait2 => "FIN_WAIT_2",
        TcpState.CloseWait => "CLOSE_WAIT",
        TcpState.Closing => "CLOSING",
        TcpState.LastAck => "LAST_ACK",
        TcpState.TimeWait => "TIME_WAIT",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a TCP state."),
    };

    /// <summary>
    /// The control bits by name, joined with <c>+</c> in the seed's order: <c>SYN</c>, <c>SYN+ACK</c>,
    /// <c>ACK</c>, <c>PSH+ACK</c>, <c>FIN+ACK</c>, <c>RST+ACK</c>; <c>none</c> when no bit is set.
    /// </summary>
    public static string FlagNamesOf(TcpFlags flags)
    {
        var text = new StringBuilder();
        foreach (var (flag, name) in FlagNames)
        {
            if ((flags & flag) != 0)
            {
                text.Append(text.Length == 0 ? "" : "+").Append(name);
            }
        }

        return text.Length == 0 ? "none" : text.ToString();
    }
}
