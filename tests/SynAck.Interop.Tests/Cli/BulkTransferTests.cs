using System.Globalization;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using SynAck.Cli.Payload;
using SynAck.Interop.Tests.Namespaces;

namespace SynAck.Interop.Tests.Cli;

/// <summary>Large transfers between `synack serve` / `synack connect` on a TUN device and the kernel's TCP.</summary>
[SupportedOSPlatform("linux")]
public partial class BulkTransferTests
{
    private const long HundredMegabytes = 100L * 1024 * 1024;

    [RootTheory(Tools = ["curl", "sha256sum", "bash"])]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Curl_downloads_100_MB_from_the_http_responder_and_its_sha256_is_the_patterns(bool ipv6)
    {
        await using var space = await TunNamespace.CreateWithPersistentDeviceAsync();
        await using var serve = CliRun.Start(["serve", .. CliRun.On(space, "--http", "--port", "8080", "--format", "none", "--connections", "1")]);
        await serve.WaitUntilListeningAsync();
        var host = ipv6 ? $"[{TunNamespace.SynAckAddress6}]" : TunNamespace.SynAckAddress4.ToString();
        var length = HundredMegabytes.ToString(CultureInfo.InvariantCulture);

        var curl = (await space.ExecAsync("bash", "-c", $"set -o pipefail; curl -sS --fail -g http://{host}:8080/{length} | sha256sum")).EnsureSuccess();

        Assert.Equal($"{PayloadPattern.Sha256Hex(HundredMegabytes)}  -", curl.Output.Trim());
        Assert.Equal(0, await serve.WaitForExitAsync());
        Assert.Contains($"GET /{length} 200 {length} bytes", serve.Error.ToString(), StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Synack_uploads_100_MB_to_a_kernel_server_byte_exact()
    {
        await using var space = await TunNamespace.CreateWithPersistentDeviceAsync();
        using var listener = KernelPeers.Listener(space, ipv6: false, 5001);
        var server = ReceiveOneAsync(listener);

        var connect = await CliRun.RunAsync(["connect", .. CliRun.On(space, "--to", KernelPeers.Kernel(false, 5001), "--send-bytes", HundredMegabytes.ToString(CultureInfo.InvariantCulture), "--format", "none")]);

        Assert.True(await connect.Exit == 0, connect.Error.ToString());
        var received = await server.WaitAsync(CliRun.HangGuard);
        Assert.Null(received.FirstMismatch);
        Assert.Equal(HundredMegabytes, received.Length);
    }

    [RootTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Through_loss_duplication_and_reordering_both_ways_an_echoed_transfer_stays_byte_exact(bool ipv6)
    {
        const long Length = 3L * 1024 * 1024;
        await using var space = await TunNamespace.CreateWithPersistentDeviceAsync();
        await using var serve = CliRun.Start(["serve", .. CliRun.On(space, "--echo", "--port", "7", "--loss", "0.02", "--duplicate", "0.02", "--reorder", "0.02", "--seed", "20261126", "--format", "none", "--connections", "1")]);
        await serve.WaitUntilListeningAsync();
        using var client = KernelPeers.Client(space, ipv6);
        await client.ConnectAsync(KernelPeers.SynAck(ipv6, 7)).WaitAsync(CliRun.HangGuard);

        var echoed = KernelPeers.ReceivePatternAsync(client);
        await KernelPeers.SendPatternAsync(client, Length);
        client.Shutdown(SocketShutdown.Send);
        var received = await echoed.WaitAsync(CliRun.HangGuard);

        Assert.Null(received.FirstMismatch);
        Assert.Equal(Length, received.Length);
        Assert.Equal(0, await serve.WaitForExitAsync());
        var faults = FaultLine().Match(serve.Error.ToString());
        Assert.True(faults.Success, serve.Error.ToString());
        // Both ways the injector lost and duplicated packets: each kernel and SynAck had to recover.
        foreach (var group in new[] { "sentLost", "sentDuplicated", "receivedLost", "receivedDuplicated", "sentReordered", "receivedReordered" })
        {
            Assert.True(long.Parse(faults.Groups[group].Value, CultureInfo.InvariantCulture) > 0, $"{group}: {faults.Value}");
        }
    }

    private static async Task<PayloadVerifier> ReceiveOneAsync(Socket listener)
    {
        using var accepted = await listener.AcceptAsync();
        return await KernelPeers.ReceivePatternAsync(accepted);
    }

    [GeneratedRegex(@"faults: sent \d+ packets, (?<sentLost>\d+) lost, (?<sentDuplicated>\d+) duplicated, (?<sentReordered>\d+) reordered; received \d+ packets, (?<receivedLost>\d+) lost, (?<receivedDuplicated>\d+) duplicated, (?<receivedReordered>\d+) reordered")]
    private static partial Regex FaultLine();
}
