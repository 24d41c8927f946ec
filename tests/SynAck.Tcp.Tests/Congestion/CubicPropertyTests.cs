using CsCheck;
using SynAck.Tcp.Congestion;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.Congestion;

public class CubicPropertyTests
{
    private const int Smss = 1000;

    [Fact]
    public void Whatever_the_events_ACKs_never_shrink_the_window_and_reductions_follow_beta()
    {
        // Events: 0-5 an ACK of a segments (b: RTT in ms, odd b application limited), 6 a loss,
        // 7 an ECN-Echo, 8 a timeout, 9 an idle period of b * 100 ms, 10 an undo.
        var events = Gen.Select(Gen.Int[0, 10], Gen.Int[1, 12], Gen.Int[1, 60]).Array[1, 100];
        Property.ForAll(Gen.Select(Gen.Bool, events), 2000, input =>
        {
            var (hyStart, steps) = input;
            var cc = new Cubic(hyStart: hyStart);
            cc.Reset(Smss);
            SequenceNumber sndUna = 1u;
            var now = TimeSpan.FromSeconds(1);
            foreach (var (kind, a, b) in steps)
            {
                now += TimeSpan.FromMilliseconds(b);
                var before = cc.CongestionWindow;
                if (kind <= 5)
                {
                    sndUna += a * Smss;
                    cc.OnAck(new NewAck
                    {
                        BytesAcked = a * Smss,
                        BytesInFlight = before,
                        Now = now,
                        RttSample = TimeSpan.FromMilliseconds(b),
                        SmoothedRtt = TimeSpan.FromMilliseconds(b),
                        SndUna = sndUna,
                        SndNxt = sndUna + before,
                        ApplicationLimited = b % 2 == 1,
                    });
                    Assert.True(cc.CongestionWindow >= before);
                    if (b % 2 == 1)
                    {
                        Assert.Equal(before, cc.CongestionWindow);
                    }
                }
                else if (kind <= 7)
                {
                    var signal = kind == 6 ? CongestionSignal.Loss : CongestionSignal.EcnEcho;
                    cc.OnCongestionEvent(before, now, signal);
                    var floor = kind == 6 ? 2 * Smss : Smss;
                    Assert.Equal(Math.Max((int)(before * 0.7), floor), cc.CongestionWindow);
                    Assert.Equal(cc.CongestionWindow, cc.SlowStartThreshold);
                }
                else if (kind == 8)
                {
                    cc.OnRetransmissionTimeout(before);
                    Assert.Equal(Smss, cc.CongestionWindow);
                }
                else if (kind == 9)
                {
                    cc.OnIdleRestart(TimeSpan.FromMilliseconds(100 * b), TimeSpan.FromSeconds(1));
                    Assert.True(cc.CongestionWindow <= before);
                }
                else
                {
                    var restored = cc.UndoCongestionEvent();
                    Assert.True(restored ? cc.CongestionWindow > before : cc.CongestionWindow == before);
                }

                Assert.InRange(cc.CongestionWindow, Smss, int.MaxValue / 2);
                Assert.True(cc.SlowStartThreshold >= Smss);
            }
        });
    }
}
