namespace SynAck.Runtime;

/// <summary>
/// The synchronisation context installed while an <see cref="EventLoop"/> runs work, so that
/// <c>await</c> continuations come back to the same loop.
/// </summary>
internal sealed class EventLoopSynchronizationContext(EventLoop loop) : SynchronizationContext
{
    public EventLoop Loop { get; } = loop;

    // A continuation for a loop that is gone is dropped: throwing here would throw from whatever
    // code completed the awaited task, far from the cause.
    public override void Post(SendOrPostCallback d, object? state) => Loop.TryPostContinuation(d, state);

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (Loop.IsCurrentThread)
        {
            d(state);
            return;
        }

        if (Loop is SimulatedEventLoop)
        {
            throw new InvalidOperationException("A simulated event loop cannot be waited on synchronously; post to it instead.");
        }

        using var done = new ManualResetEventSlim();
        Exception? failure = null;
        Loop.Post(() =>
        {
            try
            {
                d(state);
            }
            catch (Exception exception)
            {
                failure = exception;
            }
            finally
            {
                done.Set();
            }
        });
        done.Wait();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    public override SynchronizationContext CreateCopy() => this;
}
