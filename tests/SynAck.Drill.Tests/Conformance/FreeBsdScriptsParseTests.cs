using SynAck.Drill.Syntax;

namespace SynAck.Drill.Tests.Conformance;

public sealed class FreeBsdScriptsParseTests
{
    public static TheoryData<string> FreeBsdScripts() => [.. ConformanceScripts.Under("freebsd")];

    [Fact]
    public void The_suite_has_all_514_FreeBSD_scripts()
    {
        Assert.Equal(514, ConformanceScripts.Under("freebsd").Count);
    }

    [Theory]
    [MemberData(nameof(FreeBsdScripts))]
    public void Every_FreeBSD_script_parses(string script)
    {
        var parsed = ScriptParser.TryParse(ConformanceScripts.Read(script), script, out var result, out var error);

        Assert.True(parsed, error?.ToString());
        Assert.NotEmpty(result!.Flatten(new HashSet<string> { "FreeBSD" }));
    }
}
