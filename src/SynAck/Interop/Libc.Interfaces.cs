using System.Runtime.InteropServices;

namespace SynAck.Interop;

/// <summary>Interface settings through ioctls on a socket (linux/sockios.h): the MTU.</summary>
internal static partial class Libc
{
    public const int AfInet = 2;
    public const int SockDgram = 2;
    public const int SockCloExec = OCloExec;

    public const uint SiocGetInterfaceMtu = 0x8921;
    public const uint SiocSetInterfaceMtu = 0x8922;

    /// <summary>socket(2); an invalid handle on failure, with errno set.</summary>
    public static FileDescriptorHandle Socket(int domain, int type, int protocol) => FileDescriptorHandle.Adopt(SocketDescriptor(domain, type, protocol));

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    private static partial int SocketDescriptor(int domain, int type, int protocol);
}
