using SynAck.Interop;

namespace SynAck.Links.Tun;

/// <summary>Opens a TUN device and reads or sets its MTU, on the calling thread's namespace.</summary>
internal static class TunDevice
{
    /// <summary>Opens <c>/dev/net/tun</c> non-blocking and binds it to an IFF_TUN | IFF_NO_PI interface.</summary>
    /// <returns>The descriptor, the interface name the kernel gave, and the device's MTU.</returns>
    public static (FileDescriptorHandle Descriptor, string Name, int Mtu) Open(string requestedName, int? mtu)
    {
        var fd = Libc.Open(Libc.TunClonePath, Libc.ORdWr | Libc.ONonBlock | Libc.OCloExec);
        if (fd.IsInvalid)
        {
            var errno = Errno.Last;
            fd.Dispose();
            throw errno == Errno.ENOENT
                ? new FileNotFoundException($"{Libc.TunClonePath} does not exist: load the tun module (modprobe tun) or give the container the device.", Libc.TunClonePath)
                : Errno.ToException(errno, $"Opening {Libc.TunClonePath}");
        }

        try
        {
            Span<byte> request = stackalloc byte[Libc.InterfaceRequestSize];
            Libc.WriteInterfaceName(request, requestedName);
            Libc.WriteInterfaceFlags(request, Libc.IffTun | Libc.IffNoPi);
            if (Libc.IoctlInterfaceRequest(fd, Libc.TunSetIff, request) != 0)
            {
                var errno = Errno.Last;
                var hint = errno switch
                {
                    Errno.EBUSY => " Another process holds the device open.",
                    Errno.EINVAL => " A device of that name exists and is not a TUN device.",
                    _ => string.Empty,
                };
                throw Errno.ToException(errno, $"Creating the TUN device '{requestedName}' (TUNSETIFF)" + hint);
            }

            var name = Libc.ReadInterfaceName(request);
            var actualMtu = ConfigureMtu(name, mtu);
            return (fd, name, actualMtu);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Sets the MTU when asked, then reads it back (SIOCSIFMTU / SIOCGIFMTU on a socket).</summary>
    private static int ConfigureMtu(string name, int? mtu)
    {
        using var socket = Libc.Socket(Libc.AfInet, Libc.SockDgram | Libc.SockCloExec, 0);
        if (socket.IsInvalid)
        {
            throw Errno.ToException(Errno.Last, "Creating a socket to configure the MTU");
        }

        Span<byte> request = stackalloc byte[Libc.InterfaceRequestSize];
        if (mtu is { } wanted)
        {
            Libc.WriteInterfaceName(request, name);
            Libc.WriteInterfaceInt(request, wanted);
            if (Libc.IoctlInterfaceRequest(socket, Libc.SiocSetInterfaceMtu, request) != 0)
            {
                throw Errno.ToException(Errno.Last, $"Setting the MTU of {name} to {wanted} (SIOCSIFMTU)");
            }
        }

        Libc.WriteInterfaceName(request, name);
        if (Libc.IoctlInterfaceRequest(socket, Libc.SiocGetInterfaceMtu, request) != 0)
        {
            throw Errno.ToException(Errno.Last, $"Reading the MTU of {name} (SIOCGIFMTU)");
        }

        return Libc.ReadInterfaceInt(request);
    }
}
