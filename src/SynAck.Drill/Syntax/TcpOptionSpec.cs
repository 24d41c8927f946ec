using System.Globalization;
using SynAck.Wire.Tcp;

namespace SynAck.Drill.Syntax;

/// <summary>One TCP option of a packet line, in the order the line gives it.</summary>
public abstract record TcpOptionSpec
{
    /// <summary>The option kind on the wire.</summary>
    public abstract TcpOptionKind Kind { get; }

    /// <summary>How many bytes the option takes on the wire (kind and length bytes included).</summary>
    public abstract int EncodedLength { get; }
}

/// <summary><c>eol</c>: End of Option List, one byte.</summary>
public sealed record EolOptionSpec : TcpOptionSpec
{
    /// <inheritdoc/>
    public override TcpOptionKind Kind => TcpOptionKind.EndOfOptionList;

    /// <inheritdoc/>
    public override int EncodedLength => 1;

    /// <summary><c>eol</c>.</summary>
    public override string ToString() => "eol";
}

/// <summary><c>nop</c>: No-Operation, one byte.</summary>
public sealed record NopOptionSpec : TcpOptionSpec
{
    /// <inheritdoc/>
    public override TcpOptionKind Kind => TcpOptionKind.NoOperation;

    /// <inheritdoc/>
    public override int EncodedLength => 1;

    /// <summary><c>nop</c>.</summary>
    public override string ToString() => "nop";
}

/// <summary><c>mss N</c>: Maximum Segment Size.</summary>
/// <param name="Value">The MSS in bytes.</param>
public sealed record MssOptionSpec(ushort Value) : TcpOptionSpec
{
    /// <inheritdoc/>
    public override TcpOptionKind Kind => TcpOptionKind.MaximumSegmentSize;

    /// <inheritdoc/>
    public override int EncodedLength => 4;

    /// <summary><c>mss N</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"mss {Value}");
}

/// <summary><c>wscale N</c>: Window Scale.</summary>
/// <param name="ShiftCount">The shift count.</param>
public sealed record WindowScaleOptionSpec(byte ShiftCount) : TcpOptionSpec
{
    /// <inheritdoc/>
    public override TcpOptionKind Kind => TcpOptionKind.WindowScale;

    /// <inheritdoc/>
    public override int EncodedLength => 3;

    /// <summary><c>wscale N</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"wscale {ShiftCount}");
}

/// <summary><c>sackOK</c>: SACK-Permitted.</summary>
public sealed record SackPermittedOptionSpec : TcpOptionSpec
{
    /// <inheritdoc/>
    public override TcpOptionKind Kind => TcpOptionKind.SackPermitted;

    /// <inheritdoc/>
    public override int EncodedLength => 2;

    /// <summary><c>sackOK</c>.</summary>
    public override string ToString() => "sackOK";
}

/// <summary>One <c>left:right</c> block of a SACK option, in script space (mapped like ack numbers).</summary>
/// <param name="Left">The first sequence number of the block.</param>
/// <param name="Right">The sequence number after the block.</param>
public readonly record struct SackBlockSpec(uint Left, uint Right)
{
    /// <summary><c>left:right</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Left}:{Right}");
}

/// <summary><c>sack 1:2 3:4</c>: SACK blocks.</summary>
/// <param name="Blocks">The blocks, at least one.</param>
public sealed record SackOptionSpec(IReadOnlyList<SackBlockSpec> Blocks) : TcpOptionSpec
{
    /// <inheritdoc/>
    public override TcpOptionKind Kind => TcpOptionKind.Sack;

    /// <inheritdoc/>
    public override int EncodedLength => 2 + (8 * Blocks.Count);

    /// <summary><c>sack 1:2 3:4</c>.</summary>
    public override string ToString() => "sack " + string.Join(' ', Blocks);
}

/// <summary>
/// <c>TS val N ecr M</c>: Timestamps. <c>val ...</c> leaves the value unchecked and unrecorded;
/// <c>ecr M!</c> makes an inbound echo reply absolute instead of mapped from the stack's values.
/// </summary>
/// <param name="Value">TSval in script space.</param>
/// <param name="EchoReply">TSecr in script space (or absolute with <paramref name="EchoReplyIsAbsolute"/>).</param>
/// <param name="ValueIgnored">True for <c>val ...</c>.</param>
/// <param name="EchoReplyIsAbsolute">True for <c>ecr M!</c>.</param>
public sealed record TimestampOptionSpec(uint Value, uint EchoReply, bool ValueIgnored = false, bool EchoReplyIsAbsolute = false) : TcpOptionSpec
{
    /// <inheritdoc/>
    public override TcpOptionKind Kind => TcpOptionKind.Timestamps;

    /// <inheritdoc/>
    public override int EncodedLength => 10;

    /// <summary><c>TS val N ecr M</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"TS val {(ValueIgnored ? "..." : Value.ToString(CultureInfo.InvariantCulture))} ecr {EchoReply}{(EchoReplyIsAbsolute ? "!" : string.Empty)}");
}

/// <summary><c>FO cookie</c>: TCP Fast Open (RFC 7413) with a cookie of hex digits, possibly empty.</summary>
/// <param name="Cookie">The cookie bytes.</param>
public sealed record FastOpenOptionSpec(IReadOnlyList<byte> Cookie) : TcpOptionSpec
{
    /// <inheritdoc/>
    public override TcpOptionKind Kind => TcpOptionKind.FastOpen;

    /// <inheritdoc/>
    public override int EncodedLength => 2 + Cookie.Count;

    /// <summary><c>FO cookie</c> (the cookie in hex).</summary>
    public override string ToString() => Cookie.Count == 0 ? "FO" : "FO " + Convert.ToHexStringLower([.. Cookie]);
}
