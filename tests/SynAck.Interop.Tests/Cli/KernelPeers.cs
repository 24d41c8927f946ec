using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using SynAck.Cli.Payload;
using SynAck.Interop.Tests.Namespaces;

namespace SynAck.Interop.Tests.Cli;

/// <summary>The kernel's TCP as SynAck's peer: .NET sockets created inside the test's namespace.</summary>
[SupportedOSPlatform("linux")]
internal static class KernelPeers
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>A TCP socket of the namespace, not yet connected.</summary>
    public static Socket Client(TunNamespace space, bool ipv6)
        => space.Run(() => new Socket(ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));

    /// <summary>A listening socket of the namespace on the kernel's address.</summary>
    public static Socket Listener(TunNamespace space, bool ipv6, int port)
        => space.Run(() =>
        {
            var socket = new Socket(ipv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(TunNamespace.KernelAddress(ipv6).ToIPAddress(), port));
            socket.Listen();
            return socket;
        });

    public static IPEndPoint SynAck(bool ipv6, int port) => new(TunNamespace.SynAckAddress(ipv6).ToIPAddress(), port);

    public static string Kernel(bool ipv6, int port) => new IPEndPoint(TunNamespace.KernelAddress(ipv6).ToIPAddress(), port).ToString();

    /// <summary>Sends <paramref name="count"/> bytes of the payload pattern.</summary>
    public static async Task SendPatternAsync(Socket socket, long count)
    {
        var chunk = new byte[ChunkSize];
        for (long sent = 0; sent < count;)
        {
            var length = (int)Math.Min(chunk.Length, count - sent);
            PayloadPattern.Fill(sent, chunk.AsSpan(0, length));
            await socket.SendAsync(chunk.AsMemory(0, length));
            sent += length;
        }
    }

    /// <summary>Reads until the peer closes, checking the bytes against the payload pattern.</summary>
    public static async Task<PayloadVerifier> ReceivePatternAsync(Socket socket)
    {
        var verifier = new PayloadVerifier();
        var chunk = new byte[ChunkSize];
        int read;
        while ((read = await socket.ReceiveAsync(chunk)) > 0)
        {
            verifier.Append(chunk.AsSpan(0, read));
        }

        return verifier;
    }

    /// <summary>The lines of `ss -tan` in the namespace that concern the given local or remote port.</summary>
    public static async Task<IReadOnlyList<string>> SocketStatesAsync(TunNamespace space, int port)
    {
        var ss = (await space.ExecAsync("ss", "-tan")).EnsureSuccess();
        return [.. ss.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains($":{port} ", StringComparison.Ordinal) || line.EndsWith($":{port}", StringComparison.Ordinal))];
    }
}
