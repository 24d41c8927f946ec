using System.Runtime.Versioning;
using SynAck.Interop.Tests.Namespaces;

namespace SynAck.Interop.Tests.Cli;

/// <summary>What the README shows a user: `synack connect --ecn request --pcap FILE` to a kernel server, then `synack decode FILE`.</summary>
[SupportedOSPlatform("linux")]
public class NegotiationCaptureTests
{
    [RootFact(Tools = ["sysctl"])]
    public async Task Connect_with_ecn_requested_captures_a_handshake_whose_decode_shows_sack_timestamps_window_scale_and_ecn()
    {
        await using var space = await TunNamespace.CreateWithPersistentDeviceAsync();
        (await space.ExecAsync("sysctl", "-w", "net.ipv4.tcp_ecn=1")).EnsureSuccess();
        using var listener = KernelPeers.Listener(space, ipv6: false, 5003);
        var server = ReceiveOneAsync(listener);
        var pcap = Path.Combine(Path.GetTempPath(), $"{space.Name}.pcap");
        try
        {
            var connect = await CliRun.RunAsync(["connect", .. CliRun.On(space, "--to", KernelPeers.Kernel(false, 5003), "--send-bytes", "20000", "--ecn", "request", "--pcap", pcap, "--format", "none")]);
            Assert.True(await connect.Exit == 0, connect.Error.ToString());
            Assert.Equal(20_000, (await server.WaitAsync(CliRun.HangGuard)).Length);

            var decode = await CliRun.RunAsync("decode", pcap);
            Assert.Equal(0, await decode.Exit);
            var lines = decode.Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            // The first of each, should one be sent again.
            var syn = lines.First(line => line.Contains("Flags [S", StringComparison.Ordinal) && !line.Contains("Flags [S.", StringComparison.Ordinal));
            var synAck = lines.First(line => line.Contains("Flags [S.", StringComparison.Ordinal));
            Assert.Contains("IP 192.0.2.2.", syn, StringComparison.Ordinal);
            Assert.Contains("Flags [SEW],", syn, StringComparison.Ordinal);
            Assert.Contains("Flags [S.E],", synAck, StringComparison.Ordinal);
            foreach (var line in new[] { syn, synAck })
            {
                Assert.Contains("sackOK", line, StringComparison.Ordinal);
                Assert.Contains("TS val ", line, StringComparison.Ordinal);
                Assert.Contains("wscale ", line, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(pcap);
        }
    }

    private static async Task<SynAck.Cli.Payload.PayloadVerifier> ReceiveOneAsync(System.Net.Sockets.Socket listener)
    {
        using var accepted = await listener.AcceptAsync();
        return await KernelPeers.ReceivePatternAsync(accepted);
    }
}
