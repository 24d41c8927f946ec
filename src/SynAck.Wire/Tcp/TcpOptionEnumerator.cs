namespace SynAck.Wire.Tcp;

/// <summary>
/// Walks a checked options area in wire order (see <see cref="TcpSegmentView.Options"/>). It is its
/// own enumerable so that <c>foreach</c> works without allocating.
/// </summary>
public ref struct TcpOptionEnumerator
{
    private readonly ReadOnlySpan<byte> _area;
    private int _offset;
    private bool _done;

    internal TcpOptionEnumerator(ReadOnlySpan<byte> area)
    {
        _area = area;
        _offset = 0;
        _done = false;
        Current = default;
    }

    /// <summary>The option the enumerator is on.</summary>
    public TcpOption Current { readonly get; private set; }

    /// <summary>Returns this enumerator, so that <c>foreach</c> can use it.</summary>
    public readonly TcpOptionEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next option; false at the end of the area or after an EOL.</summary>
    public bool MoveNext()
    {
        if (_done || _offset >= _area.Length || !TcpOptionReader.TryRead(_area, _offset, out var option, out _offset, out _))
        {
            _done = true;
            return false;
        }

        Current = option;
        // RFC 9293 §3.1: after End of Option List the rest of the area is padding, not options.
        _done = option.Kind == TcpOptionKind.EndOfOptionList;
        return true;
    }
}
