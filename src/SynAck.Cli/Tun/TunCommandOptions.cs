using System.CommandLine;
using System.Globalization;
using SynAck.Diagnostics;
using SynAck.Links;
using SynAck.Stack;
using SynAck.Tcp;

namespace SynAck.Cli.Tun;

/// <summary>The options <c>serve</c> and <c>connect</c> share, and how they become <see cref="TunSettings"/>.</summary>
internal sealed class TunCommandOptions
{
    private readonly Option<string> _tun = new("--tun")
    {
        Description = "The TUN interface: created if it does not exist (and removed at exit), or a persistent one made with `ip tuntap add mode tun NAME`.",
        Required = true,
    };

    private readonly Option<string[]> _address = new("--address")
    {
        Description = "SynAck's address on the device, ADDR[/PREFIX] (192.0.2.2/24, 2001:db8::2/64); repeat for IPv4 and IPv6. Destinations off the prefix go to the device too.",
        Required = true,
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<string?> _netns = new("--netns")
    {
        Description = "Open the device inside this named network namespace (`ip netns add NAME`).",
    };

    private readonly Option<int?> _mtu = new("--mtu")
    {
        Description = "Set the device's MTU (68-65535); by default it is left as it is (1500 for a new device).",
    };

    private readonly Option<int?> _bufferSize = new("--buffer-size")
    {
        Description = "Each connection's send and receive buffer in bytes (SO_SNDBUF, SO_RCVBUF; the most the window offers), 1 to 2^30 (default: 131072).",
    };

    private readonly Option<string?> _pcap = new("--pcap")
    {
        Description = "Write SynAck's view of every packet (sent before faults, received after) to this pcap file.",
    };

    private readonly Option<string> _format = new("--format")
    {
        Description = "text: a ladder diagram per connection once it is over; json: every event as it happens, one object per line; none: summaries only.",
        DefaultValueFactory = _ => "text",
    };

    private readonly Option<double> _loss = new("--loss") { Description = "Drop this fraction of packets, both ways (0-1)." };

    private readonly Option<double> _duplicate = new("--duplicate") { Description = "Duplicate this fraction of packets, both ways (0-1)." };

    private readonly Option<double> _reorder = new("--reorder") { Description = "Hold back this fraction of packets so later ones pass them, both ways (0-1)." };

    private readonly Option<string> _ecn = new("--ecn")
    {
        Description = "ECN (RFC 3168): off; accept (use it when the peer's SYN asks, the default, as Linux's tcp_ecn=2); request (our SYN asks too, as tcp_ecn=1).",
        DefaultValueFactory = _ => "accept",
    };

    private readonly Option<int?> _seed = new("--seed") { Description = "Seed of the initial sequence numbers, ephemeral ports and faults, to repeat a run." };

    private readonly Option<bool> _symbolic = new("--symbolic") { Description = "In ladders, write sequence numbers as the seed does (x, y, u, v, w)." };

    private readonly Option<bool> _ascii = new("--ascii") { Description = "Draw ladders with ASCII characters only." };

    private readonly Option<string> _color = new("--color")
    {
        Description = "Colour ladders: auto (when writing to a terminal and NO_COLOR is unset), always, never.",
        DefaultValueFactory = _ => "auto",
    };

    public TunCommandOptions()
    {
        _format.AcceptOnlyFromAmong("text", "json", "none");
        _color.AcceptOnlyFromAmong("auto", "always", "never");
        _ecn.AcceptOnlyFromAmong("off", "accept", "request");
        _address.Validators.Add(result =>
        {
            foreach (var text in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!InterfaceAddress.TryParse(text, out _))
                {
                    result.AddError($"'{text}' is not an address with an optional /prefix length.");
                }
            }
        });
        foreach (var probability in new[] { _loss, _duplicate, _reorder })
        {
            probability.Require(value => value is >= 0 and <= 1, $"{probability.Name} must be between 0 and 1.");
        }

        _bufferSize.Require(value => value is null or (>= 1 and <= 1 << 30), "--buffer-size must be between 1 and 1073741824.");
        _mtu.Require(
            value => value is null or (>= Links.Tun.TunLinkOptions.MinMtu and <= Links.Tun.TunLinkOptions.MaxMtu),
            string.Create(CultureInfo.InvariantCulture, $"--mtu must be between {Links.Tun.TunLinkOptions.MinMtu} and {Links.Tun.TunLinkOptions.MaxMtu}."));
    }

    /// <summary>Adds the options to a verb.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _tun, _address, _netns, _mtu, _bufferSize, _pcap, _format, _loss, _duplicate, _reorder, _ecn, _seed, _symbolic, _ascii, _color })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Reads the settings from a parse.</summary>
    public TunSettings Read(ParseResult parse, Terminal terminal)
    {
        var format = parse.GetValue(_format) switch
        {
            "json" => TraceFormat.Json,
            "none" => TraceFormat.None,
            _ => TraceFormat.Text,
        };
        return new TunSettings(
            parse.GetRequiredValue(_tun),
            [.. parse.GetRequiredValue(_address).Select(InterfaceAddress.Parse)],
            parse.GetValue(_netns),
            parse.GetValue(_mtu),
            parse.GetValue(_bufferSize),
            parse.GetValue(_pcap),
            new FaultOptions
            {
                LossProbability = parse.GetValue(_loss),
                DuplicationProbability = parse.GetValue(_duplicate),
                ReorderProbability = parse.GetValue(_reorder),
            },
            parse.GetValue(_ecn) switch
            {
                "off" => TcpEcnMode.Off,
                "request" => TcpEcnMode.Request,
                _ => TcpEcnMode.Accept,
            },
            parse.GetValue(_seed),
            format,
            new DiagramOptions
            {
                Symbolic = parse.GetValue(_symbolic),
                Ascii = parse.GetValue(_ascii),
                Color = format == TraceFormat.Text && terminal.UseColor(parse.GetValue(_color)!),
            });
    }
}
