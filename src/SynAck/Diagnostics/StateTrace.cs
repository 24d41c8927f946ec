using SynAck.Tcp;

namespace SynAck.Diagnostics;

/// <summary>
/// One endpoint's TCP state as it changed (DESIGN.md rule 8). <see cref="From"/> equal to
/// <see cref="To"/> records a state seen without a change, such as a closed port that refuses a SYN.
/// </summary>
/// <param name="Time">When the state changed.</param>
/// <param name="Endpoint">The name of the endpoint: a ladder column, as in <see cref="SegmentTrace.From"/>.</param>
/// <param name="From">The state left.</param>
/// <param name="To">The state entered.</param>
/// <param name="Cause">Why, in a few words (<c>sent SYN</c>, <c>received FIN</c>, <see cref="TcpCauses"/>).</param>
public readonly record struct StateTrace(DateTimeOffset Time, string Endpoint, TcpState From, TcpState To, string Cause);
