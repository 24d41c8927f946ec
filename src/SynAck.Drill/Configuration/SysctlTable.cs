using System.Globalization;
using SynAck.Tcp;

namespace SynAck.Drill.Configuration;

/// <summary>What a sysctl line did to a run's settings.</summary>
public enum SysctlStatus
{
    /// <summary>The value changed a SynAck setting.</summary>
    Applied,

    /// <summary>SynAck has no such setting; the reason says what that means for the script.</summary>
    Ignored,

    /// <summary>The value is not one the sysctl takes (not a number, out of range).</summary>
    Invalid,
}

/// <summary>The result of one <c>sysctl -w name=value</c>.</summary>
/// <param name="Name">The sysctl's name.</param>
/// <param name="Value">The value as written.</param>
/// <param name="Status">Applied, ignored or invalid.</param>
/// <param name="Effect">What it changed, or why it changed nothing.</param>
/// <param name="Settings">The settings after the line (the same object when nothing changed).</param>
public sealed record SysctlOutcome(string Name, string Value, SysctlStatus Status, string Effect, DrillSettings Settings);

/// <summary>One row of the sysctl table.</summary>
/// <param name="Name">The FreeBSD sysctl.</param>
/// <param name="Setting">The <see cref="DrillSettings"/> property it sets, or null when it is ignored.</param>
/// <param name="Meaning">What its values mean, or why SynAck ignores it.</param>
public sealed record SysctlEntry(string Name, string? Setting, string Meaning);

/// <summary>
/// Maps the FreeBSD sysctls the FreeBSD suite sets onto SynAck settings. The table is the
/// contract; src/SynAck.Drill/README.md prints the same rows (a test keeps the two equal).
/// Sysctls not in the table are ignored and reported as unknown.
/// </summary>
public static class SysctlTable
{
    private delegate DrillSettings? Setter(DrillSettings settings, long value);

    private static readonly (SysctlEntry Entry, Setter? Apply)[] Rows =
    [
        (new("net.inet.tcp.insecure_rst", nameof(DrillSettings.Rfc5961RstProcessing), "0: RFC 5961 §3 (a RST in the window but not at RCV.NXT draws a challenge ACK); 1: RFC 793 (any RST in the window resets)"),
            (s, v) => Flag(v) is { } on ? s with { Rfc5961RstProcessing = !on } : null),
        (new("net.inet.tcp.insecure_syn", nameof(DrillSettings.Rfc5961SynProcessing), "0: RFC 5961 §4 (a SYN in a synchronized state draws a challenge ACK); 1: RFC 793 (a SYN in the window resets)"),
            (s, v) => Flag(v) is { } on ? s with { Rfc5961SynProcessing = !on } : null),
        (new("net.inet.tcp.drop_synfin", nameof(DrillSettings.DropSynFin), "1: segments with SYN and FIN are dropped; 0: processed"),
            (s, v) => Flag(v) is { } on ? s with { DropSynFin = on } : null),
        (new("net.inet.tcp.rexmit_initial", nameof(DrillSettings.InitialRetransmissionTimeout), "the RTO before any RTT sample, in milliseconds"),
            (s, v) => v > 0 ? s with { InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(v) } : null),
        (new("net.inet.tcp.keepinit", nameof(DrillSettings.ConnectTimeout), "how long a connect may take, in milliseconds"),
            (s, v) => v > 0 ? s with { ConnectTimeout = TimeSpan.FromMilliseconds(v) } : null),
        (new("net.inet.tcp.delacktime", nameof(DrillSettings.DelayedAckTimeout), "the delayed-ACK timeout, in milliseconds"),
            (s, v) => v > 0 ? s with { DelayedAckTimeout = TimeSpan.FromMilliseconds(v) } : null),
        (new("net.inet.tcp.sack.enable", nameof(DrillSettings.SelectiveAcknowledgments), "1: SACK (RFC 2018) offered and used; 0: not"),
            (s, v) => Flag(v) is { } on ? s with { SelectiveAcknowledgments = on } : null),
        (new("net.inet.tcp.rfc1323", nameof(DrillSettings.WindowScaling) + ", " + nameof(DrillSettings.Timestamps), "RFC 7323 options: 0 neither, 1 window scaling and timestamps, 2 window scaling only, 3 timestamps only"),
            (s, v) => v is >= 0 and <= 3 ? s with { WindowScaling = v is 1 or 2, Timestamps = v is 1 or 3 } : null),
        (new("net.inet.tcp.recvspace", nameof(DrillSettings.ReceiveBufferSize), "the default receive buffer, in bytes"),
            (s, v) => v is > 0 and <= int.MaxValue ? s with { ReceiveBufferSize = (int)v } : null),
        (new("net.inet.tcp.sendspace", nameof(DrillSettings.SendBufferSize), "the default send buffer, in bytes"),
            (s, v) => v is > 0 and <= int.MaxValue ? s with { SendBufferSize = (int)v } : null),
        (new("net.inet.tcp.blackhole", null, "SynAck always answers a segment for a closed port with a RST, as FreeBSD does with 0"), null),
        (new("net.inet.tcp.ecn.enable", nameof(DrillSettings.Ecn), "ECN (RFC 3168): 0 off, 1 requested by our SYN and accepted, 2 accepted when the peer asks"),
            (s, v) => v switch
            {
                0 => s with { Ecn = TcpEcnMode.Off },
                1 => s with { Ecn = TcpEcnMode.Request },
                2 => s with { Ecn = TcpEcnMode.Accept },
                _ => null,
            }),
        (new("net.inet.tcp.hostcache.purgenow", null, "SynAck keeps no host cache; every script starts with a fresh stack"), null),
        (new("net.inet.tcp.rexmit_slop", null, "SynAck computes the RTO by RFC 6298 with its own minimum; FreeBSD adds this slop to every RTO"), null),
        (new("net.inet.tcp.rexmit_drop_options", null, "SynAck keeps the SYN options on every retransmission, as FreeBSD does with 0"), null),
        (new("net.inet.tcp.syncookies", null, "SynAck has no SYN cookies; it keeps pending connections as FreeBSD's SYN cache does"), null),
        (new("net.inet.tcp.syncookies_only", null, "SynAck has no SYN cookies; it keeps pending connections as FreeBSD's SYN cache does"), null),
        (new("net.inet.tcp.tolerate_missing_ts", null, "SynAck accepts a segment without timestamps after they were agreed, as Linux does and FreeBSD with 1"), null),
        (new("kern.ipc.maxsockbuf", nameof(DrillSettings.MaximumReceiveBufferSize), "the largest socket buffer, in bytes: the window scale offered covers it (2 MiB gives 6)"),
            (s, v) => v is > 0 and <= 1 << 30 ? s with { MaximumReceiveBufferSize = (int)v } : null),
    ];

    /// <summary>The table's rows, in the order the README lists them.</summary>
    public static IReadOnlyList<SysctlEntry> Entries { get; } = [.. Rows.Select(r => r.Entry)];

    /// <summary>Applies <c>sysctl -w name=value</c> to <paramref name="settings"/>.</summary>
    /// <param name="name">The sysctl's name.</param>
    /// <param name="value">The value as written.</param>
    /// <param name="settings">The settings before the line.</param>
    public static SysctlOutcome Apply(string name, string value, DrillSettings settings)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(settings);
        var row = Array.Find(Rows, r => string.Equals(r.Entry.Name, name, StringComparison.Ordinal));
        if (row.Entry is null)
        {
            return new SysctlOutcome(name, value, SysctlStatus.Ignored, "not a sysctl SynAck knows", settings);
        }

        if (row.Apply is null)
        {
            return new SysctlOutcome(name, value, SysctlStatus.Ignored, row.Entry.Meaning, settings);
        }

        var updated = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? row.Apply(settings, number)
            : null;
        return updated is null
            ? new SysctlOutcome(name, value, SysctlStatus.Invalid, $"'{value}' is not a valid value: {row.Entry.Meaning}", settings)
            : new SysctlOutcome(name, value, SysctlStatus.Applied, $"{row.Entry.Setting}: {row.Entry.Meaning}", updated);
    }

    private static bool? Flag(long value) => value switch
    {
        0 => false,
        1 => true,
        _ => null,
    };
}
