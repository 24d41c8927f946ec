using System.Net;
using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Tests.ControlBlock.Open;

/// <summary>The SYN's options: MSS from the MTU (RFC 9293 §3.7.1, MUST-14..16) and window scaling (RFC 7323 §2).</summary>
public class OptionNegotiationTests
{
    private static TcpHeader FirstSyn(TcpSettings settings, TcpConnectionIdentity? identity = null)
    {
        using var tcb = new TcpControlBlock(identity ?? Endpoint.Identity, settings, new FixedSequenceNumbers(1));
        tcb.OpenActive(TimeSpan.Zero);
        Assert.True(tcb.TryGetSegment(TimeSpan.Zero, new byte[100], out var syn, out _));
        return syn;
    }

    [Theory]
    [InlineData(1500, 1460)]
    [InlineData(9000, 8960)]
    [InlineData(576, 536)]
    public void Mss_option_is_the_mtu_less_the_ip_and_tcp_headers(int mtu, int mss)
        => Assert.Equal((ushort)mss, FirstSyn(new TcpSettings { Mtu = mtu }).Options.MaximumSegmentSize);

    [Fact]
    public void Ipv6_send_mss_defaults_to_1220_without_an_option()
    {
        // MUST-15: 1220 (1280 - 60) for IPv6.
        var identity = new TcpConnectionIdentity(IPAddress.Parse("2001:db8::1"), 40000, IPAddress.Parse("2001:db8::2"), 80);
        using var tcb = new TcpControlBlock(identity, TcpSettings.Default, new FixedSequenceNumbers(1));
        tcb.OpenActive(TimeSpan.Zero);
        tcb.TryGetSegment(TimeSpan.Zero, new byte[100], out _, out _);
        tcb.OnSegment(new TcpHeader { SourcePort = 80, DestinationPort = 40000, SequenceNumber = 9, AcknowledgmentNumber = 2, Flags = TcpFlags.Syn | TcpFlags.Ack, Window = 1000 }, [], TimeSpan.Zero);
        Assert.Equal(1220, tcb.EffectiveSendMss);
    }

    [Theory]
    [InlineData(65535, 0)]
    [InlineData(65536, 1)]
    [InlineData(128 * 1024, 2)]
    [InlineData(1 << 20, 5)]
    [InlineData(1 << 30, 14)]
    public void Window_shift_offered_is_the_smallest_that_covers_the_receive_buffer(int receiveBuffer, int shift)
        => Assert.Equal((byte)shift, FirstSyn(new TcpSettings { ReceiveBufferSize = receiveBuffer }).Options.WindowScale);

    [Theory]
    [InlineData(2 * 1024 * 1024, 6)]
    [InlineData(1000, 1)]
    public void Window_shift_offered_covers_the_largest_receive_buffer_when_one_is_set(int maximum, int shift)
        => Assert.Equal((byte)shift, FirstSyn(new TcpSettings { ReceiveBufferSize = 65536, MaximumReceiveBufferSize = maximum }).Options.WindowScale);

    [Fact]
    public void Window_scaling_can_be_turned_off()
    {
        Assert.Null(FirstSyn(new TcpSettings { WindowScaling = false }).Options.WindowScale);

        // A peer that offers it then gets no scaling either (both must offer, RFC 7323 §2.2).
        using var endpoint = Endpoint.Established(new TcpSettings { WindowScaling = false }, options: Endpoint.SynOptions(windowScale: 7));
        Assert.Equal((0, 0), (endpoint.Tcb.SendWindowShift, endpoint.Tcb.ReceiveWindowShift));
    }

    [Fact]
    public void A_large_buffer_is_offered_in_full_once_scaling_is_agreed()
    {
        using var endpoint = Endpoint.Established(new TcpSettings { ReceiveBufferSize = 1 << 20 }, options: Endpoint.SynOptions(windowScale: 7));
        endpoint.FromPeer(TcpFlags.Ack | TcpFlags.Psh, payload: new byte[10]);
        endpoint.Tcb.NoDelay = true;
        endpoint.Tcb.Send([1]);
        var segment = endpoint.Single();

        // 1 MiB - 10 free bytes, shift 5: rounded up to the scale unit so the edge never recedes.
        Assert.Equal(1 << 15, segment.Header.Window);
        Assert.Equal((uint)(1 << 20), endpoint.Tcb.RcvWnd);
    }

    [Fact]
    public void Maximum_segment_size_setting_caps_both_the_option_and_the_segments_we_send()
    {
        // TCP_MAXSEG: lowers the MSS advertised and the effective send MSS.
        var settings = new TcpSettings { MaximumSegmentSize = 1000 };
        Assert.Equal((ushort)1000, FirstSyn(settings).Options.MaximumSegmentSize);
        using var endpoint = Endpoint.Established(settings);
        Assert.Equal(1000, endpoint.Tcb.EffectiveSendMss);
    }

    [Fact]
    public void Receive_buffer_set_per_connection_before_open_sets_the_window_and_its_scale()
    {
        // SO_RCVBUF before connect(): the SYN's window and window scale follow it.
        using var tcb = new TcpControlBlock(Endpoint.Identity, TcpSettings.Default, new FixedSequenceNumbers(1));
        tcb.ReceiveBufferSize = 1 << 20;
        tcb.OpenActive(TimeSpan.Zero);
        Assert.True(tcb.TryGetSegment(TimeSpan.Zero, new byte[100], out var syn, out _));
        Assert.Equal(((byte?)5, ushort.MaxValue), (syn.Options.WindowScale, syn.Window));
        Assert.Throws<InvalidOperationException>(() => tcb.ReceiveBufferSize = 1000);

        tcb.SendBufferSize = 10;
        Assert.Equal(10, tcb.SendBufferFree);
    }
}
