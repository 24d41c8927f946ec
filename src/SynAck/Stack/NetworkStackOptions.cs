using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using SynAck.Diagnostics;
using SynAck.Runtime;
using SynAck.Tcp;

namespace SynAck.Stack;

/// <summary>How a <see cref="NetworkStack"/> is created. Every property has a documented default.</summary>
public sealed class NetworkStackOptions
{
    /// <summary>The stack's name in logs, metrics (tag <c>synack.stack</c>) and traces, e.g. "client". Default "stack".</summary>
    public string Name { get; init; } = "stack";

    /// <summary>
    /// A simulation to run in: the stack creates its loop there (named <see cref="Name"/>), and
    /// takes its seed from the simulation unless <see cref="Seed"/> is set. Default null.
    /// </summary>
    public Simulation? Simulation { get; init; }

    /// <summary>
    /// The event loop to run on, owned by the caller (the stack does not dispose it). Default null:
    /// the stack runs on a loop in <see cref="Simulation"/> if given, else on its own
    /// <see cref="ThreadEventLoop"/> on <see cref="TimeProvider"/>, disposed with the stack.
    /// </summary>
    public EventLoop? Loop { get; init; }

    /// <summary>The clock of the stack's own thread loop, when neither <see cref="Loop"/> nor <see cref="Simulation"/> is given. Default: the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Where logs go. Default: nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Creates the stack's meter (see <see cref="StackInstruments"/>). Default null: a meter not tied to a factory.</summary>
    public IMeterFactory? MeterFactory { get; init; }

    /// <summary>
    /// The seed of the stack's secrets: the RFC 6528 ISN key and the RFC 6056 port key. The same
    /// seed gives the same sequence numbers and ports, which deterministic tests and demos want.
    /// Default null: drawn from the simulation when there is one, else from a cryptographic source.
    /// </summary>
    public int? Seed { get; init; }

    /// <summary>The TCP settings of connections and listeners that bring none of their own. Default: <see cref="TcpConnectionOptions"/>'s defaults.</summary>
    public TcpConnectionOptions DefaultConnectionOptions { get; init; } = TcpConnectionOptions.Default;

    /// <summary>The IPv4 time to live and IPv6 hop limit of sent packets. Default 64, as Linux.</summary>
    public byte HopLimit { get; init; } = 64;

    /// <summary>
    /// Who receives the stack's event stream (DESIGN.md rule 8): a <see cref="SegmentTrace"/> for
    /// every segment the stack puts on a link (<see cref="SegmentTrace.From"/> is the stack's
    /// <see cref="Name"/>) and a <see cref="StateTrace"/> for every state change of its
    /// connections (<see cref="StateTrace.Endpoint"/> is the stack's name): CLOSED to LISTEN when
    /// a listener opens (not again for each connection it spawns), and CLOSED to CLOSED when a SYN
    /// reaches a port nobody listens on and is refused. Called on the stack's
    /// loop; an observer shared by stacks on different threads must be thread-safe. Default: nobody.
    /// </summary>
    public ITraceObserver? TraceObserver { get; init; }

    /// <summary>
    /// The names traces give to peers (<see cref="SegmentTrace.To"/>), by address, e.g. the
    /// server's addresses named "server" in the client's stack. Default: none, so a peer is named
    /// by its <c>address:port</c>.
    /// </summary>
    public IReadOnlyDictionary<System.Net.IPAddress, string>? PeerNames { get; init; }
}
