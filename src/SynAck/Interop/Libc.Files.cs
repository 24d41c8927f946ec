using System.Runtime.InteropServices;

namespace SynAck.Interop;

/// <summary>File descriptors: open, close, read, write, poll and eventfd.</summary>
internal static partial class Libc
{
    public const int ORdOnly = 0;
    public const int ORdWr = 2;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x8_0000;

    public const short PollIn = 0x1;
    public const short PollErr = 0x8;
    public const short PollHup = 0x10;
    public const short PollNval = 0x20;

    /// <summary>One entry of poll(2)'s array: <c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    /// <summary>open(2); an invalid handle on failure, with errno set.</summary>
    public static FileDescriptorHandle Open(string path, int flags) => FileDescriptorHandle.Adopt(OpenDescriptor(path, flags));

    /// <summary>eventfd(2); an invalid handle on failure, with errno set.</summary>
    public static FileDescriptorHandle EventFd(uint initialValue, int flags) => FileDescriptorHandle.Adopt(EventFdDescriptor(initialValue, flags));

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(FileDescriptorHandle fd, Span<byte> buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(FileDescriptorHandle fd, ReadOnlySpan<byte> buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(Span<PollFd> fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenDescriptor(string path, int flags);

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    private static partial int EventFdDescriptor(uint initialValue, int flags);

    /// <summary>read(2) into a span.</summary>
    public static nint Read(FileDescriptorHandle fd, Span<byte> buffer) => Read(fd, buffer, (nuint)buffer.Length);

    /// <summary>write(2) of a span.</summary>
    public static nint Write(FileDescriptorHandle fd, ReadOnlySpan<byte> buffer) => Write(fd, buffer, (nuint)buffer.Length);
}
