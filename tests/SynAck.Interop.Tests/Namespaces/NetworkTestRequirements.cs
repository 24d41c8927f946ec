using System.Globalization;

namespace SynAck.Interop.Tests.Namespaces;

/// <summary>
/// What a test that touches the network needs (DESIGN.md, "Safety of tests that touch the
/// network"): Linux, CAP_NET_ADMIN and CAP_SYS_ADMIN (TUN devices, `ip netns`, setns), the TUN
/// driver and the `ip` tool. Checked once; the reason is the skip message.
/// </summary>
internal static class NetworkTestRequirements
{
    private const int CapNetAdmin = 12;
    private const int CapSysAdmin = 21;

    private static readonly Lazy<string?> MissingReason = new(FindMissing);

    /// <summary>Why network tests cannot run here, or null when they can.</summary>
    public static string? Missing => MissingReason.Value;

    /// <summary>Why a test needing <paramref name="tools"/> too cannot run, or null.</summary>
    public static string? MissingWith(IEnumerable<string> tools)
        => Missing ?? tools.Where(t => FindOnPath(t) is null).Select(t => $"Skipped: `{t}` is not installed (needed on PATH for this test).").FirstOrDefault();

    /// <summary>The full path of an executable on PATH, or null.</summary>
    public static string? FindOnPath(string tool)
        => (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/sbin")
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);

    private static string? FindMissing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "Skipped: TUN devices and network namespaces need Linux.";
        }

        var effective = EffectiveCapabilities();
        if ((effective & (1UL << CapNetAdmin)) == 0 || (effective & (1UL << CapSysAdmin)) == 0)
        {
            return "Skipped: needs root with CAP_NET_ADMIN and CAP_SYS_ADMIN (to create network namespaces and TUN devices); this process lacks them.";
        }

        if (!File.Exists("/dev/net/tun"))
        {
            return "Skipped: /dev/net/tun does not exist (load the tun module or give the container the device).";
        }

        return FindOnPath("ip") is null ? "Skipped: the `ip` tool (iproute2) is not installed." : null;
    }

    private static ulong EffectiveCapabilities()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        return line is not null && ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var caps) ? caps : 0;
    }
}

/// <summary>A fact that runs only where network namespaces and TUN devices can be made; skipped with the reason otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    /// <summary>Further tools the test runs (inside its namespace), such as "curl".</summary>
    public string[] Tools { get; set; } = [];

    /// <inheritdoc/>
    public override string? Skip
    {
        get => base.Skip ?? NetworkTestRequirements.MissingWith(Tools);
        set => base.Skip = value;
    }
}

/// <summary>A theory that runs only where network namespaces and TUN devices can be made; skipped with the reason otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootTheoryAttribute : TheoryAttribute
{
    /// <summary>Further tools the test runs (inside its namespace), such as "curl".</summary>
    public string[] Tools { get; set; } = [];

    /// <inheritdoc/>
    public override string? Skip
    {
        get => base.Skip ?? NetworkTestRequirements.MissingWith(Tools);
        set => base.Skip = value;
    }
}
