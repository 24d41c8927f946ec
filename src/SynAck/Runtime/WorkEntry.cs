namespace SynAck.Runtime;

/// <summary>
/// One queued piece of work: a target of one of four delegate or interface kinds and its state.
/// A struct, so queues of entries cost no allocation per post.
/// </summary>
internal readonly struct WorkEntry
{
    private readonly object _target;
    private readonly object? _state;

    private WorkEntry(object target, object? state)
    {
        _target = target;
        _state = state;
    }

    public static WorkEntry From(IWorkItem item) => new(item, null);

    public static WorkEntry From(Action<object?> callback, object? state) => new(callback, state);

    public static WorkEntry From(Action action) => new(action, null);

    public static WorkEntry From(SendOrPostCallback callback, object? state) => new(callback, state);

    public void Invoke()
    {
        switch (_target)
        {
            case IWorkItem item:
                item.Execute();
                break;
            case Action<object?> callback:
                callback(_state);
                break;
            case Action action:
                action();
                break;
            default:
                ((SendOrPostCallback)_target)(_state);
                break;
        }
    }
}
