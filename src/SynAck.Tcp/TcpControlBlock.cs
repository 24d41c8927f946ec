using SynAck.Tcp.Buffers;
using SynAck.Tcp.Congestion;
using SynAck.Tcp.Rtt;
using SynAck.Wire;

namespace SynAck.Tcp;

/// <summary>
/// One TCP connection: its transmission control block and state machine (RFC 9293 §3.3, §3.10),
/// sans-IO. It never reads a clock, sleeps, locks or touches a socket (DESIGN.md rule 2).
/// </summary>
/// <remarks>
/// <para>
/// The stack drives it with user calls (<see cref="OpenActive"/>, <see cref="OpenPassive"/>,
/// <see cref="Send"/>, <see cref="Receive"/>, <see cref="ShutdownSend"/>, <see cref="Close"/>,
/// <see cref="Abort"/>), arriving segments (<see cref="OnSegment"/>) and timer expiry
/// (<see cref="OnTimer"/>), each with the caller's <c>now</c>. After each call it drains
/// <see cref="TryGetSegment"/> until it returns false, drains <see cref="TryGetEvent"/>, and
/// schedules <see cref="NextDeadline"/>.
/// </para>
/// <para>
/// The instance is allocated once per connection; nothing is allocated per segment. Buffers are
/// rented from a pool on first use and returned by <see cref="Dispose"/>. Not thread-safe: one
/// event loop owns it.
/// </para>
/// </remarks>
public sealed partial class TcpControlBlock : IDisposable
{
    private static readonly TimeSpan Never = TimeSpan.MaxValue;

    private readonly TcpSettings _settings;
    private readonly IInitialSequenceNumberSource _initialSequenceNumbers;
    private readonly TcpConnectionIdentity _identity;
    private readonly SendBuffer _sendBuffer;
    private readonly ReceiveBuffer _receiveBuffer;
    private readonly TcpEventQueue _events = new();
    private TcpConnectionCounters _counters;

    private TcpState _state;
    private TcpError _error;
    private bool _passive;
    private bool _everEstablished;
    private bool _disposed;

    /// <summary>Creates a control block in CLOSED for one connection.</summary>
    /// <param name="identity">The connection's 4-tuple, seen from the local end.</param>
    /// <param name="settings">Shared, immutable configuration.</param>
    /// <param name="initialSequenceNumbers">Where initial send sequence numbers come from (RFC 6528).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The identity or a setting is invalid.</exception>
    public TcpControlBlock(in TcpConnectionIdentity identity, TcpSettings settings, IInitialSequenceNumberSource initialSequenceNumbers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(initialSequenceNumbers);
        identity.Validate();
        settings.Validate();
        _identity = identity;
        _settings = settings;
        _initialSequenceNumbers = initialSequenceNumbers;
        _sendBuffer = new SendBuffer(settings.SendBufferSize);
        _receiveBuffer = new ReceiveBuffer(settings.ReceiveBufferSize);
        _rtt = new RttEstimator(settings.RtoSettings);
        _congestion = settings.CreateCongestionControl();
        _recovery = new FastRecovery(_congestion, settings.DuplicateAckThreshold);
        NoDelay = settings.NoDelay;
        KeepAlive = settings.KeepAlive;
        UserTimeout = settings.UserTimeout;
        Retries2 = settings.Retries2;
        InitializeSendParameters();
        ResetTimers();
    }

    /// <summary>The connection's 4-tuple.</summary>
    public TcpConnectionIdentity Identity => _identity;

    /// <summary>The configuration this control block was created with.</summary>
    public TcpSettings Settings => _settings;

    /// <summary>The current state.</summary>
    public TcpState State => _state;

    /// <summary>Why the connection failed, or <see cref="TcpError.None"/>. Set once.</summary>
    public TcpError Error => _error;

    /// <summary>Whether the connection came from LISTEN (a passive open).</summary>
    public bool IsPassive => _passive;

    /// <summary>What this connection counted so far (a copy).</summary>
    public TcpConnectionCounters Counters => _counters;

    /// <summary>Disables the Nagle algorithm for this connection (TCP_NODELAY, RFC 9293 MUST-17).</summary>
    public bool NoDelay { get; set; }

    /// <summary>Turns keep-alive probes on or off for this connection (RFC 9293 MUST-24).</summary>
    public bool KeepAlive { get; set; }

    /// <summary>This connection's user timeout (null: off), RFC 9293 §3.9.1.1.</summary>
    public TimeSpan? UserTimeout
    {
        get;
        set
        {
            if (value is { } timeout && timeout <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "The user timeout must be positive.");
            }

            field = value;
        }
    }

    /// <summary>This connection's R2: retransmissions of one data segment before it fails (RFC 9293 MUST-21).</summary>
    public int Retries2
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, _settings.Retries1);
            field = value;
        }
    }

    /// <summary>ISS: our initial send sequence number.</summary>
    public SequenceNumber Iss { get; private set; }

    /// <summary>IRS: the peer's initial sequence number.</summary>
    public SequenceNumber Irs { get; private set; }

    /// <summary>SND.UNA: the oldest unacknowledged sequence number.</summary>
    public SequenceNumber SndUna { get; private set; }

    /// <summary>
    /// SND.NXT: the next sequence number to send. It advances when a segment is handed out by
    /// <see cref="TryGetSegment"/>, and goes back to SND.UNA after a retransmission timeout.
    /// </summary>
    public SequenceNumber SndNxt { get; private set; }

    /// <summary>The highest sequence number sent so far plus one (BSD's snd_max); ACKs up to it are acceptable.</summary>
    public SequenceNumber SndMax { get; private set; }

    /// <summary>SND.WND: the peer's window, scaled, counted from SND.UNA.</summary>
    public uint SndWnd { get; private set; }

    /// <summary>SND.WL1: the sequence number of the segment that last updated SND.WND.</summary>
    public SequenceNumber SndWl1 { get; private set; }

    /// <summary>SND.WL2: the acknowledgment number of the segment that last updated SND.WND.</summary>
    public SequenceNumber SndWl2 { get; private set; }

    /// <summary>SND.UP: the sequence number just after our last urgent byte (meaningful while <see cref="IsSendingUrgent"/>).</summary>
    public SequenceNumber SndUp { get; private set; }

    /// <summary>MAX.SND.WND: the largest window the peer has offered (RFC 5961 §5).</summary>
    public uint MaxSndWnd { get; private set; }

    /// <summary>RCV.NXT: the next sequence number expected from the peer.</summary>
    public SequenceNumber RcvNxt { get; private set; }

    /// <summary>
    /// RCV.WND: the window segments are accepted into, counted from RCV.NXT: the window last offered
    /// (its right edge never moves left), or more where the window field cannot express the free
    /// buffer space (RFC 7323 §2.3; 65535 without window scaling).
    /// </summary>
    public uint RcvWnd => _synReceived ? (uint)Math.Max(0, ReceiveWindowEdge - RcvNxt) : 0u;

    /// <summary>RCV.UP: the peer's urgent pointer (meaningful while <see cref="IsUrgentDataPending"/>).</summary>
    public SequenceNumber RcvUp { get; private set; }

    /// <summary>The effective send MSS (RFC 9293 §3.7.1, MUST-16): the most data one segment carries.</summary>
    public int EffectiveSendMss { get; private set; }

    /// <summary>The MSS we advertise in our SYN: the MTU less the IP and TCP headers.</summary>
    public int AdvertisedMss { get; private set; }

    /// <summary>The shift applied to windows the peer sends (RFC 7323 §2), 0 without window scaling.</summary>
    public int SendWindowShift { get; private set; }

    /// <summary>The shift applied to windows we send (RFC 7323 §2), 0 without window scaling.</summary>
    public int ReceiveWindowShift { get; private set; }

    /// <summary>The earliest time <see cref="OnTimer"/> has work, or <see cref="TimeSpan.MaxValue"/> when none.</summary>
    public TimeSpan NextDeadline => Min(Min(Min(_retransmitDeadline, _delayedAckDeadline), Min(_persistDeadline, KeepAliveDeadline)), Min(Min(Min(_timeWaitDeadline, _finWait2Deadline), _connectDeadline), RecoveryDeadline));

    /// <summary>Takes the oldest event, if any. The stack drains events after every call.</summary>
    public bool TryGetEvent(out TcpEvent tcpEvent) => _events.TryDequeue(out tcpEvent);

    /// <summary>Returns pooled buffers. The control block must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _sendBuffer.Release();
        _receiveBuffer.Release();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private void Raise(TcpEventKind kind, TimeSpan now, string cause = TcpCauses.None, TcpError error = TcpError.None)
        => Enqueue(new TcpEvent(kind, now, _state, _state, cause, error));

    private void Enqueue(in TcpEvent item)
    {
        if (!_events.TryEnqueue(item))
        {
            _counters.EventsDropped++;
        }
    }

    /// <summary>Moves to <paramref name="to"/> and reports it with its cause.</summary>
    private void SetState(TcpState to, string cause, TimeSpan now)
    {
        var from = _state;
        if (from == to)
        {
            return;
        }

        _state = to;
        Enqueue(new TcpEvent(TcpEventKind.StateChanged, now, from, to, cause, TcpError.None));
        switch (to)
        {
            case TcpState.Established when !_everEstablished:
                _everEstablished = true;
                _connectDeadline = Never;
                OnEstablished(now);
                Raise(TcpEventKind.Established, now, cause);
                ProcessHeldSynText(now);
                break;
            case TcpState.TimeWait:
                // RFC 9293 §3.10.7.4 eighth step: start the time-wait timer, turn off the other timers.
                ResetTimers();
                _timeWaitDeadline = now + (2 * _settings.MaximumSegmentLifetime);
                break;
            case TcpState.Closed:
                ResetTimers();
                _ackNow = false;
                _probePending = false;
                _retransmitHeadPending = false;
                Raise(TcpEventKind.Closed, now, cause);
                break;
            default:
                break;
        }
    }

    /// <summary>Records the connection's error (once) and reports it.</summary>
    private void RecordError(TcpError error, string cause, TimeSpan now)
    {
        if (_error != TcpError.None)
        {
            return;
        }

        _error = error;
        Raise(TcpEventKind.Error, now, cause, error);
    }

    /// <summary>Fails the connection: records the error, flushes what was queued for sending, enters CLOSED.</summary>
    private void Fail(TcpError error, string cause, TimeSpan now)
    {
        RecordError(error, cause, now);
        EnterClosed(cause, now);
    }

    /// <summary>
    /// Enters CLOSED and flushes the send side. Received data stays readable (as on Linux) until
    /// the user reads it or disposes the control block.
    /// </summary>
    private void EnterClosed(string cause, TimeSpan now)
    {
        _sendBuffer.Consume(_sendBuffer.Count);
        SetState(TcpState.Closed, cause, now);
    }
}
