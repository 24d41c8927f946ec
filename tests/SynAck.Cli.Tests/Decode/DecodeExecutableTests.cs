using System.Diagnostics;
using SynAck.Cli.Tests.Captures;

namespace SynAck.Cli.Tests.Decode;

/// <summary>The built <c>synack</c> program (SynAck.Cli.dll), run as a process the way the README runs it.</summary>
public class DecodeExecutableTests
{
    [Fact]
    public async Task The_synack_program_decodes_the_readme_sample_to_its_golden_text()
    {
        // dotnet test sets DOTNET_HOST_PATH to the dotnet that runs the tests.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SynAck.Cli.dll"));
        start.ArgumentList.Add("decode");
        start.ArgumentList.Add(Samples.Path("http-download-lo-ipv4.pcap"));

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(File.ReadAllText(Samples.GoldenPath("Decode", "http-download-lo-ipv4.pcap.decode.txt")), await output);
        Assert.Empty(await error);
    }
}
