using System.Globalization;
using SynAck.Drill.Matching;
using SynAck.Drill.Syntax;

namespace SynAck.Drill.Runner;

// Running a system call line: start it on the script's loop, let the stack work at this instant,
// then compare what it returned (or, for a '...' call, let later events run until it returns).
internal sealed partial class ScriptSession
{
    private void Call(SyscallEvent call)
    {
        if (_pending is not null)
        {
            throw new DrillFailure(call.Location, $"the blocking call on line {_pending.Call.Location.Line} has not returned yet; one blocking call at a time is supported");
        }

        var progress = Start(call);
        if (call.IsBlocking)
        {
            var window = EventTiming.BlockingReturn(call, _previous - (call.Time.IsRelative ? call.Time.Start : TimeSpan.Zero), Tolerance(_previous));
            var pending = new PendingCall(call, progress.Task, window);
            _pending = pending;
            if (progress.Task.IsCompleted)
            {
                pending.ReturnedAt = Now;
                FinishPendingCall(Now);
            }
            else
            {
                // Noted the moment the call returns, inside the simulation, whatever the runner is doing then.
                _ = progress.Task.ContinueWith(_ => pending.ReturnedAt = Now, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            return;
        }

        if (!progress.Task.IsCompleted)
        {
            if (progress.WouldBlock is { } wouldBlock)
            {
                Check(call, wouldBlock());
                Settle();
                return;
            }

            // A blocking socket, and the line is not written as blocking: it must return at once.
            _simulation.RunUntil(() => progress.Task.IsCompleted, Tolerance(Now));
            if (!progress.Task.IsCompleted)
            {
                throw new DrillFailure(call.Location, "the call blocked; write it as '+t...t2 " + call.Name + "(...)' if it should", expected: call.ToString(), actual: "(still blocked)");
            }
        }

        Check(call, Outcome(call, progress.Task));
    }

    private CallInProgress Start(SyscallEvent call)
    {
        CallInProgress? progress = null;
        DrillFailure? failure = null;
        _calls.Post(() =>
        {
            try
            {
                progress = Dispatch(call);
            }
            catch (DrillFailure e)
            {
                failure = e;
            }
        });
        Settle();
        if (failure is not null)
        {
            throw failure;
        }

        return progress ?? throw new DrillFailure(call.Location, "the call did not start");
    }

    private void FinishPendingCall(TimeSpan at)
    {
        if (_pending is not { } pending)
        {
            return;
        }

        if (!pending.Task.IsCompleted)
        {
            if (at != TimeSpan.MaxValue)
            {
                return;
            }

            // The script ended; the call has until its window closes to return.
            _simulation.RunUntil(() => pending.Task.IsCompleted, pending.Window.Latest > Now ? pending.Window.Latest - Now : TimeSpan.Zero);
            if (!pending.Task.IsCompleted)
            {
                _pending = null;
                throw new DrillFailure(pending.Call.Location, string.Create(CultureInfo.InvariantCulture, $"timing error: expected the call to return in {pending.Window}, it was still blocked"), expected: pending.Call.ToString(), actual: "(still blocked)");
            }

        }

        at = pending.ReturnedAt ?? Now;
        _pending = null;
        Check(pending.Call, Outcome(pending.Call, pending.Task));
        if (!pending.Window.Contains(at))
        {
            throw new DrillFailure(pending.Call.Location, string.Create(CultureInfo.InvariantCulture, $"timing error: expected the call to return in {pending.Window}, it returned at {EventTime.Seconds(at)}"), expected: pending.Call.ToString(), actual: "returned at " + EventTime.Seconds(at));
        }
    }

    private static SyscallReturn Outcome(SyscallEvent call, Task<SyscallReturn> task)
    {
        if (task.IsCompletedSuccessfully)
        {
            return task.Result;
        }

        var reason = task.Exception?.InnerException;
        if (reason is DrillFailure failure)
        {
            throw failure;
        }

        throw new DrillFailure(call.Location, $"{call.Name} failed inside the runner: {reason?.GetType().Name}: {reason?.Message}");
    }

    private static void Check(SyscallEvent call, SyscallReturn actual)
    {
        var shown = Show(actual);
        if (actual.OutputMismatch is { } mismatch)
        {
            throw new DrillFailure(call.Location, mismatch, expected: call.ToString(), actual: shown);
        }

        if (!ScriptValues.IsWildcard(call.Result))
        {
            if (!ScriptValues.TryEvaluate(call.Result, out var expected))
            {
                throw new DrillFailure(call.Location, $"cannot evaluate the expected result '{call.Result}'", expected: call.ToString());
            }

            if (expected != actual.Result)
            {
                throw new DrillFailure(call.Location, string.Create(CultureInfo.InvariantCulture, $"{call.Name} returned {actual.Result}, expected {expected}"), expected: call.ToString(), actual: shown);
            }
        }

        var expectedErrno = call.Errno?.Name;
        if (expectedErrno is not null && (actual.Errno is null || !Errno.SameError(expectedErrno, actual.Errno)))
        {
            throw new DrillFailure(call.Location, $"{call.Name} set errno {actual.Errno ?? "(none)"}, expected {expectedErrno}", expected: call.ToString(), actual: shown);
        }
    }

    private static string Show(SyscallReturn value) =>
        value.Errno is null
            ? "= " + value.Result.ToString(CultureInfo.InvariantCulture)
            : "= " + value.Result.ToString(CultureInfo.InvariantCulture) + " " + value.Errno;
}
