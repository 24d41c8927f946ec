using CsCheck;
using SynAck.Tcp.Rtt;

namespace SynAck.Tcp.Tests.Rtt;

public class RttEstimatorTests
{
    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void Before_any_sample_the_RTO_is_the_initial_one_second()
    {
        var rtt = new RttEstimator();

        Assert.False(rtt.HasSample);
        Assert.Equal(TimeSpan.FromSeconds(1), rtt.CurrentRto);
        Assert.Equal(TimeSpan.Zero, rtt.SmoothedRtt);
    }

    [Fact]
    public void First_sample_sets_SRTT_to_R_and_RTTVAR_to_half_of_it()
    {
        var rtt = new RttEstimator();

        rtt.AddSample(Ms(100));

        Assert.Equal(Ms(100), rtt.SmoothedRtt);
        Assert.Equal(Ms(50), rtt.RttVariation);
        Assert.Equal(Ms(300), rtt.CurrentRto); // 100 + 4 * 50
    }

    [Fact]
    public void Later_samples_update_RTTVAR_from_the_old_SRTT_then_SRTT_with_alpha_one_eighth_and_beta_one_quarter()
    {
        var rtt = new RttEstimator();
        rtt.AddSample(Ms(100));

        rtt.AddSample(Ms(200));

        Assert.Equal(Ms(62.5), rtt.RttVariation); // 3/4 * 50 + 1/4 * |100 - 200|
        Assert.Equal(Ms(112.5), rtt.SmoothedRtt); // 7/8 * 100 + 1/8 * 200
        Assert.Equal(Ms(362.5), rtt.CurrentRto); // 112.5 + 4 * 62.5
        Assert.Equal(Ms(200), rtt.LatestRtt);
        Assert.Equal(Ms(100), rtt.MinRtt);
    }

    [Fact]
    public void The_RTO_is_never_below_the_minimum_which_defaults_to_Linux_200_ms()
    {
        var rtt = new RttEstimator();

        rtt.AddSample(Ms(10));

        Assert.Equal(Ms(200), rtt.CurrentRto);
    }

    [Fact]
    public void The_RFC_minimum_of_one_second_is_a_setting()
    {
        var rtt = new RttEstimator(new RtoSettings { Minimum = TimeSpan.FromSeconds(1) });

        rtt.AddSample(Ms(100));

        Assert.Equal(TimeSpan.FromSeconds(1), rtt.CurrentRto);
    }

    [Fact]
    public void The_RTO_is_never_above_the_maximum()
    {
        var rtt = new RttEstimator();

        rtt.AddSample(TimeSpan.FromSeconds(100));

        Assert.Equal(TimeSpan.FromSeconds(120), rtt.CurrentRto);
    }

    [Fact]
    public void With_a_steady_RTT_the_clock_granularity_bounds_the_variance_term()
    {
        var rtt = new RttEstimator(new RtoSettings { Minimum = Ms(1), ClockGranularity = Ms(10) });

        for (var i = 0; i < 100; i++)
        {
            rtt.AddSample(Ms(50));
        }

        Assert.True(rtt.RttVariation * 4 < Ms(10));
        Assert.Equal(Ms(60), rtt.CurrentRto); // SRTT + G
    }

    [Fact]
    public void Backoff_doubles_the_RTO_each_time_up_to_the_maximum()
    {
        var rtt = new RttEstimator(new RtoSettings { Maximum = TimeSpan.FromSeconds(60) });
        rtt.AddSample(Ms(2500)); // RTO 7.5 s

        var seen = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            rtt.Backoff();
            seen.Add(rtt.CurrentRto);
        }

        Assert.Equal([Ms(15000), Ms(30000), Ms(60000), Ms(60000), Ms(60000), Ms(60000)], seen);
        Assert.Equal(3, rtt.BackoffCount);
        Assert.Equal(Ms(7500), rtt.BaseRto);
    }

    [Fact]
    public void Backoff_of_the_initial_RTO_doubles_it_too()
    {
        var rtt = new RttEstimator();

        rtt.Backoff();
        rtt.Backoff();

        Assert.Equal(TimeSpan.FromSeconds(4), rtt.CurrentRto);
    }

    [Fact]
    public void Backoff_never_overflows_however_often_it_is_called()
    {
        var rtt = new RttEstimator();

        for (var i = 0; i < 1000; i++)
        {
            rtt.Backoff();
        }

        Assert.Equal(TimeSpan.FromSeconds(120), rtt.CurrentRto);
    }

    [Fact]
    public void A_new_valid_sample_collapses_the_backed_off_RTO()
    {
        var rtt = new RttEstimator();
        rtt.AddSample(Ms(100));
        rtt.Backoff();
        rtt.Backoff();
        Assert.Equal(Ms(1200), rtt.CurrentRto);

        rtt.AddSample(Ms(100));

        Assert.Equal(0, rtt.BackoffCount);
        Assert.Equal(Ms(100 + (4 * 37.5)), rtt.CurrentRto);
    }

    [Fact]
    public void ResetBackoff_returns_to_the_base_RTO()
    {
        var rtt = new RttEstimator();
        rtt.AddSample(Ms(100));
        rtt.Backoff();

        rtt.ResetBackoff();

        Assert.Equal(Ms(300), rtt.CurrentRto);
    }

    [Fact]
    public void After_a_SYN_timeout_without_a_sample_data_starts_with_an_RTO_of_three_seconds()
    {
        var rtt = new RttEstimator();
        rtt.Backoff();

        rtt.ApplySynTimeoutFallback();

        Assert.Equal(TimeSpan.FromSeconds(3), rtt.CurrentRto);
        Assert.Equal(0, rtt.BackoffCount);
    }

    [Fact]
    public void The_SYN_timeout_fallback_leaves_a_measured_RTO_alone()
    {
        var rtt = new RttEstimator();
        rtt.AddSample(Ms(100));

        rtt.ApplySynTimeoutFallback();

        Assert.Equal(Ms(300), rtt.CurrentRto);
    }

    [Fact]
    public void Reset_forgets_every_sample()
    {
        var rtt = new RttEstimator();
        rtt.AddSample(Ms(100));
        rtt.Backoff();

        rtt.Reset();

        Assert.False(rtt.HasSample);
        Assert.Equal(TimeSpan.FromSeconds(1), rtt.CurrentRto);
        Assert.Equal(TimeSpan.Zero, rtt.MinRtt);
    }

    [Fact]
    public void A_negative_sample_is_a_caller_error()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new RttEstimator().AddSample(Ms(-1)));

    [Theory]
    [InlineData(0, 1000, 120_000)]
    [InlineData(500, 1000, 400)]
    [InlineData(200, 100, 120_000)]
    [InlineData(200, 200_000, 120_000)]
    public void Inconsistent_limits_are_rejected(int minimumMs, int initialMs, int maximumMs)
    {
        var settings = new RtoSettings { Minimum = Ms(minimumMs), Initial = Ms(initialMs), Maximum = Ms(maximumMs) };

        Assert.Throws<ArgumentException>(() => new RttEstimator(settings));
    }

    [Fact]
    public void Any_sample_sequence_follows_the_RFC_6298_formulas_and_stays_within_the_limits()
    {
        var samples = Gen.Int[0, 5_000_000].Array[1, 40]; // up to 5 s, in microseconds
        Property.ForAll(samples, 2000, micros =>
        {
            var rtt = new RttEstimator();
            double srtt = 0, rttvar = 0;
            for (var i = 0; i < micros.Length; i++)
            {
                var r = micros[i] / 1000.0;
                if (i == 0)
                {
                    srtt = r;
                    rttvar = r / 2;
                }
                else
                {
                    rttvar = (0.75 * rttvar) + (0.25 * Math.Abs(srtt - r));
                    srtt = (0.875 * srtt) + (0.125 * r);
                }

                rtt.AddSample(TimeSpan.FromMicroseconds(micros[i]));
                var expected = Math.Clamp(srtt + Math.Max(1, 4 * rttvar), 200, 120_000);
                Assert.InRange(rtt.CurrentRto.TotalMilliseconds, expected - 0.01, expected + 0.01);
                Assert.Equal(micros.Take(i + 1).Min(), (int)rtt.MinRtt.TotalMicroseconds);
            }
        });
    }
}
