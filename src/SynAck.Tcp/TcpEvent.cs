namespace SynAck.Tcp;

/// <summary>
/// Something that happened to a connection, taken from <see cref="TcpControlBlock.TryGetEvent(out TcpEvent)"/>.
/// A value type whose cause is a constant from <see cref="TcpCauses"/>, so raising one allocates nothing.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Time">The caller's clock when it happened.</param>
/// <param name="From">For <see cref="TcpEventKind.StateChanged"/>: the previous state; otherwise the current state.</param>
/// <param name="To">For <see cref="TcpEventKind.StateChanged"/>: the new state; otherwise the current state.</param>
/// <param name="Cause">Why, as one of the <see cref="TcpCauses"/> constants (empty when there is nothing to say).</param>
/// <param name="Error">For <see cref="TcpEventKind.Error"/>: the error; otherwise <see cref="TcpError.None"/>.</param>
public readonly record struct TcpEvent(TcpEventKind Kind, TimeSpan Time, TcpState From, TcpState To, string Cause, TcpError Error);
