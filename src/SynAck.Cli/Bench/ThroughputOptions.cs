using System.CommandLine;
using System.Globalization;
using SynAck.Tcp.Congestion;

namespace SynAck.Cli.Bench;

/// <summary>
/// The options of <c>synack bench</c> that shape a throughput run's path and TCP: <c>--loss</c>,
/// <c>--rtt</c>, <c>--seed</c>, <c>--cc</c> and <c>--no-sack</c>.
/// </summary>
internal sealed class ThroughputOptions
{
    /// <summary>The longest round-trip time <c>--rtt</c> accepts, in milliseconds.</summary>
    public const double MaxRttMilliseconds = 10_000;

    private readonly Option<double> _loss = new("--loss")
    {
        Description = "Throughput: the probability that the network loses a packet, each way, as a fraction (0.02 is 2 %); from 0 up to, not including, 1.",
    };

    private readonly Option<double> _rtt = new("--rtt")
    {
        Description = "Throughput: the round-trip time of the path in milliseconds (half of it each way). Default 0.",
    };

    private readonly Option<int> _seed = new("--seed")
    {
        Description = "Throughput: the seed of the losses, the sequence numbers and the ports.",
        DefaultValueFactory = _ => 1,
    };

    private readonly Option<string> _cc = new("--cc")
    {
        Description = "Throughput: the congestion control of both ends: cubic (the default, RFC 9438 with HyStart++) or newreno.",
        DefaultValueFactory = _ => "cubic",
    };

    private readonly Option<bool> _noSack = new("--no-sack")
    {
        Description = "Throughput: neither end offers SACK, so losses are found by duplicate ACKs and repaired by RFC 6582 fast recovery instead of SACK with RACK-TLP.",
    };

    public ThroughputOptions()
    {
        _cc.AcceptOnlyFromAmong("cubic", "newreno");
        _loss.Require(value => value is >= 0 and < 1, "--loss must be a fraction from 0 up to, not including, 1 (0.02 means 2 % of packets lost each way).");
        _rtt.Require(value => value is >= 0 and <= MaxRttMilliseconds, string.Create(CultureInfo.InvariantCulture, $"--rtt must be from 0 to {MaxRttMilliseconds} milliseconds."));
    }

    /// <summary>Adds the options to a verb.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _loss, _rtt, _seed, _cc, _noSack })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The settings of one run with <paramref name="mss"/>, from a parse.</summary>
    public ThroughputSettings Read(ParseResult parse, int mss, long bytes, TimeSpan? duration) => new(mss, bytes, duration)
    {
        Loss = parse.GetValue(_loss),
        Rtt = TimeSpan.FromMilliseconds(parse.GetValue(_rtt)),
        Seed = parse.GetValue(_seed),
        CongestionControl = parse.GetValue(_cc) == "newreno" ? CongestionControlAlgorithm.NewReno : CongestionControlAlgorithm.Cubic,
        Sack = !parse.GetValue(_noSack),
    };
}
