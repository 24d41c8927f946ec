using CsCheck;
using SynAck.Tcp.Congestion;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.Congestion;

public class FastRecoveryPropertyTests
{
    private const int Smss = 1000;

    [Fact]
    public void The_window_is_reduced_at_most_once_per_window_of_data_whatever_the_ACK_pattern()
    {
        // Events: 0-5 a duplicate ACK, 6-7 an ACK advancing a segments, 8 a timeout; b new segments sent after.
        var events = Gen.Select(Gen.Int[0, 8], Gen.Int[1, 6], Gen.Int[0, 4]).Array[1, 120];
        Property.ForAll(Gen.Select(Gen.UInt, events), 2000, input =>
        {
            var (iss, steps) = input;
            var cc = new NewReno();
            cc.Reset(Smss);
            var recovery = new FastRecovery(cc);
            recovery.Reset(iss);
            SequenceNumber sndUna = iss + 1, sndMax = iss + 1 + (10 * Smss);
            SequenceNumber? lastReductionPoint = null; // SND.MAX when the window was last reduced
            var now = TimeSpan.Zero;
            foreach (var (kind, a, b) in steps)
            {
                now += TimeSpan.FromMilliseconds(10);
                var inFlight = sndMax - sndUna;
                if (kind <= 5 && inFlight > 0)
                {
                    var action = recovery.OnDuplicateAck(sndUna, sndMax, inFlight, now);
                    if (action == DuplicateAckAction.FastRetransmit)
                    {
                        // RFC 6582: a new reduction needs an ACK beyond everything sent at the last one.
                        Assert.True(lastReductionPoint is null || sndUna > lastReductionPoint.Value);
                        Assert.Equal(Math.Max(inFlight / 2, 2 * Smss), cc.SlowStartThreshold);
                        lastReductionPoint = sndMax;
                    }
                }
                else if (kind <= 7 && inFlight > 0)
                {
                    var acked = Math.Min(inFlight, a * Smss);
                    sndUna += acked;
                    if (recovery.OnAckAdvanced(sndUna, acked, sndMax - sndUna) == RecoveryAckResult.NotInRecovery)
                    {
                        cc.OnAck(new NewAck { BytesAcked = acked, BytesInFlight = inFlight, Now = now });
                    }
                }
                else if (kind == 8)
                {
                    cc.OnRetransmissionTimeout(inFlight);
                    recovery.OnRetransmissionTimeout(sndMax);
                    lastReductionPoint = sndMax;
                }

                sndMax += b * Smss;
                Assert.True(cc.CongestionWindow >= Smss);
                Assert.True(cc.SlowStartThreshold >= 2 * Smss);
                Assert.True(!recovery.InRecovery || sndUna < recovery.RecoveryPoint);
            }
        });
    }
}
