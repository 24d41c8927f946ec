using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using SynAck.Interop.Tests.Namespaces;

namespace SynAck.Interop.Tests.Cli;

/// <summary>
/// How connections between SynAck and the kernel end: both closing orders (the side that closes
/// first holds TIME-WAIT, RFC 9293 §3.6), refusals and aborts both ways. SynAck's states come
/// from its JSON events, the kernel's from `ss -tan` in the namespace.
/// </summary>
[SupportedOSPlatform("linux")]
public class ConnectionLifecycleTests
{
    [RootFact(Tools = ["ss"])]
    public async Task When_the_kernel_closes_first_the_kernel_holds_TIME_WAIT_and_synack_passes_CLOSE_WAIT_and_LAST_ACK()
    {
        await using var space = await TunNamespace.CreateWithPersistentDeviceAsync();
        var pcap = Path.Combine(Path.GetTempPath(), $"{space.Name}.pcap");
        await using var serve = CliRun.Start(["serve", .. CliRun.On(space, "--discard", "--port", "9", "--format", "json", "--connections", "1", "--pcap", pcap)]);
        await serve.WaitUntilListeningAsync();
        using var client = KernelPeers.Client(space, ipv6: false);
        await client.ConnectAsync(KernelPeers.SynAck(false, 9)).WaitAsync(CliRun.HangGuard);
        var port = ((IPEndPoint)client.LocalEndPoint!).Port;

        await KernelPeers.SendPatternAsync(client, 1000);
        client.Shutdown(SocketShutdown.Send);
        var end = await client.ReceiveAsync(new byte[1]).WaitAsync(CliRun.HangGuard);
        Assert.Equal(0, await serve.WaitForExitAsync());

        Assert.Equal(0, end);
        var kernel = await KernelPeers.SocketStatesAsync(space, port);
        Assert.Contains(kernel, line => line.StartsWith("TIME-WAIT", StringComparison.Ordinal) && line.Contains($"192.0.2.1:{port}", StringComparison.Ordinal) && line.Contains("192.0.2.2:9", StringComparison.Ordinal));
        // The listener's own LISTEN and CLOSED surround the connection's states.
        var states = serve.SynAckStates();
        Assert.True(ContainsRun(states, "SYN_RCVD", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"), string.Join(' ', states));
        Assert.DoesNotContain("TIME_WAIT", states);
        try
        {
            // The pcap holds the whole connection, from the SYN to a FIN each way.
            var decode = await CliRun.RunAsync("decode", pcap);
            Assert.Equal(0, await decode.Exit);
            var segments = decode.Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(segments, line => line.Contains("Flags [S],", StringComparison.Ordinal));
            Assert.Contains(segments, line => line.Contains("Flags [S.],", StringComparison.Ordinal));
            Assert.Contains(segments, line => line.Contains("IP 192.0.2.1.", StringComparison.Ordinal) && line.Contains("Flags [F", StringComparison.Ordinal));
            Assert.Contains(segments, line => line.Contains("IP 192.0.2.2.9 ", StringComparison.Ordinal) && line.Contains("Flags [F", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(pcap);
        }
    }

    [RootFact(Tools = ["ss"])]
    public async Task When_synack_closes_first_synack_holds_TIME_WAIT_and_the_kernel_passes_CLOSE_WAIT()
    {
        await using var space = await TunNamespace.CreateWithPersistentDeviceAsync();
        using var listener = KernelPeers.Listener(space, ipv6: false, 5002);
        await using var connect = CliRun.Start(["connect", .. CliRun.On(space, "--to", KernelPeers.Kernel(false, 5002), "--send-bytes", "1000", "--format", "json")]);
        using var accepted = await listener.AcceptAsync().WaitAsync(CliRun.HangGuard);
        var synackPort = ((IPEndPoint)accepted.RemoteEndPoint!).Port;

        var received = await KernelPeers.ReceivePatternAsync(accepted).WaitAsync(CliRun.HangGuard);
        var kernelAfterFin = await KernelPeers.SocketStatesAsync(space, synackPort);
        accepted.Shutdown(SocketShutdown.Send);
        var exit = await connect.WaitForExitAsync();
        var kernelAfterClose = await KernelPeers.SocketStatesAsync(space, synackPort);

        Assert.Equal(1000, received.Length);
        Assert.True(exit == 0, connect.Error.ToString());
        Assert.Contains(kernelAfterFin, line => line.StartsWith("CLOSE-WAIT", StringComparison.Ordinal) && line.Contains("192.0.2.1:5002", StringComparison.Ordinal));
        Assert.DoesNotContain(kernelAfterClose, line => line.StartsWith("TIME-WAIT", StringComparison.Ordinal));
        // The stack is disposed with the connection in TIME-WAIT when the command ends.
        Assert.Equal(["SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSED"], connect.SynAckStates());
    }

    [RootTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_kernel_connect_to_a_synack_port_nobody_listens_on_is_refused(bool ipv6)
    {
        await using var space = await TunNamespace.CreateWithPersistentDeviceAsync();
        await using var serve = CliRun.Start(["serve", .. CliRun.On(space, "--echo", "--port", "7", "--format", "none")]);
        await serve.WaitUntilListeningAsync();
        using var client = KernelPeers.Client(space, ipv6);

        var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(KernelPeers.SynAck(ipv6, 8)).WaitAsync(CliRun.HangGuard));

        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [RootTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_synack_connect_to_a_kernel_port_nobody_listens_on_fails_with_ConnectionRefused(bool ipv6)
    {
        await using var space = await TunNamespace.CreateWithPersistentDeviceAsync();

        var connect = await CliRun.RunAsync(["connect", .. CliRun.On(space, "--to", KernelPeers.Kernel(ipv6, 9), "--format", "json")]);

        Assert.Equal(1, await connect.Exit);
        Assert.Contains("(ConnectionRefused)", connect.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal(["SYN_SENT", "CLOSED"], connect.SynAckStates());
    }

    [RootFact]
    public async Task A_synack_abort_resets_the_kernels_connection()
    {
        await using var space = await TunNamespace.CreateWithPersistentDeviceAsync();
        using var listener = KernelPeers.Listener(space, ipv6: false, 5003);
        await using var connect = CliRun.Start(["connect", .. CliRun.On(space, "--to", KernelPeers.Kernel(false, 5003), "--send-bytes", "1000", "--abort", "--format", "none")]);
        using var accepted = await listener.AcceptAsync().WaitAsync(CliRun.HangGuard);

        var reset = await Assert.ThrowsAsync<SocketException>(() => KernelPeers.ReceivePatternAsync(accepted).WaitAsync(CliRun.HangGuard));

        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        Assert.True(await connect.WaitForExitAsync() == 0, connect.Error.ToString());
    }

    [RootFact]
    public async Task A_kernel_abort_fails_synacks_transfer_with_ConnectionReset()
    {
        await using var space = await TunNamespace.CreateWithPersistentDeviceAsync();
        using var listener = KernelPeers.Listener(space, ipv6: false, 5004);
        await using var connect = CliRun.Start(["connect", .. CliRun.On(space, "--to", KernelPeers.Kernel(false, 5004), "--expect-bytes", "1000000", "--format", "json")]);
        using (var accepted = await listener.AcceptAsync().WaitAsync(CliRun.HangGuard))
        {
            await KernelPeers.SendPatternAsync(accepted, 1000);
            accepted.LingerState = new LingerOption(enable: true, seconds: 0);
        }

        Assert.Equal(1, await connect.WaitForExitAsync());
        Assert.Contains("(ConnectionReset)", connect.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal("CLOSED", connect.SynAckStates()[^1]);
    }

    private static bool ContainsRun(IReadOnlyList<string> states, params string[] run)
        => Enumerable.Range(0, Math.Max(0, states.Count - run.Length + 1)).Any(start => states.Skip(start).Take(run.Length).SequenceEqual(run));
}
