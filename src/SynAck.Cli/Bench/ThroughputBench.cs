using System.Diagnostics;
using System.Net;
using SynAck.InMemory;
using SynAck.Links;
using SynAck.Stack;
using SynAck.Tcp;
using SynAck.Tcp.Congestion;

namespace SynAck.Cli.Bench;

/// <summary>How one throughput run goes.</summary>
/// <param name="Mss">The MSS both ends use; the path's MTU is the MSS plus 40 bytes of IPv4 and TCP headers.</param>
/// <param name="Bytes">How many bytes the client sends at most.</param>
/// <param name="Duration">How long the client sends at most, or null for as long as <paramref name="Bytes"/> takes.</param>
internal sealed record ThroughputSettings(int Mss, long Bytes, TimeSpan? Duration)
{
    /// <summary>The probability that the network loses a packet, each way, from 0 to less than 1. Default 0.</summary>
    public double Loss { get; init; }

    /// <summary>The path's round-trip time; half of it is added to each direction. Default zero.</summary>
    public TimeSpan Rtt { get; init; }

    /// <summary>The seed of the network's losses and the stacks' secrets (ISNs, ports). Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Both ends' congestion control. Default CUBIC.</summary>
    public CongestionControlAlgorithm CongestionControl { get; init; } = CongestionControlAlgorithm.Cubic;

    /// <summary>Whether both ends offer SACK (with RACK-TLP loss detection); without it, recovery is NewReno's from duplicate ACKs. Default true.</summary>
    public bool Sack { get; init; } = true;
}

/// <summary>
/// In-memory bulk throughput in real time: the pair's stacks each on their own thread, the client
/// writing as fast as its stream takes data, the server reading until the FIN. The link is trusted,
/// so received checksums are not verified. Measured by the wall clock, from the first write to the
/// server's end of stream. With <see cref="ThroughputSettings.Loss"/> the seed fixes the sequence of
/// loss draws, but in real time the packets they fall on can differ from run to run.
/// </summary>
internal static class ThroughputBench
{
    /// <summary>The largest MSS: an IPv4 packet of 65535 bytes less 40 bytes of headers.</summary>
    public const int LargestMss = 65495;

    private const int BufferSize = 4 * 1024 * 1024;
    private const int ChunkSize = 256 * 1024;

    /// <summary>Runs one transfer.</summary>
    public static async Task<ThroughputResult> RunAsync(ThroughputSettings settings, IProgress<double>? progress)
    {
        var path = new PathOptions
        {
            Mtu = settings.Mss + 40,
            Latency = settings.Rtt / 2,
            Faults = settings.Loss > 0 ? new FaultOptions { LossProbability = settings.Loss } : FaultOptions.None,
        };
        var options = new TcpConnectionOptions
        {
            MaximumSegmentSize = settings.Mss,
            SendBufferSize = BufferSize,
            ReceiveBufferSize = BufferSize,
            CongestionControl = settings.CongestionControl,
            Sack = settings.Sack,
        };
        await using var pair = InMemoryStackPair.CreateRealTime(new InMemoryStackPairOptions
        {
            Seed = settings.Seed,
            ClientToServer = path,
            ServerToClient = path,
            ConnectionOptions = options,
            TrustReceivedChecksums = true,
        });
        var endPoint = new IPEndPoint(InMemoryStackPair.ServerAddress, 5001);
        await using var listener = await TcpConnectionListener.ListenAsync(new TcpListenerOptions { Stack = pair.Server, ListenEndPoint = endPoint });
        var accept = listener.AcceptConnectionAsync();
        await using var client = await TcpConnection.ConnectAsync(new TcpClientConnectionOptions { Stack = pair.Client, RemoteEndPoint = endPoint });
        await using var server = await accept;

        var chunk = new byte[ChunkSize];
        var stopwatch = Stopwatch.StartNew();
        var receiving = ReceiveAllAsync(server.GetStream());
        var clientStream = client.GetStream();
        long sent = 0;
        while (sent < settings.Bytes && (settings.Duration is not { } limit || stopwatch.Elapsed < limit))
        {
            var count = (int)Math.Min(chunk.Length, settings.Bytes - sent);
            await clientStream.WriteAsync(chunk.AsMemory(0, count));
            sent += count;
            progress?.Report(settings.Duration is { } duration
                ? Math.Max((double)sent / settings.Bytes, stopwatch.Elapsed / duration)
                : (double)sent / settings.Bytes);
        }

        clientStream.CompleteWrites();
        var received = await receiving;
        stopwatch.Stop();
        return new ThroughputResult(settings, received, received * 8 / stopwatch.Elapsed.TotalSeconds / 1e9);
    }

    private static async Task<long> ReceiveAllAsync(Stream stream)
    {
        var buffer = new byte[ChunkSize];
        long total = 0;
        int count;
        while ((count = await stream.ReadAsync(buffer)) > 0)
        {
            total += count;
        }

        return total;
    }
}
