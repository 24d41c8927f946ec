namespace SynAck.Tcp;

/// <summary>
/// A connection failed, or an operation on it cannot succeed: the peer refused or reset it, it
/// timed out, it was aborted, or the network is unreachable (DESIGN.md rule 5).
/// <see cref="Error"/> says which.
/// </summary>
public sealed class TcpException : IOException
{
    /// <summary>Creates the exception for <paramref name="error"/> with a message that explains it.</summary>
    /// <param name="error">What went wrong.</param>
    public TcpException(TcpError error)
        : base(Describe(error)) => Error = error;

    /// <summary>Creates the exception for <paramref name="error"/> with a message of the caller's.</summary>
    /// <param name="error">What went wrong.</param>
    /// <param name="message">The message.</param>
    public TcpException(TcpError error, string message)
        : base(message) => Error = error;

    /// <summary>Creates the exception for <paramref name="error"/> with a message and an inner exception.</summary>
    /// <param name="error">What went wrong.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TcpException(TcpError error, string message, Exception? innerException)
        : base(message, innerException) => Error = error;

    /// <summary>Creates the exception with <see cref="TcpError.None"/>.</summary>
    public TcpException()
        : this(TcpError.None)
    {
    }

    /// <summary>Creates the exception with <see cref="TcpError.None"/> and a message.</summary>
    /// <param name="message">The message.</param>
    public TcpException(string message)
        : this(TcpError.None, message)
    {
    }

    /// <summary>Creates the exception with <see cref="TcpError.None"/>, a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TcpException(string message, Exception? innerException)
        : this(TcpError.None, message, innerException)
    {
    }

    /// <summary>What went wrong.</summary>
    public TcpError Error { get; }

    private static string Describe(TcpError error) => error switch
    {
        TcpError.ConnectionRefused => "The connection was refused: the peer answered the SYN with a RST.",
        TcpError.ConnectionReset => "The connection was reset by the peer.",
        TcpError.TimedOut => "The connection timed out: retransmissions, probes or the user timeout ran out.",
        TcpError.ConnectionAborted => "The connection was aborted locally.",
        TcpError.HostUnreachable => "The destination host is unreachable.",
        TcpError.NetworkUnreachable => "The destination network is unreachable: no route leads there.",
        TcpError.AddressInUse => "The local endpoint is already in use.",
        TcpError.AddressNotAvailable => "The local address is not available: it is not an address of this stack, or no port is free.",
        _ => "The TCP operation failed.",
    };
}
