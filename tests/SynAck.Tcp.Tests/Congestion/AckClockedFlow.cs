using SynAck.Tcp.Congestion;
using SynAck.Wire;

namespace SynAck.Tcp.Tests.Congestion;

/// <summary>
/// A bulk sender driving a congestion control by itself: it keeps cwnd in flight, and each
/// <see cref="Round"/> acknowledges the data that was outstanding when the last round ended, one
/// segment per ACK, spread evenly over one RTT. A round ends as RFC 9406 §4.2 counts them: when
/// SND.UNA reaches the SND.NXT seen by the ACK that ended the round before.
/// </summary>
internal sealed class AckClockedFlow
{
    private static readonly SequenceNumber Iss = 1_000_000u;
    private readonly ICongestionControl _cc;
    private readonly int _smss;
    private long _una;
    private long _nxt;
    private long _roundEnd = -1;

    public AckClockedFlow(ICongestionControl cc, TimeSpan start)
    {
        _cc = cc;
        _smss = cc.MaxSegmentSize;
        Now = start;
    }

    /// <summary>The time of the last ACK.</summary>
    public TimeSpan Now { get; private set; }

    /// <summary>Segments acknowledged so far, one per ACK.</summary>
    public int AcknowledgedSegments { get; private set; }

    /// <summary>cwnd in whole and fractional segments.</summary>
    public double WindowSegments => (double)_cc.CongestionWindow / _smss;

    /// <summary>One round trip of ACKs with RTT <paramref name="rtt"/>; only the first <paramref name="rttSamples"/> ACKs carry an RTT sample.</summary>
    public void Round(TimeSpan rtt, bool applicationLimited = false, int rttSamples = int.MaxValue)
    {
        Fill();
        var end = Math.Max(_roundEnd < 0 ? _nxt : _roundEnd, _una + _smss);
        var count = (end - _una + _smss - 1) / _smss;
        var step = rtt / count;
        var acks = 0;
        while (_una < end)
        {
            Now += step;
            var flight = (int)(_nxt - _una);
            _una += _smss;
            AcknowledgedSegments++;
            var sndNxt = _nxt;
            _cc.OnAck(new NewAck
            {
                BytesAcked = _smss,
                BytesInFlight = flight,
                Now = Now,
                RttSample = acks++ < rttSamples ? rtt : null,
                SmoothedRtt = rtt,
                SndUna = Iss + (int)_una,
                SndNxt = Iss + (int)sndNxt,
                ApplicationLimited = applicationLimited,
            });
            if (_una >= end)
            {
                _roundEnd = sndNxt;
            }

            Fill();
        }
    }

    /// <summary>A loss found by duplicate ACKs: the congestion event, with cwnd left at ssthresh after recovery.</summary>
    public void Loss() => _cc.OnCongestionEvent((int)(_nxt - _una), Now);

    private void Fill()
    {
        _nxt = Math.Max(_nxt, _una + _smss);
        while (_nxt - _una + _smss <= _cc.CongestionWindow)
        {
            _nxt += _smss;
        }
    }
}
