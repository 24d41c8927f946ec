using System.Text.RegularExpressions;
using SynAck.Drill.Syntax;

namespace SynAck.Drill.Tests.Conformance;

public sealed partial class FreeBsdScriptsParseTests
{
    public static TheoryData<string> FreeBsdScripts() => [.. ConformanceScripts.Under("freebsd")];

    [Fact]
    public void The_suite_has_all_514_FreeBSD_scripts()
    {
        Assert.Equal(514, ConformanceScripts.Under("freebsd").Count);
    }

    [Theory]
    [MemberData(nameof(FreeBsdScripts))]
    public void Every_FreeBSD_script_parses_into_one_event_per_timed_line(string path)
    {
        var script = ConformanceScripts.Parse(path);
        var timedLines = ConformanceScripts.Read(path).Split('\n')
            .Select((line, index) => (line, number: index + 1))
            .Where(l => TimedLine().IsMatch(l.line))
            .Select(l => l.number);

        Assert.Equal(timedLines, ConformanceScripts.AllEvents(script).Select(e => e.Location.Line));
        Assert.Equal(["ip_version", "tolerance_usecs"], script.Options.Select(o => o.Name));
    }

    [Theory]
    [MemberData(nameof(FreeBsdScripts))]
    public void Every_packet_and_call_of_a_FreeBSD_script_prints_back_as_written(string path)
    {
        var lines = ConformanceScripts.Read(path).Split('\n');
        foreach (var scriptEvent in ConformanceScripts.AllEvents(ConformanceScripts.Parse(path)))
        {
            var printed = scriptEvent switch
            {
                PacketEvent packet => packet.Packet.ToString(),
                SyscallEvent call => call.ToString(),
                CommandEvent command => "`" + command.CommandLine + "`",
                CodeEvent code => "%{" + code.Code + "}%",
                _ => throw new InvalidOperationException(scriptEvent.GetType().Name),
            };
            var written = lines[scriptEvent.Location.Line - 1][(scriptEvent.Location.Column - 1)..];

            Assert.Equal(Squeeze(TimePrefix().Replace(written, string.Empty)), Squeeze(printed));
        }
    }

    private static string Squeeze(string text) => Whitespace().Replace(text, string.Empty);

    [GeneratedRegex(@"^\s*(\+|\*|\d|\.\d)")]
    private static partial Regex TimedLine();

    [GeneratedRegex(@"^(\*|\+?[0-9.]+(~\+?[0-9.]+)?)")]
    private static partial Regex TimePrefix();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
