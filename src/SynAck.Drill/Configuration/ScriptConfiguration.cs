using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using SynAck.Drill.Syntax;
using SynAck.Wire.Ip;

namespace SynAck.Drill.Configuration;

/// <summary>The IP flavour a script runs over (<c>--ip_version</c>).</summary>
public enum ScriptIpVersion
{
    /// <summary><c>ipv4</c> (the default).</summary>
    IPv4,

    /// <summary><c>ipv4-mapped-ipv6</c>: an IPv6 socket talking IPv4 on the wire.</summary>
    IPv4MappedIPv6,

    /// <summary><c>ipv6</c>.</summary>
    IPv6,
}

/// <summary>
/// A script's <c>--option</c> lines read into values, with packetdrill's defaults for what a script
/// leaves out. Addresses: packetdrill puts the remote end (the script) at 192.0.2.1 and
/// 2001:db8::1, documentation addresses, and the local end (the stack) at 192.168.0.1 and
/// fd3d:fa7b:d17d::1; scripts never see the local address (they write <c>...</c> for it), so the
/// drill keeps the remote defaults and puts the stack in the same documentation prefixes,
/// 192.0.2.2 and 2001:db8::2. Ports are packetdrill's: 8080 for bind and connect.
/// </summary>
public sealed record ScriptConfiguration
{
    /// <summary>The options the runner understands; the rest are reported in <see cref="IgnoredOptions"/>.</summary>
    public static IReadOnlySet<string> KnownOptions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ip_version", "tolerance_usecs", "tolerance_percent", "tcp_ts_tick_usecs", "bind_port", "connect_port", "local_ip", "remote_ip",
    };

    /// <summary>The IP flavour. Default IPv4.</summary>
    public ScriptIpVersion IpVersion { get; init; } = ScriptIpVersion.IPv4;

    /// <summary>How far a time may be off (<c>--tolerance_usecs</c>). Default 4 ms.</summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromMilliseconds(4);

    /// <summary>A tolerance as a percentage of the time since the previous event, when larger (<c>--tolerance_percent</c>). Default 0.</summary>
    public double TolerancePercent { get; init; }

    /// <summary>The time a TSval tick stands for, zero to leave TSvals unchecked (<c>--tcp_ts_tick_usecs</c>). Default 0.</summary>
    public TimeSpan TimestampTick { get; init; }

    /// <summary>The port a script's <c>bind</c> uses (<c>--bind_port</c>). Default 8080.</summary>
    public ushort BindPort { get; init; } = 8080;

    /// <summary>The port a script's <c>connect</c> goes to (<c>--connect_port</c>). Default 8080.</summary>
    public ushort ConnectPort { get; init; } = 8080;

    /// <summary>The stack's address (<c>--local_ip</c>). Default 192.0.2.2, or 2001:db8::2 for IPv6.</summary>
    public IpAddress LocalAddress { get; init; } = IpAddress.Parse("192.0.2.2");

    /// <summary>The script's address (<c>--remote_ip</c>). Default 192.0.2.1, or 2001:db8::1 for IPv6.</summary>
    public IpAddress RemoteAddress { get; init; } = IpAddress.Parse("192.0.2.1");

    /// <summary>The options that were not understood, to report.</summary>
    public IReadOnlyList<ScriptOption> IgnoredOptions { get; init; } = [];

    /// <summary>Reads a script's options.</summary>
    /// <param name="script">The parsed script.</param>
    /// <param name="configuration">The values, when all known options have valid values.</param>
    /// <param name="error">The first option with a bad value.</param>
    /// <returns>True when the options are valid.</returns>
    public static bool TryRead(
        DrillScript script,
        [NotNullWhen(true)] out ScriptConfiguration? configuration,
        [NotNullWhen(false)] out ScriptError? error)
    {
        ArgumentNullException.ThrowIfNull(script);
        configuration = null;
        error = null;
        var result = new ScriptConfiguration();
        var ignored = new List<ScriptOption>();
        IpAddress? local = null, remote = null;
        foreach (var option in script.Options)
        {
            var value = option.Value ?? string.Empty;
            string? problem = null;
            switch (option.Name)
            {
                case "ip_version":
                    ScriptIpVersion? version = value switch
                    {
                        "ipv4" => ScriptIpVersion.IPv4,
                        "ipv4-mapped-ipv6" => ScriptIpVersion.IPv4MappedIPv6,
                        "ipv6" => ScriptIpVersion.IPv6,
                        _ => null,
                    };
                    problem = version is null ? "expected ipv4, ipv4-mapped-ipv6 or ipv6" : null;
                    result = result with { IpVersion = version ?? result.IpVersion };
                    break;
                case "tolerance_usecs":
                    problem = Micros(value, 1, int.MaxValue, out var tolerance);
                    result = result with { Tolerance = tolerance };
                    break;
                case "tcp_ts_tick_usecs":
                    problem = Micros(value, 0, 1_000_000, out var tick);
                    result = result with { TimestampTick = tick };
                    break;
                case "tolerance_percent":
                    var percentOk = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and <= 100;
                    problem = percentOk ? null : "expected a percentage from 0 to 100";
                    result = result with { TolerancePercent = percentOk ? percent : 0 };
                    break;
                case "bind_port" or "connect_port":
                    var portOk = ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0;
                    problem = portOk ? null : "expected a port from 1 to 65535";
                    result = option.Name == "bind_port" ? result with { BindPort = port } : result with { ConnectPort = port };
                    break;
                case "local_ip" or "remote_ip":
                    var addressOk = IpAddress.TryParse(value.Split('/')[0], out var address);
                    problem = addressOk ? null : "expected an IPv4 or IPv6 address";
                    if (option.Name == "local_ip")
                    {
                        local = address;
                    }
                    else
                    {
                        remote = address;
                    }

                    break;
                default:
                    ignored.Add(option);
                    break;
            }

            if (problem is not null)
            {
                error = new ScriptError(ScriptErrorKind.InvalidOptionValue, script.FilePath, option.Location, $"bad value '{value}' for --{option.Name}: {problem}");
                return false;
            }
        }

        var ipv6 = result.IpVersion == ScriptIpVersion.IPv6;
        configuration = result with
        {
            LocalAddress = local ?? IpAddress.Parse(ipv6 ? "2001:db8::2" : "192.0.2.2"),
            RemoteAddress = remote ?? IpAddress.Parse(ipv6 ? "2001:db8::1" : "192.0.2.1"),
            IgnoredOptions = ignored,
        };
        return true;
    }

    private static string? Micros(string value, long min, long max, out TimeSpan time)
    {
        var ok = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var micros) && micros >= min && micros <= max;
        time = ok ? TimeSpan.FromMicroseconds(micros) : TimeSpan.Zero;
        return ok ? null : string.Create(CultureInfo.InvariantCulture, $"expected microseconds from {min} to {max}");
    }
}
