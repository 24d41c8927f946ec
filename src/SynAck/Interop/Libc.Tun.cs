using System.Runtime.InteropServices;
using System.Text;

namespace SynAck.Interop;

/// <summary>The TUN driver: /dev/net/tun and its TUNSETIFF ioctl (linux/if_tun.h).</summary>
internal static partial class Libc
{
    public const string TunClonePath = "/dev/net/tun";

    /// <summary>_IOW('T', 202, int).</summary>
    public const uint TunSetIff = 0x4004_54CA;

    public const short IffTun = 0x0001;
    public const short IffNoPi = 0x1000;

    /// <summary>IFNAMSIZ: an interface name and its terminating NUL.</summary>
    public const int InterfaceNameSize = 16;

    /// <summary>sizeof(struct ifreq) on 64-bit Linux: the name, then a 24-byte union.</summary>
    public const int InterfaceRequestSize = 40;

    /// <summary>Where the union of <c>struct ifreq</c> starts (ifr_flags, ifr_mtu...).</summary>
    private const int InterfaceRequestUnionOffset = InterfaceNameSize;

    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int IoctlInterfaceRequest(FileDescriptorHandle fd, nuint request, Span<byte> interfaceRequest);

    /// <summary>Writes an interface name into a zeroed <c>struct ifreq</c>.</summary>
    public static void WriteInterfaceName(Span<byte> interfaceRequest, string name)
    {
        interfaceRequest.Clear();
        Encoding.ASCII.GetBytes(name, interfaceRequest[..(InterfaceNameSize - 1)]);
    }

    /// <summary>Reads the interface name the kernel wrote back into a <c>struct ifreq</c>.</summary>
    public static string ReadInterfaceName(ReadOnlySpan<byte> interfaceRequest)
    {
        var name = interfaceRequest[..InterfaceNameSize];
        var end = name.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? name : name[..end]);
    }

    /// <summary>The <c>ifr_flags</c> member (a native-endian short).</summary>
    public static void WriteInterfaceFlags(Span<byte> interfaceRequest, short flags) =>
        MemoryMarshal.Write(interfaceRequest[InterfaceRequestUnionOffset..], in flags);

    /// <summary>The <c>ifr_mtu</c> member (a native-endian int).</summary>
    public static void WriteInterfaceInt(Span<byte> interfaceRequest, int value) =>
        MemoryMarshal.Write(interfaceRequest[InterfaceRequestUnionOffset..], in value);

    /// <summary>Reads the <c>ifr_mtu</c> member.</summary>
    public static int ReadInterfaceInt(ReadOnlySpan<byte> interfaceRequest) =>
        MemoryMarshal.Read<int>(interfaceRequest[InterfaceRequestUnionOffset..]);
}
