using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace SynAck.Cli.Tun;

/// <summary>What <c>serve</c> and <c>connect</c> do alike: open the session, report why it failed, describe it.</summary>
internal static class TunVerb
{
    /// <summary>Opens the device and the stack, or writes why not to <paramref name="error"/>.</summary>
    /// <returns>True with the session; false with the exit code (1: the system refused; 2: a bad setting).</returns>
    public static bool TryOpen(string verb, TunSettings settings, TextWriter output, TextWriter error, [NotNullWhen(true)] out TunSession? session, out int exitCode)
    {
        session = null;
        exitCode = ExitCodes.Failure;
        if (!OperatingSystem.IsLinux())
        {
            error.WriteLine($"synack {verb}: TUN devices need Linux.");
            return false;
        }

        try
        {
            session = TunSession.Open(settings, output);
            exitCode = ExitCodes.Success;
            return true;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"synack {verb}: {e.Message} (run as root, or give the process CAP_NET_ADMIN; --netns needs CAP_SYS_ADMIN too)");
        }
        catch (FileNotFoundException e)
        {
            error.WriteLine($"synack {verb}: {e.Message}");
            exitCode = ExitCodes.BadInput;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"synack {verb}: {e.Message}");
            exitCode = ExitCodes.BadInput;
        }
        catch (IOException e)
        {
            error.WriteLine($"synack {verb}: {e.Message}");
        }

        return false;
    }

    /// <summary>
    /// Cancels <paramref name="stop"/> on the first SIGINT (Ctrl+C) or SIGTERM, so the verb closes
    /// its connections, device and pcap file before it ends; a second signal terminates as usual.
    /// </summary>
    /// <returns>The registrations, to dispose when the verb is over.</returns>
    [SupportedOSPlatform("linux")]
    public static IDisposable StopOnSignals(CancellationTokenSource stop)
    {
        void Handle(PosixSignalContext context)
        {
            if (!stop.IsCancellationRequested)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        }

        return new SignalRegistrations(PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle));
    }

    /// <summary>One line about the session: device, MTU, addresses, seed.</summary>
    [SupportedOSPlatform("linux")]
    public static string Describe(TunSession session, TunSettings settings)
    {
        var where = settings.Netns is null ? string.Empty : $" in namespace {settings.Netns}";
        var addresses = string.Join(", ", settings.Addresses);
        return string.Create(CultureInfo.InvariantCulture, $"device {session.Device.Name}{where}, MTU {session.Device.Mtu}, SynAck at {addresses}, seed {session.Seed}");
    }

    /// <summary>What the fault injector did each way, or null without faults.</summary>
    [SupportedOSPlatform("linux")]
    public static string? DescribeFaults(TunSession session)
    {
        if (session.Faults is not { } faults)
        {
            return null;
        }

        return $"faults: sent {Count(faults.OutboundCounters)}; received {Count(faults.InboundCounters)}";

        static string Count(SynAck.Links.FaultCounters c)
            => string.Create(CultureInfo.InvariantCulture, $"{c.Packets} packets, {c.Lost} lost, {c.Duplicated} duplicated, {c.Reordered} reordered");
    }

    /// <summary>The address of <paramref name="settings"/> of the given family, or null.</summary>
    public static IPAddress? AddressOf(TunSettings settings, bool ipv6)
        => settings.Addresses.Select(a => a.Address).FirstOrDefault(a => (a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) == ipv6);

    /// <summary>A rate in MB/s (10^6 bytes), or "-" for no time.</summary>
    public static string Rate(long bytes, TimeSpan elapsed)
        => elapsed <= TimeSpan.Zero ? "-" : string.Create(CultureInfo.InvariantCulture, $"{bytes / elapsed.TotalSeconds / 1e6:F1} MB/s");

    private sealed class SignalRegistrations(params PosixSignalRegistration[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }
}
