namespace SynAck.Tcp;

/// <summary>
/// A fixed ring of events inside a control block: allocated once, so raising an event allocates
/// nothing. When the stack does not drain it and it fills, new events are dropped and counted.
/// </summary>
internal sealed class TcpEventQueue
{
    /// <summary>Events one control block holds before the stack drains them.</summary>
    public const int Capacity = 64;

    private readonly TcpEvent[] _ring = new TcpEvent[Capacity];
    private int _head;

    /// <summary>The number of events waiting.</summary>
    public int Count { get; private set; }

    /// <summary>Appends <paramref name="item"/>; returns false (and keeps the queue) when it is full.</summary>
    public bool TryEnqueue(in TcpEvent item)
    {
        if (Count == Capacity)
        {
            return false;
        }

        _ring[(_head + Count) % Capacity] = item;
        Count++;
        return true;
    }

    /// <summary>Takes the oldest event.</summary>
    public bool TryDequeue(out TcpEvent item)
    {
        if (Count == 0)
        {
            item = default;
            return false;
        }

        item = _ring[_head];
        _ring[_head] = default;
        _head = (_head + 1) % Capacity;
        Count--;
        return true;
    }
}
