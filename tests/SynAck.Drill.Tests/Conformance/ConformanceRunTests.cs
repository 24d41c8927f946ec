using System.Text;
using SynAck.Drill.Configuration;
using SynAck.Drill.Runner;

namespace SynAck.Drill.Tests.Conformance;

/// <summary>
/// Every conformance script runs against SynAck: the FreeBSD suite in the FreeBSD profile, the
/// project's own scripts in the rfc9293 profile (SynAck's defaults, a SYN of MSS and window scale
/// only, as they are written). A script listed in tests/conformance/expected-failures.txt
/// must fail and every other one must pass, so the list stays true in both directions.
/// </summary>
public sealed class ConformanceRunTests
{
    [Theory]
    [InlineData("freebsd", DrillProfile.FreeBsd)]
    [InlineData("synack", DrillProfile.Rfc9293)]
    public void Every_script_passes_unless_it_is_listed_as_an_expected_failure(string folder, DrillProfile profile)
    {
        var expected = ExpectedFailures.Read(Path.Combine(ConformanceScripts.Root, "expected-failures.txt"));
        var options = new DrillRunOptions { Profile = profile };
        var problems = new StringBuilder();
        var scripts = ConformanceScripts.Under(folder);
        Assert.NotEmpty(scripts);
        foreach (var path in scripts)
        {
            var result = DrillRunner.RunText(ConformanceScripts.Read(path), path, options);
            var listed = expected.ContainsKey(path);
            if (!result.Passed && !listed)
            {
                problems.Append($"{path}:{result.Line}: fails and is not listed: {result.Message}\n  expected: {result.Expected}\n  actual:   {result.Actual}\n");
            }
            else if (result.Passed && listed)
            {
                problems.Append($"{path}: passes but is listed as an expected failure ({expected[path]}); remove it from the list\n");
            }
        }

        Assert.True(problems.Length == 0, problems.ToString());
    }

    [Fact]
    public void Every_expected_failure_names_an_existing_script_and_gives_a_reason()
    {
        var expected = ExpectedFailures.Read(Path.Combine(ConformanceScripts.Root, "expected-failures.txt"));

        Assert.All(expected, entry =>
        {
            Assert.True(File.Exists(Path.Combine(ConformanceScripts.Root, entry.Key)), $"{entry.Key} does not exist");
            Assert.False(string.IsNullOrWhiteSpace(entry.Value), $"{entry.Key} has no reason");
        });
    }
}

/// <summary>tests/conformance/expected-failures.txt: one script path (from tests/conformance) and its reason per line; '#' starts a comment.</summary>
internal static class ExpectedFailures
{
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var space = line.IndexOfAny([' ', '\t']);
            var script = space < 0 ? line : line[..space];
            var reason = space < 0 ? string.Empty : line[space..].Trim();
            Assert.True(entries.TryAdd(script, reason), $"{script} is listed twice");
        }

        return entries;
    }
}
