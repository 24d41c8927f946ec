using System.Runtime.Versioning;
using SynAck.Links;
using SynAck.Links.Tun;
using SynAck.Stack;
using SynAck.Tcp;
using SynAck.Wire.Capture;

namespace SynAck.Cli.Tun;

/// <summary>
/// A SynAck stack on a TUN device, as <c>serve</c> and <c>connect</c> run it. The link chain,
/// from the stack down: the receive tap (traces), the pcap tap (SynAck's view: what it sent,
/// before faults, and what it received, after them), the fault injector, the TUN device.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class TunSession : IAsyncDisposable
{
    /// <summary>SynAck's endpoint name in traces and ladders.</summary>
    public const string StackName = "synack";

    private TunSession(NetworkStack stack, TunLink device, FaultInjectingLink? faults, LiveTrace trace, int seed)
    {
        Stack = stack;
        Device = device;
        Faults = faults;
        Trace = trace;
        Seed = seed;
    }

    /// <summary>The stack.</summary>
    public NetworkStack Stack { get; }

    /// <summary>The TUN link at the bottom of the chain.</summary>
    public TunLink Device { get; }

    /// <summary>The fault injector above the device, or null when no faults were asked for.</summary>
    public FaultInjectingLink? Faults { get; }

    /// <summary>Where the events go.</summary>
    public LiveTrace Trace { get; }

    /// <summary>The seed in use (given or drawn), to repeat a run.</summary>
    public int Seed { get; }

    /// <summary>Opens the device and builds the stack on it.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    /// <exception cref="IOException">The device cannot be opened (see <see cref="TunLink.Open"/>).</exception>
    /// <exception cref="UnauthorizedAccessException">The process lacks CAP_NET_ADMIN.</exception>
    public static TunSession Open(TunSettings settings, TextWriter output)
    {
        var seed = settings.Seed ?? Random.Shared.Next();
        var trace = new LiveTrace(output, settings.Format, settings.Diagram);
        var device = TunLink.Open(new TunLinkOptions { InterfaceName = settings.Tun, Mtu = settings.Mtu, NetworkNamespace = settings.Netns });
        ILink link = device;
        FaultInjectingLink? faults = null;
        NetworkStack? stack = null;
        try
        {
            if (!settings.Faults.IsNone)
            {
                link = faults = new FaultInjectingLink(link, settings.Faults, new Random(seed));
            }

            if (settings.PcapPath is { } path)
            {
                link = new PcapTapLink(link, new PcapWriter(File.Create(path), new PcapWriterOptions { LinkType = LinkType.Raw }));
            }

            var tracing = settings.Format != TraceFormat.None;
            if (tracing)
            {
                link = new ReceivedSegmentTap(link, trace, StackName);
            }

            stack = new NetworkStack(new NetworkStackOptions
            {
                Name = StackName,
                Seed = seed,
                TraceObserver = tracing ? trace : null,
                DefaultConnectionOptions = settings.BufferSize is { } size
                    ? new TcpConnectionOptions { SendBufferSize = size, ReceiveBufferSize = size, Ecn = settings.Ecn }
                    : new TcpConnectionOptions { Ecn = settings.Ecn },
            });
            // The device is SynAck's only link, so everything off-link goes there too.
            stack.AddInterface(link, new NetworkInterfaceOptions
            {
                Name = device.Name,
                Addresses = settings.Addresses,
                DefaultRouteIPv4 = true,
                DefaultRouteIPv6 = true,
            });
            return new TunSession(stack, device, faults, trace, seed);
        }
        catch
        {
            stack?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            link.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Stops the stack (aborting what is left), closes the device and draws what is still open.</summary>
    public async ValueTask DisposeAsync()
    {
        await Stack.DisposeAsync();
        Trace.Complete();
    }
}
