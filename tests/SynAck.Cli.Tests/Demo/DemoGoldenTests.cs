using System.Runtime.CompilerServices;

namespace SynAck.Cli.Tests.Demo;

/// <summary>The demo's output is a pure function of its options: every scenario's ladder, and the other formats, against golden files.</summary>
public class DemoGoldenTests
{
    public static TheoryData<string> Scenarios() =>
        ["normal", "simultaneous-open", "simultaneous-close", "half-close", "refused", "reset", "lossy"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Every_scenario_draws_the_same_ladder_every_time(string scenario)
    {
        var result = await Cli.RunAsync("demo", "--scenario", scenario);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Golden.Verify($"{scenario}.ladder.txt", result.Output);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Every_scenario_draws_the_same_symbolic_ladder_every_time(string scenario)
    {
        var result = await Cli.RunAsync("demo", "--scenario", scenario, "--symbolic");

        Assert.Equal(0, result.ExitCode);
        Golden.Verify($"{scenario}.symbolic.ladder.txt", result.Output);
    }

    [Theory]
    [InlineData("json", "normal.jsonl")]
    [InlineData("mermaid", "normal.mermaid.txt")]
    public async Task The_normal_scenario_writes_the_same_json_and_mermaid_every_time(string format, string golden)
    {
        var result = await Cli.RunAsync("demo", "--format", format, "--symbolic");

        Assert.Equal(0, result.ExitCode);
        Golden.Verify(golden, result.Output);
    }

    [Fact]
    public async Task The_readme_shows_what_the_first_command_prints()
    {
        var result = await Cli.RunAsync("demo");

        var readme = File.ReadAllText(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "..", "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Contains("```text\n" + result.Output + "```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_loss_with_a_seed_draws_the_same_ladder_every_time()
    {
        var result = await Cli.RunAsync("demo", "--loss", "0.3", "--seed", "7", "--symbolic", "--ascii");

        Assert.Equal(0, result.ExitCode);
        Golden.Verify("loss-0.3-seed-7.ascii.ladder.txt", result.Output);
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
