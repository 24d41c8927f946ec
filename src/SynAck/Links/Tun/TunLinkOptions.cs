using System.Runtime.Versioning;

namespace SynAck.Links.Tun;

/// <summary>How <see cref="TunLink.Open"/> opens a TUN device.</summary>
public sealed class TunLinkOptions
{
    /// <summary>The smallest MTU accepted: IPv4's minimum (RFC 791). IPv6 needs 1280 (RFC 8200 §5).</summary>
    public const int MinMtu = 68;

    /// <summary>The largest MTU accepted: the largest IP packet (the TUN driver's own limit too).</summary>
    public const int MaxMtu = 65_535;

    /// <summary>
    /// The interface name, at most 15 ASCII characters. A <c>%d</c> in it lets the kernel pick the
    /// first free number (<c>synack%d</c> gives synack0, synack1...). A device of that name that
    /// already exists (for example a persistent one made by <c>ip tuntap add mode tun NAME</c>) is
    /// attached to if it is a TUN device nobody else holds open. Default: <c>synack%d</c>.
    /// </summary>
    public string InterfaceName { get; set; } = "synack%d";

    /// <summary>
    /// The MTU to set on the device (SIOCSIFMTU), from <see cref="MinMtu"/> to <see cref="MaxMtu"/>;
    /// null keeps the device's MTU (1500 for a new TUN device). Either way the link reads the MTU
    /// back once, when it opens, and reports it as <see cref="TunLink.Mtu"/>; change it through
    /// this option rather than with <c>ip link set mtu</c> afterwards. Default: null.
    /// </summary>
    public int? Mtu { get; set; }

    /// <summary>
    /// The named network namespace (<c>ip netns add NAME</c>) to create the device in; null for the
    /// caller's own. See <see cref="Tun.NetworkNamespace"/>. Default: null.
    /// </summary>
    public string? NetworkNamespace { get; set; }

    /// <summary>
    /// How many receive batches (128 KiB buffers, each holding many packets) may be in flight to
    /// the event loop at once, at least 2. When all are queued on a busy loop the reader waits
    /// and the kernel queues (and past its tx queue length, drops) packets. Default: 8.
    /// </summary>
    public int ReceiveBatchCount { get; set; } = 8;

    /// <summary>Checks the options, throwing for a value no device could take.</summary>
    [SupportedOSPlatform("linux")]
    internal void Validate()
    {
        ValidateInterfaceName(InterfaceName);
        if (Mtu is { } mtu)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(mtu, MinMtu, nameof(Mtu));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(mtu, MaxMtu, nameof(Mtu));
        }

        if (NetworkNamespace is not null)
        {
            _ = Tun.NetworkNamespace.PathOf(NetworkNamespace);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveBatchCount, 2, nameof(ReceiveBatchCount));
    }

    /// <summary>The kernel's rules for a device name (dev_valid_name), checked before asking it.</summary>
    private static void ValidateInterfaceName(string? name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, nameof(InterfaceName));
        if (name.Length >= Interop.Libc.InterfaceNameSize)
        {
            throw new ArgumentException($"The interface name '{name}' is longer than {Interop.Libc.InterfaceNameSize - 1} characters.", nameof(InterfaceName));
        }

        if (name is "." or ".." || name.Any(c => c is <= ' ' or > '~' or '/' or ':'))
        {
            throw new ArgumentException($"'{name}' is not a valid interface name (printable ASCII without spaces, '/' or ':').", nameof(InterfaceName));
        }
    }
}
