using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Tests.Options;

/// <summary>
/// <see cref="TcpSettings.NoOptions"/> (TCP_NOOPT): a SYN and SYN+ACK without any option, so that
/// nothing is negotiated and the peer sends at most the default MSS (RFC 9293 §3.7.1).
/// </summary>
public class NoOptionsTests
{
    private static readonly TcpSettings NoOptions = new() { NoOptions = true };

    /// <summary>What a Linux SYN offers: MSS, SACK-permitted, timestamps and window scale.</summary>
    private static readonly TcpOptions EveryOption = new()
    {
        MaximumSegmentSize = 1460,
        SackPermitted = true,
        Timestamps = new TcpTimestampOption(100, 0),
        WindowScale = 7,
    };

    [Fact]
    public void Syn_carries_no_option_at_all_not_even_the_mss()
    {
        using var endpoint = new Endpoint(NoOptions);
        endpoint.Tcb.OpenActive(endpoint.Now);
        var syn = endpoint.Single().Header;

        Assert.True(syn.Options.IsEmpty);
        Assert.Equal(TcpHeader.MinimumLength, syn.GetEncodedLength());

        // Without an MSS option the peer assumes 536 (RFC 9293 §3.7.1), so that is what we receive.
        Assert.Equal(536, endpoint.Tcb.AdvertisedMss);
    }

    [Fact]
    public void Syn_ack_to_a_syn_with_every_option_carries_none_and_nothing_is_negotiated()
    {
        using var endpoint = new Endpoint(NoOptions);
        endpoint.Tcb.OpenPassive(endpoint.Now);
        endpoint.FromPeer(TcpFlags.Syn, options: EveryOption);
        var synAck = endpoint.Single().Header;
        endpoint.FromPeer(TcpFlags.Ack, window: 1000);

        Assert.True(synAck.Options.IsEmpty);
        Assert.Equal(TcpState.Established, endpoint.Tcb.State);
        Assert.False(endpoint.Tcb.SackEnabled);
        Assert.Equal((0, 0), (endpoint.Tcb.SendWindowShift, endpoint.Tcb.ReceiveWindowShift));
        Assert.Equal(1000u, endpoint.Tcb.SndWnd);

        // The peer's MSS still bounds our segments, and no timestamps ride on them.
        Assert.Equal(1460, endpoint.Tcb.EffectiveSendMss);
        endpoint.Tcb.Send(new byte[100]);
        var data = endpoint.Single().Header;
        Assert.True(data.Options.IsEmpty);
    }
}
