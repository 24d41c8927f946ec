using System.Net.Sockets;
using System.Runtime.Versioning;
using SynAck.Interop.Tests.Namespaces;

namespace SynAck.Interop.Tests.Cli;

/// <summary>Many kernel clients at once against `synack serve`.</summary>
[SupportedOSPlatform("linux")]
public class ConcurrencyTests
{
    [RootFact]
    public async Task A_hundred_concurrent_kernel_clients_are_each_echoed_byte_exact()
    {
        const int Clients = 100;
        const long Length = 64 * 1024;
        await using var space = await TunNamespace.CreateWithPersistentDeviceAsync();
        await using var serve = CliRun.Start(["serve", .. CliRun.On(space, "--echo", "--port", "7", "--format", "none", "--connections", "100")]);
        await serve.WaitUntilListeningAsync();
        var sockets = space.Run(() => Enumerable.Range(0, Clients).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToArray());
        try
        {
            var results = await Task.WhenAll(sockets.Select(async socket =>
            {
                await socket.ConnectAsync(KernelPeers.SynAck(false, 7));
                var echoed = KernelPeers.ReceivePatternAsync(socket);
                await KernelPeers.SendPatternAsync(socket, Length);
                socket.Shutdown(SocketShutdown.Send);
                return await echoed;
            })).WaitAsync(CliRun.HangGuard);

            Assert.All(results, received =>
            {
                Assert.Null(received.FirstMismatch);
                Assert.Equal(Length, received.Length);
            });
            Assert.Equal(0, await serve.WaitForExitAsync());
            Assert.Contains("served 100 connections", serve.Error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }
}
