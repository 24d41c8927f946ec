using System.Net;
using SynAck.Tcp;

namespace SynAck.Drill.Runner;

/// <summary>One file descriptor of the script: a socket as the POSIX calls see it, over SynAck's public API.</summary>
internal sealed class ScriptSocket(int descriptor)
{
    public int Descriptor { get; } = descriptor;

    public bool NonBlocking { get; set; }

    public bool ReuseAddress { get; set; }

    public bool NoDelay { get; set; }

    public bool NoOptions { get; set; }

    /// <summary>TCP_KEEPINIT: how long a connect may take, or null for the run's setting.</summary>
    public TimeSpan? ConnectTimeout { get; set; }

    public int? ReceiveBufferSize { get; set; }

    public int? SendBufferSize { get; set; }

    public IPEndPoint? BoundEndPoint { get; set; }

    public TcpConnectionListener? Listener { get; set; }

    public Task<TcpConnection>? ConnectTask { get; set; }

    public CancellationTokenSource? ConnectCancellation { get; set; }

    /// <summary>The connection once it is established (connected or accepted).</summary>
    public TcpConnection? Connection
    {
        get
        {
            if (field is null && ConnectTask is { IsCompletedSuccessfully: true } task)
            {
                field = task.Result;
            }

            return field;
        }

        set;
    }

    /// <summary>Whether SO_ERROR has already reported the socket's failure (it reports it once).</summary>
    public bool ErrorReported { get; set; }
}
