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
    private bool _peerOfferedTimestamps;
    private bool _peerOfferedSack;

    /// <summary>Whether SACK is in use: both SYNs carried SACK-permitted (RFC 2018 §2).</summary>
    public bool SackEnabled { get; private set; }

    /// <summary>MSS and effective send MSS before any SYN is seen (RFC 9293 §3.7.1: MTU less the IP and TCP headers, capped by TCP_MAXSEG).</summary>
    private void InitializeSendParameters()
    {
        var fromMtu = Math.Min(_settings.Mtu - _identity.IPHeaderLength - TcpHeaderLength, ushort.MaxValue);
        AdvertisedMss = Math.Min(fromMtu, _settings.MaximumSegmentSize ?? int.MaxValue);
        if (_settings.NoOptions)
        {
            // No MSS option: the peer assumes the default (RFC 9293 §3.7.1).
            AdvertisedMss = Math.Min(AdvertisedMss, DefaultSendMss);
        }
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
        var sendMss = Math.Min(peerMss ?? DefaultSendMss, _settings.MaximumSegmentSize ?? int.MaxValue);
        var maximumTransportMessage = _settings.Mtu - _identity.IPHeaderLength;
        var mss = Math.Min(sendMss + TcpHeaderLength, maximumTransportMessage) - TcpHeaderLength - PerSegmentOptionLength;
        return Math.Max(mss, MinimumSendMss);
    }

    /// <summary>The MSS assumed for a peer whose SYN carries no MSS option: 536 for IPv4, 1220 for IPv6 (RFC 9293 §3.7.1).</summary>
    private int DefaultSendMss => _identity.IsIPv6 ? 1220 : 536;

    // With NoOptions (TCP_NOOPT) no SYN option is sent, so none can be agreed.
    private bool WindowScalingAllowed => _settings.WindowScaling && !_settings.NoOptions;

    private bool TimestampsAllowed => _settings.Timestamps && !_settings.NoOptions;

    private bool SackAllowed => _settings.Sack && !_settings.NoOptions;

    /// <summary>Option bytes carried on every non-SYN segment: 12 once timestamps are agreed (RFC 7323 §3.2, nop nop TS).</summary>
    private int PerSegmentOptionLength => _timestampsOk ? TimestampOptionLength : 0;

    // A SYN+ACK (passive or simultaneous open) offers an option only when the peer's SYN did
    // (RFC 7323 §2.2, §3.2; RFC 2018 §2).
    private bool OfferWindowScale => WindowScalingAllowed && (!_synReceived || _peerOfferedWindowScale);

    private bool OfferTimestamps => TimestampsAllowed && (!_synReceived || _peerOfferedTimestamps);

    private bool OfferSack => SackAllowed && (!_synReceived || _peerOfferedSack);

    /// <summary>
    /// With <see cref="TcpSettings.RoundReceiveBufferToWholeSegments"/>: the receive buffer grows to a
    /// multiple of min(peer's MSS, ours), the segment size without per-segment options (FreeBSD's
    /// t_maxseg). An active or simultaneous open does it on the peer's SYN; a passive open once the
    /// handshake completes (a half-open connection keeps the listener's size, as FreeBSD's SYN cache).
    /// </summary>
    private void RoundReceiveBufferToWholeSegments()
    {
        if (!_settings.RoundReceiveBufferToWholeSegments)
        {
            return;
        }

        var segment = Math.Min(EffectiveSendMss + PerSegmentOptionLength, AdvertisedMss);
        var capacity = _receiveBuffer.Capacity;
        _receiveBuffer.Capacity = (int)Math.Min((capacity + (long)segment - 1) / segment * segment, 1 << 30);
    }

    /// <summary>
    /// The options of our SYN or SYN+ACK: by default MSS, SACK-permitted, timestamps and window
    /// scale, as Linux sends them. TSecr is 0 on a SYN and echoes the peer's TSval on a SYN+ACK
    /// (RFC 7323 §3.2). With <see cref="TcpSettings.NoOptions"/> there is none, not even the MSS:
    /// the MSS we receive is then the default, and RFC 9293 SHLD-5 asks for the option only when it is not.
    /// </summary>
    private TcpOptions BuildSynOptions(bool synAck, TimeSpan now) => _settings.NoOptions ? default : new()
    {
        MaximumSegmentSize = (ushort)AdvertisedMss,
        WindowScale = OfferWindowScale ? (byte)_offeredWindowShift : null,
        SackPermitted = OfferSack,
        Timestamps = OfferTimestamps ? new TcpTimestampOption(TimestampClock(now), synAck ? _tsRecent : 0) : null,
    };

    /// <summary>
    /// Takes what the peer's SYN offers: its MSS (RFC 9293 §3.7.1), window scale, timestamps and
    /// SACK-permitted. Each is used only when both SYNs carry it (RFC 7323 §2.2, §3.2; RFC 2018 §2);
    /// a shift above 14 is used as 14 (RFC 7323 §2.3). The effective send MSS leaves room for the
    /// timestamps that every later segment carries.
    /// </summary>
    private void ApplyPeerSynOptions(in TcpOptions options, TimeSpan now)
    {
        _peerOfferedWindowScale = options.WindowScale is not null;
        _peerOfferedTimestamps = options.Timestamps is not null;
        _peerOfferedSack = options.SackPermitted;
        SackEnabled = SackAllowed && options.SackPermitted;
        _timestampsOk = TimestampsAllowed && options.Timestamps is not null;
        if (_timestampsOk)
        {
            // RFC 7323 §4.3: TS.Recent starts from the SYN's TSval.
            SetTsRecent(options.Timestamps!.Value.Value, now);
        }

        EffectiveSendMss = ComputeEffectiveSendMss(options.MaximumSegmentSize);
        if (!_passive)
        {
            RoundReceiveBufferToWholeSegments();
        }

        if (WindowScalingAllowed && options.WindowScale is { } peerShift)
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
