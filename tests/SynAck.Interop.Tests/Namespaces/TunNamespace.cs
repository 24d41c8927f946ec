using System.Globalization;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using SynAck.Links.Tun;
using SynAck.Wire.Ip;

namespace SynAck.Interop.Tests.Namespaces;

/// <summary>
/// A private network namespace with a TUN device for one test (DESIGN.md, "Safety of tests that
/// touch the network"). The kernel side of the device has 192.0.2.1/24 and 2001:db8::1/64;
/// SynAck's side is 192.0.2.2 and 2001:db8::2 (documentation ranges only). Disposing it closes the
/// device, ends any process still inside, and deletes the namespace, also when the test failed.
/// </summary>
/// <remarks>
/// Names are <c>synack-tun-PID-RANDOM</c>. Before the first namespace of a test run, namespaces of
/// this pattern whose process is gone (a run that crashed) are deleted; namespaces of other
/// patterns, or of a live process, belong to someone else and are left alone.
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed class TunNamespace : IAsyncDisposable
{
    public const string InterfaceName = "synack0";
    private const string Prefix = "synack-tun-";

    private static readonly Lazy<Task> Sweep = new(SweepStaleAsync);

    private TunNamespace(string name) => Name = name;

    public static IpAddress KernelAddress4 { get; } = IpAddress.Parse("192.0.2.1");

    public static IpAddress SynAckAddress4 { get; } = IpAddress.Parse("192.0.2.2");

    public static IpAddress KernelAddress6 { get; } = IpAddress.Parse("2001:db8::1");

    public static IpAddress SynAckAddress6 { get; } = IpAddress.Parse("2001:db8::2");

    /// <summary>The namespace name, as `ip netns list` shows it.</summary>
    public string Name { get; }

    /// <summary>The TUN link of the namespace's device, not yet attached. The namespace disposes it.</summary>
    public TunLink Link { get; private set; } = null!;

    public static IpAddress KernelAddress(bool ipv6) => ipv6 ? KernelAddress6 : KernelAddress4;

    public static IpAddress SynAckAddress(bool ipv6) => ipv6 ? SynAckAddress6 : SynAckAddress4;

    /// <summary>Creates the namespace, the device (with the given MTU), its addresses and routes, and brings it up.</summary>
    public static Task<TunNamespace> CreateAsync(int? mtu = null, int receiveBatchCount = 8) =>
        CreateAsync(space =>
        {
            space.Link = TunLink.Open(new TunLinkOptions
            {
                InterfaceName = InterfaceName,
                Mtu = mtu,
                NetworkNamespace = space.Name,
                ReceiveBatchCount = receiveBatchCount,
            });
            return Task.CompletedTask;
        });

    /// <summary>
    /// Creates the namespace with a persistent TUN device (`ip tuntap add`) that nobody holds open,
    /// with its addresses, routes and MTU, up: for `synack serve` and `synack connect` to attach to
    /// with --netns and --tun. <see cref="Link"/> stays null.
    /// </summary>
    public static Task<TunNamespace> CreateWithPersistentDeviceAsync(int? mtu = null) =>
        CreateAsync(async space =>
        {
            (await Ip("-n", space.Name, "tuntap", "add", "mode", "tun", InterfaceName)).EnsureSuccess();
            if (mtu is { } value)
            {
                (await Ip("-n", space.Name, "link", "set", InterfaceName, "mtu", value.ToString(CultureInfo.InvariantCulture))).EnsureSuccess();
            }
        });

    /// <summary>A new uniquely named namespace in which <paramref name="createDevice"/> makes the device; then its addresses, and up. Deleted again on any failure.</summary>
    private static async Task<TunNamespace> CreateAsync(Func<TunNamespace, Task> createDevice)
    {
        await Sweep.Value;
        var name = Prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        (await Ip("netns", "add", name)).EnsureSuccess();
        var space = new TunNamespace(name);
        try
        {
            await createDevice(space);
            (await Ip("-n", name, "link", "set", "lo", "up")).EnsureSuccess();
            (await Ip("-n", name, "addr", "add", $"{KernelAddress4}/24", "dev", InterfaceName)).EnsureSuccess();
            (await Ip("-n", name, "addr", "add", $"{KernelAddress6}/64", "dev", InterfaceName, "nodad")).EnsureSuccess();
            (await Ip("-n", name, "link", "set", InterfaceName, "up")).EnsureSuccess();
            return space;
        }
        catch
        {
            await space.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a command inside the namespace (`ip netns exec`).</summary>
    public Task<CommandResult> ExecAsync(params string[] command) => Ip(["netns", "exec", Name, .. command]);

    /// <summary>Runs `ip -n NAME ...` against the namespace.</summary>
    public Task<CommandResult> IpAsync(params string[] arguments) => Ip(["-n", Name, .. arguments]);

    /// <summary>Runs code on a thread inside the namespace: sockets it creates belong to the namespace.</summary>
    public T Run<T>(Func<T> action) => NetworkNamespace.Run(Name, action);

    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        if (Link is not null)
        {
            try
            {
                await Link.DisposeAsync().AsTask().WaitAsync(ShellCommand.HangGuard);
            }
            catch (Exception exception)
            {
                failures.Add(exception);
            }
        }

        try
        {
            await DeleteAsync(Name);
        }
        catch (Exception exception)
        {
            failures.Add(exception);
        }

        if (failures.Count > 0)
        {
            throw new AggregateException($"Cleaning up the namespace {Name} failed.", failures);
        }
    }

    private static Task<CommandResult> Ip(params string[] arguments) => ShellCommand.RunAsync("ip", arguments);

    /// <summary>Ends the processes left inside (all started by this test), then deletes the namespace.</summary>
    private static async Task DeleteAsync(string name)
    {
        var pids = await Ip("netns", "pids", name);
        foreach (var line in pids.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(line, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId)
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().WaitAsync(ShellCommand.HangGuard);
                }
                catch (ArgumentException)
                {
                    // It ended by itself meanwhile.
                }
            }
        }

        (await Ip("netns", "delete", name)).EnsureSuccess();
    }

    private static async Task SweepStaleAsync()
    {
        if (!Directory.Exists(NetworkNamespace.NamedNamespaceFolder))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(NetworkNamespace.NamedNamespaceFolder, Prefix + "*"))
        {
            var name = Path.GetFileName(path);
            var pidText = name.AsSpan(Prefix.Length);
            var dash = pidText.IndexOf('-');
            if (dash > 0
                && int.TryParse(pidText[..dash], CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId
                && !Directory.Exists($"/proc/{pid}"))
            {
                await DeleteAsync(name);
            }
        }
    }
}
