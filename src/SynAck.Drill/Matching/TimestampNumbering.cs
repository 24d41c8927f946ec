namespace SynAck.Drill.Matching;

/// <summary>
/// Maps TCP timestamp values between script space and the wire, as packetdrill does. Each
/// outbound packet whose line has a <c>TS val V</c> records "script V = live value"; an inbound
/// <c>ecr V</c> is then replaced by the live value recorded for V (unless written <c>ecr V!</c>).
/// Outbound values are shown in script space relative to the first one seen: first script value
/// plus the live distance from the first live value.
/// </summary>
public sealed class TimestampNumbering
{
    private readonly Dictionary<uint, uint> _scriptToLive = [];
    private bool _hasBaseline;
    private uint _firstScript;
    private uint _firstLive;

    /// <summary>Records an outbound packet's timestamp value against the value its line expected.</summary>
    /// <param name="scriptValue">The line's <c>TS val</c>.</param>
    /// <param name="valueIgnored">True when the line wrote <c>val ...</c>: no mapping is recorded.</param>
    /// <param name="liveValue">The TSval the stack sent.</param>
    public void RecordOutbound(uint scriptValue, bool valueIgnored, uint liveValue)
    {
        if (!valueIgnored)
        {
            _scriptToLive[scriptValue] = liveValue;
        }

        if (!_hasBaseline)
        {
            _hasBaseline = true;
            _firstScript = scriptValue;
            _firstLive = liveValue;
        }
    }

    /// <summary>An outbound TSval in script space (unchanged before the first recorded value).</summary>
    /// <param name="liveValue">The TSval the stack sent.</param>
    public uint OutboundValue(uint liveValue) => _hasBaseline ? unchecked(_firstScript + (liveValue - _firstLive)) : liveValue;

    /// <summary>The live TSecr for an inbound <c>ecr</c> value: the stack's TSval recorded for that script value.</summary>
    /// <param name="scriptEchoReply">The line's <c>ecr</c> value.</param>
    /// <param name="liveEchoReply">The value to put on the wire.</param>
    /// <returns>False when no outbound packet recorded that script value.</returns>
    public bool TryInboundEchoReply(uint scriptEchoReply, out uint liveEchoReply) =>
        _scriptToLive.TryGetValue(scriptEchoReply, out liveEchoReply);
}
