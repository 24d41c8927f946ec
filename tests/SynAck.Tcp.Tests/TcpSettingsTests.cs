namespace SynAck.Tcp.Tests;

public class TcpSettingsTests
{
    [Fact]
    public void Defaults_follow_linux_and_rfc_9293()
    {
        var s = TcpSettings.Default;
        Assert.Equal(TimeSpan.FromSeconds(30), s.MaximumSegmentLifetime);
        Assert.Equal((6, 5, 3, 15), (s.SynRetries, s.SynAckRetries, s.Retries1, s.Retries2));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(120)),
            (s.InitialRetransmissionTimeout, s.MinimumRetransmissionTimeout, s.MaximumRetransmissionTimeout));
        Assert.False(s.NoDelay);
        Assert.True(s.DelayedAcknowledgments);
        Assert.Equal(TimeSpan.FromMilliseconds(200), s.DelayedAckTimeout);
        Assert.False(s.KeepAlive);
        Assert.Equal((TimeSpan.FromHours(2), TimeSpan.FromSeconds(75), 9), (s.KeepAliveTime, s.KeepAliveInterval, s.KeepAliveProbes));
        Assert.True(s.WindowScaling);
        Assert.True(s.Rfc5961);
        Assert.True(s.IgnoreRstInTimeWait);
        Assert.False(s.RoundReceiveBufferToWholeSegments);
        Assert.False(s.ProcessAckOfOldSegments);
        Assert.Null(s.UserTimeout);
        Assert.True(s.Sack);
        Assert.Equal(global::SynAck.Tcp.Recovery.LossDetection.Rack, s.LossDetection);
        s.Validate();
    }

    public static TheoryData<TcpSettings> Invalid =>
    [
        new() { Mtu = 500 },
        new() { ReceiveBufferSize = 0 },
        new() { SendBufferSize = -1 },
        new() { MaximumSegmentLifetime = TimeSpan.Zero },
        new() { InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(100) },
        new() { MaximumRetransmissionTimeout = TimeSpan.FromMilliseconds(500) },
        new() { Retries1 = 5, Retries2 = 5 },
        new() { DelayedAckTimeout = TimeSpan.FromSeconds(1) },
        new() { KeepAliveProbes = 0 },
        new() { UserTimeout = TimeSpan.Zero },
        new() { ConnectTimeout = TimeSpan.FromSeconds(-1) },
        new() { DuplicateAckThreshold = 0 },
        new() { LossDetection = (global::SynAck.Tcp.Recovery.LossDetection)7 },
    ];

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Values_the_rfcs_forbid_are_rejected(TcpSettings settings)
        => Assert.Throws<ArgumentException>(settings.Validate);

    [Fact]
    public void A_control_block_validates_its_settings()
        => Assert.Throws<ArgumentException>(() => new TcpControlBlock(Harness.Endpoint.Identity, new TcpSettings { Mtu = 100 }, new Harness.FixedSequenceNumbers(1)));
}
