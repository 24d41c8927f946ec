namespace SynAck.Interop;

/// <summary>
/// Calls into the C library (Linux only). One file per concern (DESIGN.md rule 7): file
/// descriptors, TUN devices, interface settings, namespaces. Every call sets errno for
/// <see cref="System.Runtime.InteropServices.Marshal.GetLastPInvokeError"/>.
/// </summary>
/// <remarks>
/// The numeric constants are Linux's generic ABI values, the same on x86-64 and arm64.
/// </remarks>
internal static partial class Libc
{
    /// <summary>The runtime maps "libc" to the platform's C library (libc.so.6 with glibc).</summary>
    private const string Library = "libc";
}
