using System.Runtime.InteropServices;

namespace SynAck.Interop;

/// <summary>Network namespaces: setns(2).</summary>
internal static partial class Libc
{
    public const int CloneNewNet = 0x4000_0000;

    /// <summary>The calling thread's own network namespace (not the process's: setns is per thread).</summary>
    public const string ThreadNetworkNamespacePath = "/proc/thread-self/ns/net";

    [LibraryImport(Library, EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNamespace(FileDescriptorHandle fd, int namespaceType);
}
