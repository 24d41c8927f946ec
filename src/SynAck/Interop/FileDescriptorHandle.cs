using Microsoft.Win32.SafeHandles;

namespace SynAck.Interop;

/// <summary>Owns a Linux file descriptor and closes it when released.</summary>
internal sealed class FileDescriptorHandle : SafeHandleMinusOneIsInvalid
{
    private FileDescriptorHandle(int descriptor)
        : base(ownsHandle: true) => SetHandle(descriptor);

    /// <summary>The descriptor number, for structures such as <c>pollfd</c>; valid while a reference is held.</summary>
    public int Descriptor => (int)handle;

    /// <summary>
    /// Takes ownership of what a call returning a C <c>int</c> descriptor gave: -1 makes an invalid
    /// handle (errno is left untouched for the caller). Calls return <c>int</c> rather than a
    /// handle because a handle return is pointer-sized and -1 in 32 bits would not read as -1.
    /// </summary>
    public static FileDescriptorHandle Adopt(int descriptor) => new(descriptor);

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
