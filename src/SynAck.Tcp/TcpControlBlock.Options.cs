using SynAck.Wire.Tcp;

namespace SynAck.Tcp;

// Option negotiation lives here, in one place, so SACK-permitted, timestamps and ECN (issue 6)
// join the SYN and the per-segment option length without touching the state machine.
public sealed partial class TcpControlBlock
{
    /// <summary>Linux's floor for the effective send MSS (tcp_min_snd_mss): a peer cannot make us send tiny segments.</summary>
    private const int MinimumSendMss = 48;

    /// <summary>The largest shift count (RFC 7323 §2.3).</summary>
    private const int MaximumWindowShift = 14;

    private const int TcpHeaderLength = 20;

    private int _offeredWindowShift;
    private bool _peerOfferedWindowScale;

    /// <summary>MSS and effective send MSS before any SYN is seen (RFC 9293 §3.7.1: MTU less the IP and TCP headers, capped by TCP_MAXSEG).</summary>
    private void InitializeSendParameters()
    {
        var fromMtu = Math.Min(_settings.Mtu - _identity.IPHeaderLength - TcpHeaderLength, ushort.MaxValue);
        AdvertisedMss = Math.Min(fromMtu, _settings.MaximumSegmentSize ?? int.MaxValue);
        EffectiveSendMss = ComputeEffectiveSendMss(peerMss: null);
    }

    /// <summary>At open: the smallest shift that lets the window field cover the whole receive buffer (RFC 7323 §2.3).</summary>
    private void ChooseWindowShift()
    {
        _offeredWindowShift = 0;
        var size = Math.Max(_receiveBuffer.Capacity, _settings.MaximumReceiveBufferSize ?? 0);
        while (_offeredWindowShift < MaximumWindowShift && (size >> _offeredWindowShift) > ushort.MaxValue)
        {
            _offeredWindowShift++;
        }
    }

    /// <summary>
    /// RFC 9293 §3.7.1 (MUST-15, MUST-16): Eff.snd.MSS = min(SendMSS + 20, MMS_S) - TCPhdrsize - IPoptionsize,
    /// where SendMSS is the peer's MSS option or 536 (IPv4) / 1220 (IPv6) without one.
    /// </summary>
    private int ComputeEffectiveSendMss(int? peerMss)
    {
        var sendMss = Math.Min(peerMss ?? (_identity.IsIPv6 ? 1220 : 536), _settings.MaximumSegmentSize ?? int.MaxValue);
        var maximumTransportMessage = _settings.Mtu - _identity.IPHeaderLength;
        var mss = Math.Min(sendMss + TcpHeaderLength, maximumTransportMessage) - TcpHeaderLength - PerSegmentOptionLength;
        return Math.Max(mss, MinimumSendMss);
    }

    /// <summary>Option bytes carried on every non-SYN segment (timestamps will add 12 here).</summary>
    private static int PerSegmentOptionLength => 0;

    /// <summary>Whether our SYN (or SYN+ACK) carries the window scale option.</summary>
    // RFC 7323 §2.2: a SYN-ACK (passive or simultaneous open) carries window scale only if the peer's SYN did.
    private bool OfferWindowScale => _settings.WindowScaling && (!_synReceived || _peerOfferedWindowScale);

    /// <summary>The options of our SYN or SYN+ACK (RFC 9293 MUST-14: always an MSS option).</summary>
    private TcpOptions BuildSynOptions() => new()
    {
        MaximumSegmentSize = (ushort)AdvertisedMss,
        WindowScale = OfferWindowScale ? (byte)_offeredWindowShift : null,
    };

    /// <summary>
    /// Takes what the peer's SYN offers: its MSS (RFC 9293 §3.7.1) and window scale. Scaling is
    /// used only when both SYNs carry the option (RFC 7323 §2.2); a shift above 14 is used as 14 (§2.3).
    /// </summary>
    private void ApplyPeerSynOptions(in TcpOptions options)
    {
        EffectiveSendMss = ComputeEffectiveSendMss(options.MaximumSegmentSize);
        _peerOfferedWindowScale = options.WindowScale is not null;
        if (_settings.WindowScaling && options.WindowScale is { } peerShift)
        {
            SendWindowShift = Math.Min((int)peerShift, MaximumWindowShift);
            ReceiveWindowShift = _offeredWindowShift;
        }
        else
        {
            SendWindowShift = 0;
            ReceiveWindowShift = 0;
        }
    }
}
