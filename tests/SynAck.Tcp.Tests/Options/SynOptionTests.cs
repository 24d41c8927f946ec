using SynAck.Tcp.Tests.Harness;
using SynAck.Wire;
using SynAck.Wire.Tcp;

namespace SynAck.Tcp.Tests.Options;

/// <summary>
/// The SYN a default SynAck connection sends (issue 6 item 6): MSS, SACK-permitted, timestamps and
/// window scale in Linux's layout, each of which a setting turns off; and a SYN+ACK that offers
/// only what the peer's SYN offered (RFC 7323 §2.2, §3.2; RFC 2018 §2).
/// </summary>
public class SynOptionTests
{
    private static byte[] SynBytes(TcpSettings settings, TcpOptionLayout? layout = null)
    {
        using var endpoint = new Endpoint(settings);
        endpoint.Tcb.OpenActive(endpoint.Now);
        var syn = endpoint.Single().Header;
        var bytes = new byte[syn.GetEncodedLength(layout ?? settings.OptionLayout)];
        Assert.True(syn.TryWriteBytes(bytes, out _, layout ?? settings.OptionLayout));
        return bytes;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    // 40000 -> 80, SEQ 1000, ACK 0, then data offset and flags, window 65535, checksum and urgent 0.
    private const string Ports = "9c400050" + "000003e8" + "00000000";

    [Fact]
    public void Default_syn_carries_mss_sack_permitted_timestamps_and_window_scale_in_linux_layout()
    {
        // Linux's SYN: mss 1460, sackOK, TS val ecr 0, nop, wscale. TSval is the 1 ms clock at
        // 1 s (offset 0 from the fixed ISN source); the shift 2 covers the 128 KiB buffer.
        Assert.Equal(
            Ports + "a002ffff00000000" + "020405b4" + "0402080a" + "000003e8" + "00000000" + "01030302",
            Hex(SynBytes(TcpSettings.Default)));
    }

    [Fact]
    public void Syn_in_freebsd_layout_puts_window_scale_after_mss()
        => Assert.Equal(
            Ports + "a002ffff00000000" + "020405b4" + "01030302" + "0402080a" + "000003e8" + "00000000",
            Hex(SynBytes(new TcpSettings { OptionLayout = TcpOptionLayout.FreeBsd })));

    [Fact]
    public void Without_timestamps_the_syn_is_mss_nop_nop_sack_permitted_nop_window_scale()
        => Assert.Equal(
            Ports + "8002ffff00000000" + "020405b4" + "01010402" + "01030302",
            Hex(SynBytes(new TcpSettings { Timestamps = false })));

    [Fact]
    public void Without_sack_permitted_the_timestamps_follow_two_nops()
        => Assert.Equal(
            Ports + "a002ffff00000000" + "020405b4" + "0101080a" + "000003e8" + "00000000" + "01030302",
            Hex(SynBytes(new TcpSettings { Sack = false })));

    [Fact]
    public void With_every_option_off_the_syn_carries_only_the_mss()
        => Assert.Equal(
            Ports + "6002ffff00000000" + "020405b4",
            Hex(SynBytes(new TcpSettings { Timestamps = false, Sack = false, WindowScaling = false })));

    [Fact]
    public void Syn_ack_offers_only_the_options_the_peer_offered()
    {
        using var plain = new Endpoint();
        plain.Tcb.OpenPassive(plain.Now);
        plain.FromPeer(TcpFlags.Syn, options: new TcpOptions { MaximumSegmentSize = 1460 });
        var bare = plain.Single().Header.Options;
        Assert.Equal(new TcpOptions { MaximumSegmentSize = 1460 }, bare);

        using var full = new Endpoint();
        full.Tcb.OpenPassive(full.Now);
        full.FromPeer(TcpFlags.Syn, options: new TcpOptions { MaximumSegmentSize = 1460, SackPermitted = true, WindowScale = 7, Timestamps = new(77, 0) });
        var offered = full.Single().Header.Options;
        Assert.True(offered.SackPermitted);
        Assert.Equal((byte)2, offered.WindowScale);
        Assert.Equal(new TcpTimestampOption(1000, 77), offered.Timestamps);
    }

    [Fact]
    public void Sack_is_permitted_only_when_both_syns_carry_the_option()
    {
        var withSack = Endpoint.SynOptions() with { SackPermitted = true };
        using var both = Endpoint.Established(options: withSack);
        Assert.True(both.Tcb.SackEnabled);

        using var peerWithout = Endpoint.Established();
        Assert.False(peerWithout.Tcb.SackEnabled);

        using var weWithout = Endpoint.Established(new TcpSettings { Sack = false }, options: withSack);
        Assert.False(weWithout.Tcb.SackEnabled);
    }

    [Fact]
    public void Timestamp_clock_adds_the_offset_the_sequence_number_source_gives()
    {
        // RFC 7323 §5.4 (Linux tsoffset): the clock does not reveal the caller's time.
        using var tcb = new TcpControlBlock(Endpoint.Identity, TcpSettings.Default, new OffsetSequenceNumbers(0xFFFF_FF00));
        tcb.OpenActive(TimeSpan.FromSeconds(1));
        Assert.True(tcb.TryGetSegment(TimeSpan.FromSeconds(1), new byte[100], out var syn, out _));
        Assert.Equal(unchecked(0xFFFF_FF00u + 1000u), syn.Options.Timestamps!.Value.Value);
    }

    [Fact]
    public void Stack_timestamp_offset_depends_on_the_addresses_only()
    {
        var source = new InitialSequenceNumbers(new byte[16]);
        IInitialSequenceNumberSource asInterface = source;
        var a = asInterface.GetTimestampOffset(Endpoint.Identity);
        var otherPorts = new TcpConnectionIdentity(Endpoint.Identity.LocalAddress, 1234, Endpoint.Identity.RemoteAddress, 4321);
        var otherHost = new TcpConnectionIdentity(Endpoint.Identity.LocalAddress, 40000, System.Net.IPAddress.Parse("192.0.2.3"), 80);
        Assert.Equal(a, asInterface.GetTimestampOffset(otherPorts));
        Assert.NotEqual(a, asInterface.GetTimestampOffset(otherHost));
    }

    private sealed class OffsetSequenceNumbers(uint offset) : IInitialSequenceNumberSource
    {
        public SequenceNumber GetInitialSequenceNumber(in TcpConnectionIdentity identity, TimeSpan now) => 1000;

        public uint GetTimestampOffset(in TcpConnectionIdentity identity) => offset;
    }
}
