using System.Runtime.InteropServices;

namespace SynAck.Interop;

/// <summary>The errno values SynAck reacts to, and the exceptions a failed setup call becomes.</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int EBADFD = 77;
    public const int EMSGSIZE = 90;
    public const int ENOBUFS = 105;

    /// <summary>The errno of the last call made with SetLastError.</summary>
    public static int Last => Marshal.GetLastPInvokeError();

    /// <summary>
    /// The exception for a failed setup call (open, ioctl, setns): permission problems become
    /// <see cref="UnauthorizedAccessException"/>, a missing file <see cref="FileNotFoundException"/>,
    /// anything else <see cref="IOException"/>; the message names the call, its subject and errno.
    /// </summary>
    public static Exception ToException(int errno, string what)
    {
        var message = $"{what} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).";
        return errno switch
        {
            EPERM or EACCES => new UnauthorizedAccessException(message + " This needs root or CAP_NET_ADMIN."),
            ENOENT => new FileNotFoundException(message),
            _ => new IOException(message, errno),
        };
    }
}
