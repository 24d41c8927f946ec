using Microsoft.Extensions.Logging;
using SynAck.Diagnostics;
using SynAck.Runtime;
using SynAck.Tcp;

namespace SynAck.Stack;

// Driving the control blocks: after every call into one, its events are handled and its segments
// sent (the sans-IO contract of TcpControlBlock), its next deadline goes into the timing wheel,
// and a connection that has ended leaves the tables.
public sealed partial class NetworkStack
{
    /// <summary>Creates a connection and enters it in the demultiplexing table and the timing wheel.</summary>
    private TcpConnection CreateConnection(NetworkInterface networkInterface, in ConnectionKey key, TcpSettings settings)
    {
        var identity = new TcpConnectionIdentity(key.LocalAddress.ToIPAddress(), key.LocalPort, key.RemoteAddress.ToIPAddress(), key.RemotePort);
        var tcb = new TcpControlBlock(identity, settings, _initialSequenceNumbers);
        var connection = new TcpConnection(this, networkInterface, key, tcb);
        _connections.Add(key, connection);
        connection.TimerHandle = _timers.Add(connection);
        return connection;
    }

    /// <summary>
    /// Runs after every call into a connection's control block: handles its events, sends its
    /// segments, then retires it if it ended or reschedules its deadline.
    /// </summary>
    internal void Pump(TcpConnection connection)
    {
        if (connection.IsReleased || _disposedOnLoop)
        {
            return;
        }

        var tcb = connection.Tcb;
        DrainEvents(connection);
        if (connection.IsReleased)
        {
            return;
        }

        DrainSegments(connection);
        DrainEvents(connection);
        var retransmitted = tcb.Counters.SegmentsRetransmitted;
        if (retransmitted != connection.RetransmissionsCounted)
        {
            _counters.TcpRetransSegs += retransmitted - connection.RetransmissionsCounted;
            connection.RetransmissionsCounted = retransmitted;
        }

        if (tcb.State == TcpState.Closed || connection.ReturnedToListen)
        {
            Retire(connection);
        }
        else if (!connection.Retired)
        {
            Reschedule(connection);
        }
    }

    private void DrainEvents(TcpConnection connection)
    {
        while (!connection.IsReleased && connection.Tcb.TryGetEvent(out var tcpEvent))
        {
            OnTcpEvent(connection, tcpEvent);
        }
    }

    private void OnTcpEvent(TcpConnection connection, in TcpEvent tcpEvent)
    {
        switch (tcpEvent.Kind)
        {
            case TcpEventKind.StateChanged:
                OnStateChanged(connection, tcpEvent);
                break;
            case TcpEventKind.Established:
                if (connection.Listener is { } listener)
                {
                    LeaveSynQueue(connection);
                    if (!listener.IsClosed)
                    {
                        listener.OnEstablished(connection);
                    }
                }
                else
                {
                    connection.OnEstablished();
                }

                break;
            case TcpEventKind.Error:
                connection.OnError(tcpEvent.Error);
                StackLog.ConnectionFailed(_logger, Name, connection.Key.Local, connection.Key.Remote, tcpEvent.Error, tcpEvent.Cause);
                connection.WakeOperations();
                break;
            case TcpEventKind.ReturnedToListen:
                connection.ReturnedToListen = true;
                break;
            case TcpEventKind.RetransmissionThreshold:
                StackLog.RetransmissionThreshold(_logger, Name, connection.Key.Local, connection.Key.Remote);
                break;
            case TcpEventKind.DataReadable or TcpEventKind.PeerClosed:
                connection.WakeReader();
                break;
            case TcpEventKind.SendSpaceAvailable:
                connection.WakeWriter();
                break;
            case TcpEventKind.Closed:
                connection.WakeOperations();
                break;
            default:
                break;
        }
    }

    private void OnStateChanged(TcpConnection connection, in TcpEvent change)
    {
        var (from, to) = (change.From, change.To);
        connection.OnStateChanged(to);
        CountTransition(from, to);
        if (connection.InSynQueue && from == TcpState.SynReceived && to is TcpState.Closed or TcpState.Listen)
        {
            LeaveSynQueue(connection);
        }

        // A connection a listener spawns opens passively when its SYN arrives; the trace showed
        // LISTEN when the listener opened, so it does not repeat it.
        if (_trace is not null && !(from == TcpState.Closed && to == TcpState.Listen && connection.Listener is not null))
        {
            _trace.OnState(new StateTrace(Loop.Time.GetUtcNow(), Name, from, to, change.Cause));
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            StackLog.StateChanged(_logger, Name, connection.Key.Local, connection.Key.Remote, from, to, change.Cause);
        }

        // A lingering close waits for FIN-WAIT-2 or TIME-WAIT.
        if (to is TcpState.FinWait2 or TcpState.TimeWait)
        {
            connection.WakeOperations();
        }
    }

    /// <summary>The TCP MIB counters of RFC 4022 that count transitions.</summary>
    private void CountTransition(TcpState from, TcpState to)
    {
        switch (from, to)
        {
            case (TcpState.Closed, TcpState.SynSent):
                _counters.TcpActiveOpens++;
                break;
            case (TcpState.Listen, TcpState.SynReceived):
                _counters.TcpPassiveOpens++;
                break;
            case (TcpState.SynSent or TcpState.SynReceived, TcpState.Closed) or (TcpState.SynReceived, TcpState.Listen):
                _counters.TcpAttemptFails++;
                break;
            case (TcpState.Established or TcpState.CloseWait, TcpState.Closed):
                _counters.TcpEstabResets++;
                break;
            default:
                break;
        }

        var wasEstablished = from is TcpState.Established or TcpState.CloseWait;
        var isEstablished = to is TcpState.Established or TcpState.CloseWait;
        if (wasEstablished != isEstablished)
        {
            Interlocked.Add(ref _counters.TcpCurrEstab, isEstablished ? 1 : -1);
        }
    }

    private static void LeaveSynQueue(TcpConnection connection)
    {
        if (connection.InSynQueue && connection.Listener is { } listener)
        {
            connection.InSynQueue = false;
            listener.SynQueueCount--;
        }
    }

    /// <summary>Puts the connection's next deadline in the timing wheel (O(1)).</summary>
    private void Reschedule(TcpConnection connection)
    {
        var deadline = connection.Tcb.NextDeadline;
        if (deadline == connection.ScheduledDeadline)
        {
            return;
        }

        connection.ScheduledDeadline = deadline;
        if (deadline == TimeSpan.MaxValue)
        {
            _timers.Cancel(connection.TimerHandle);
            return;
        }

        var time = Loop.Time;
        _timers.ScheduleAt(connection.TimerHandle, TimestampMath.SaturatingAdd(_epoch, TimestampMath.ToTimestampDelta(deadline, time.TimestampFrequency)));
    }

    private void OnConnectionTimer(int handle, TcpConnection connection)
    {
        connection.ScheduledDeadline = TimeSpan.MaxValue;
        if (connection.Retired || connection.IsReleased || _disposedOnLoop)
        {
            return;
        }

        connection.Tcb.OnTimer(Now);
        Pump(connection);
    }

    /// <summary>
    /// The connection has ended (CLOSED, back to LISTEN, or replaced from TIME-WAIT): it leaves the
    /// tables, whatever waits on it is settled, and its buffers go back to the pool once nobody
    /// can read them any more.
    /// </summary>
    private void Retire(TcpConnection connection)
    {
        if (connection.Retired)
        {
            return;
        }

        connection.Retired = true;
        RemoveFromTables(connection);
        var wasHalfOpen = connection.InSynQueue;
        LeaveSynQueue(connection);

        // Nobody will read it: the user disposed it, or never got it (a failed connect, a
        // half-open passive connection, one whose listener is gone).
        var abandoned = connection.IsUserDisposed
            || (!connection.IsOwnedByUser && (wasHalfOpen || connection.ReturnedToListen || connection.Listener is null or { IsClosed: true }));
        connection.OnRetired();
        if (abandoned)
        {
            connection.Release();
        }
    }

    private void RemoveFromTables(TcpConnection connection)
    {
        if (_connections.TryGetValue(connection.Key, out var current) && ReferenceEquals(current, connection))
        {
            _connections.Remove(connection.Key);
        }

        if (connection.TimerHandle >= 0)
        {
            _timers.Remove(connection.TimerHandle);
            connection.TimerHandle = -1;
        }
    }
}
