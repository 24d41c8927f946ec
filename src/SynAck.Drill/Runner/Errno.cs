using SynAck.Tcp;

namespace SynAck.Drill.Runner;

/// <summary>POSIX error names as scripts write them, and the SynAck failures they stand for.</summary>
internal static class Errno
{
    public const string Again = "EAGAIN";
    public const string InProgress = "EINPROGRESS";
    public const string Already = "EALREADY";
    public const string IsConnected = "EISCONN";
    public const string NotConnected = "ENOTCONN";
    public const string BadDescriptor = "EBADF";
    public const string Invalid = "EINVAL";
    public const string Pipe = "EPIPE";
    public const string NotSupported = "EOPNOTSUPP";
    public const string Cancelled = "ECANCELED";

    /// <summary>The numbers FreeBSD gives the names SO_ERROR reports (the value is only shown, names are compared).</summary>
    private static readonly Dictionary<string, int> Numbers = new(StringComparer.Ordinal)
    {
        ["EPERM"] = 1,
        ["EBADF"] = 9,
        ["EAGAIN"] = 35,
        ["EWOULDBLOCK"] = 35,
        ["EINPROGRESS"] = 36,
        ["EALREADY"] = 37,
        ["EINVAL"] = 22,
        ["EPIPE"] = 32,
        ["EOPNOTSUPP"] = 45,
        ["EADDRINUSE"] = 48,
        ["EADDRNOTAVAIL"] = 49,
        ["ENETUNREACH"] = 51,
        ["ECONNABORTED"] = 53,
        ["ECONNRESET"] = 54,
        ["EISCONN"] = 56,
        ["ENOTCONN"] = 57,
        ["ETIMEDOUT"] = 60,
        ["ECONNREFUSED"] = 61,
        ["EHOSTUNREACH"] = 65,
        ["ECANCELED"] = 85,
    };

    public static string From(TcpError error) => error switch
    {
        TcpError.ConnectionRefused => "ECONNREFUSED",
        TcpError.ConnectionReset => "ECONNRESET",
        TcpError.TimedOut => "ETIMEDOUT",
        TcpError.ConnectionAborted => "ECONNABORTED",
        TcpError.HostUnreachable => "EHOSTUNREACH",
        TcpError.NetworkUnreachable => "ENETUNREACH",
        TcpError.AddressInUse => "EADDRINUSE",
        TcpError.AddressNotAvailable => "EADDRNOTAVAIL",
        _ => "EIO",
    };

    /// <summary>EWOULDBLOCK is EAGAIN's other name.</summary>
    public static bool SameError(string expected, string actual) =>
        string.Equals(Canonical(expected), Canonical(actual), StringComparison.Ordinal);

    public static bool TryGetNumber(string name, out int number) => Numbers.TryGetValue(name, out number);

    public static bool IsErrnoName(string name) => Numbers.ContainsKey(name);

    private static string Canonical(string name) => name == "EWOULDBLOCK" ? Again : name;
}
