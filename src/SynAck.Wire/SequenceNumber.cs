using System.Globalization;

namespace SynAck.Wire;

/// <summary>
/// A TCP sequence number: a 32-bit value compared and added modulo 2^32 (RFC 9293 §3.4).
/// </summary>
/// <remarks>
/// Comparisons follow RFC 1982 serial-number arithmetic: <c>a &lt; b</c> when the signed 32-bit
/// difference <c>b - a</c> is positive, so they stay right across wrap-around as long as the two
/// numbers are less than 2^31 apart. Because such an order is not transitive over the whole ring,
/// the type deliberately does not implement <see cref="IComparable{T}"/>.
/// </remarks>
/// <param name="Value">The 32-bit value as carried on the wire.</param>
public readonly record struct SequenceNumber(uint Value) : ISpanFormattable
{
    /// <summary>Adds a byte count, wrapping modulo 2^32.</summary>
    public static SequenceNumber operator +(SequenceNumber sequence, int count) => new(unchecked(sequence.Value + (uint)count));

    /// <summary>Adds a byte count, wrapping modulo 2^32.</summary>
    public static SequenceNumber operator +(SequenceNumber sequence, uint count) => new(unchecked(sequence.Value + count));

    /// <summary>Subtracts a byte count, wrapping modulo 2^32.</summary>
    public static SequenceNumber operator -(SequenceNumber sequence, int count) => new(unchecked(sequence.Value - (uint)count));

    /// <summary>The signed distance from <paramref name="right"/> to <paramref name="left"/> (<c>left - right</c>).</summary>
    public static int operator -(SequenceNumber left, SequenceNumber right) => unchecked((int)(left.Value - right.Value));

    /// <summary>Whether <paramref name="left"/> comes before <paramref name="right"/> in sequence space.</summary>
    public static bool operator <(SequenceNumber left, SequenceNumber right) => (left - right) < 0;

    /// <summary>Whether <paramref name="left"/> comes after <paramref name="right"/> in sequence space.</summary>
    public static bool operator >(SequenceNumber left, SequenceNumber right) => (left - right) > 0;

    /// <summary>Whether <paramref name="left"/> comes before or equals <paramref name="right"/>.</summary>
    public static bool operator <=(SequenceNumber left, SequenceNumber right) => (left - right) <= 0;

    /// <summary>Whether <paramref name="left"/> comes after or equals <paramref name="right"/>.</summary>
    public static bool operator >=(SequenceNumber left, SequenceNumber right) => (left - right) >= 0;

    /// <summary>Wraps a raw 32-bit value.</summary>
    public static implicit operator SequenceNumber(uint value) => new(value);

    /// <summary>Wraps a raw 32-bit value.</summary>
    public static SequenceNumber FromUInt32(uint value) => new(value);

    /// <summary>The later of two sequence numbers.</summary>
    public static SequenceNumber Max(SequenceNumber a, SequenceNumber b) => a > b ? a : b;

    /// <summary>The earlier of two sequence numbers.</summary>
    public static SequenceNumber Min(SequenceNumber a, SequenceNumber b) => a < b ? a : b;

    /// <summary>
    /// Whether this number lies in the window <c>[start, start + size)</c>. A window of size zero
    /// contains nothing.
    /// </summary>
    public bool IsInWindow(SequenceNumber start, uint size) => unchecked(Value - start.Value) < size;

    /// <summary>Whether <c>low &lt;= this &lt;= high</c> in sequence space (both ends inclusive).</summary>
    public bool IsBetweenInclusive(SequenceNumber low, SequenceNumber high) => unchecked(Value - low.Value) <= unchecked(high.Value - low.Value);

    /// <summary>Whether <c>low &lt; this &lt;= high</c> in sequence space, as RFC 9293 writes acceptable ACKs.</summary>
    public bool IsAfterAndAtMost(SequenceNumber low, SequenceNumber high) => this > low && this <= high;

    /// <inheritdoc/>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => Value.ToString(format, formatProvider);

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => Value.TryFormat(destination, out charsWritten, format, provider);
}
