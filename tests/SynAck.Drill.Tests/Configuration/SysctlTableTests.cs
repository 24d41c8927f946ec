using SynAck.Drill.Configuration;
using SynAck.Tcp;

namespace SynAck.Drill.Tests.Configuration;

public sealed class SysctlTableTests
{
    private static SysctlOutcome Apply(string name, string value) => SysctlTable.Apply(name, value, DrillSettings.None);

    [Theory]
    [InlineData("0", true)]
    [InlineData("1", false)]
    public void Insecure_rst_selects_RFC_5961_at_0_and_RFC_793_at_1(string value, bool rfc5961)
    {
        var outcome = Apply("net.inet.tcp.insecure_rst", value);

        Assert.Equal(SysctlStatus.Applied, outcome.Status);
        Assert.Equal(rfc5961, outcome.Settings.Rfc5961RstProcessing);
        Assert.Null(outcome.Settings.Rfc5961SynProcessing);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("1", false)]
    public void Insecure_syn_selects_the_RFC_5961_SYN_rule_at_0(string value, bool rfc5961)
    {
        var outcome = Apply("net.inet.tcp.insecure_syn", value);

        Assert.Equal(rfc5961, outcome.Settings.Rfc5961SynProcessing);
        Assert.Null(outcome.Settings.Rfc5961RstProcessing);
    }

    [Fact]
    public void Millisecond_sysctls_become_times()
    {
        var settings = DrillSettings.None;
        foreach (var (name, value) in new[] { ("net.inet.tcp.rexmit_initial", "250"), ("net.inet.tcp.keepinit", "3000"), ("net.inet.tcp.delacktime", "40") })
        {
            settings = SysctlTable.Apply(name, value, settings).Settings;
        }

        Assert.Equal(
            (TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(40)),
            (settings.InitialRetransmissionTimeout, settings.ConnectTimeout, settings.DelayedAckTimeout));
    }

    [Theory]
    [InlineData("0", false, false)]
    [InlineData("1", true, true)]
    [InlineData("2", true, false)]
    [InlineData("3", false, true)]
    public void Rfc1323_turns_window_scaling_and_timestamps_on_and_off(string value, bool windowScaling, bool timestamps)
    {
        var settings = Apply("net.inet.tcp.rfc1323", value).Settings;

        Assert.Equal((windowScaling, timestamps), (settings.WindowScaling, settings.Timestamps));
    }

    [Fact]
    public void Buffers_sack_and_synfin_map_onto_their_settings()
    {
        var settings = DrillSettings.None;
        foreach (var (name, value) in new[]
        {
            ("net.inet.tcp.recvspace", "65536"), ("net.inet.tcp.sendspace", "32768"), ("net.inet.tcp.sack.enable", "0"), ("net.inet.tcp.drop_synfin", "1"),
        })
        {
            settings = SysctlTable.Apply(name, value, settings).Settings;
        }

        Assert.Equal((65536, 32768, false, true), (settings.ReceiveBufferSize, settings.SendBufferSize, settings.SelectiveAcknowledgments, settings.DropSynFin));
    }

    [Theory]
    [InlineData("0", TcpEcnMode.Off)]
    [InlineData("1", TcpEcnMode.Request)]
    [InlineData("2", TcpEcnMode.Accept)]
    public void Ecn_enable_chooses_the_ecn_mode(string value, TcpEcnMode mode)
    {
        var outcome = Apply("net.inet.tcp.ecn.enable", value);

        Assert.Equal(SysctlStatus.Applied, outcome.Status);
        Assert.Equal(mode, outcome.Settings.Ecn);
    }

    [Theory]
    [InlineData("net.inet.tcp.hostcache.purgenow", "1")]
    [InlineData("net.inet.tcp.no_such_knob", "1")]
    public void Sysctls_without_a_SynAck_setting_are_ignored_with_a_reason_and_change_nothing(string name, string value)
    {
        var outcome = Apply(name, value);

        Assert.Equal(SysctlStatus.Ignored, outcome.Status);
        Assert.Same(DrillSettings.None, outcome.Settings);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Effect));
    }

    [Theory]
    [InlineData("net.inet.tcp.insecure_rst", "2")]
    [InlineData("net.inet.tcp.rfc1323", "4")]
    [InlineData("net.inet.tcp.rexmit_initial", "0")]
    [InlineData("net.inet.tcp.recvspace", "lots")]
    public void Values_a_sysctl_does_not_take_are_invalid_and_change_nothing(string name, string value)
    {
        var outcome = Apply(name, value);

        Assert.Equal(SysctlStatus.Invalid, outcome.Status);
        Assert.Same(DrillSettings.None, outcome.Settings);
    }

    [Fact]
    public void The_README_table_lists_exactly_the_code_table()
    {
        var readme = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "SynAck.Drill.README.md"));
        var rows = readme
            .Where(line => line.StartsWith("| `net.", StringComparison.Ordinal) || line.StartsWith("| `kern.", StringComparison.Ordinal))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Select(cells => new SysctlEntry(cells[1].Trim('`'), cells[2] == "(ignored)" ? null : cells[2], cells[3]));

        Assert.Equal(SysctlTable.Entries, rows);
    }

    [Fact]
    public void Every_sysctl_the_FreeBSD_suite_sets_is_in_the_table()
    {
        var names = Conformance.ConformanceScripts.FreeBsdCommands()
            .Select(ScriptCommand.Classify)
            .OfType<SysctlCommand>()
            .SelectMany(command => command.Assignments.Select(a => a.Key))
            .ToHashSet();

        Assert.Equal(16, names.Count);

        Assert.Subset(SysctlTable.Entries.Select(e => e.Name).ToHashSet(), names);
    }
}
