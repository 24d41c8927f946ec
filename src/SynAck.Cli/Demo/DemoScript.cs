using System.Net;
using SynAck.Stack;
using SynAck.Tcp;

namespace SynAck.Cli.Demo;

/// <summary>
/// What the client and the server do in each scenario, written against the public API as an
/// application would: listen, connect, write, read, close, abort.
/// </summary>
internal sealed class DemoScript(InMemoryStackPair pair, TimeProvider time, DemoSettings settings)
{
    /// <summary>The server's port.</summary>
    public const int ServerPort = 80;

    /// <summary>The client's port when it is fixed (a simultaneous open needs both ends to know it).</summary>
    public const int ClientPort = 50000;

    /// <summary>Longer than the client's delayed ACK (200 ms), so the server's data is acknowledged in between.</summary>
    private static readonly TimeSpan HalfClosePause = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CloseLimit = TimeSpan.FromMinutes(10);

    private static IPEndPoint ServerEndPoint => new(InMemoryStackPair.ServerAddress, ServerPort);

    private static IPEndPoint ClientEndPoint => new(InMemoryStackPair.ClientAddress, ClientPort);

    /// <summary>Plays the scenario to its end; a refused connect and a reset are part of their scenarios, not failures.</summary>
    /// <exception cref="TcpException">A connection failed where the scenario did not expect it (under random loss, say).</exception>
    public Task RunAsync() => settings.Scenario switch
    {
        DemoScenario.SimultaneousOpen => SimultaneousOpenAsync(),
        DemoScenario.Refused => RefusedAsync(),
        DemoScenario.Reset => ResetAsync(),
        DemoScenario.HalfClose => HalfCloseAsync(),
        DemoScenario.SimultaneousClose => ExchangeAndCloseAsync(simultaneousClose: true),
        _ => ExchangeAndCloseAsync(simultaneousClose: false),
    };

    /// <summary>Normal, lossy and simultaneous-close: handshake, request, response, then the wave.</summary>
    private async Task ExchangeAndCloseAsync(bool simultaneousClose)
    {
        await using var listener = await ListenAsync();
        var (client, server) = await EstablishAsync(listener);
        await ExchangeAsync(client, server);
        if (simultaneousClose)
        {
            await Task.WhenAll(client.CloseAsync().AsTask(), server.CloseAsync().AsTask());
        }
        else
        {
            await CloseClientFirstAsync(client, server);
        }

        await WaitUntilClosedAsync(client, server);
    }

    /// <summary>Both ends connect to each other at the same instant; the SYNs cross.</summary>
    private async Task SimultaneousOpenAsync()
    {
        var fromClient = ConnectAsync(pair.Client, ServerEndPoint, ClientEndPoint);
        var fromServer = ConnectAsync(pair.Server, ClientEndPoint, ServerEndPoint);
        var connections = await Task.WhenAll(fromClient.AsTask(), fromServer.AsTask());
        var (client, server) = (connections[0], connections[1]);
        await ExchangeAsync(client, server);
        await CloseClientFirstAsync(client, server);
        await WaitUntilClosedAsync(client, server);
    }

    /// <summary>
    /// The client sends its request and its FIN; the server answers from CLOSE_WAIT in two writes
    /// and then closes, each after <see cref="HalfClosePause"/>, so that every write and the FIN
    /// are separate arrows (Nagle holds a small write while data is unacknowledged).
    /// </summary>
    private async Task HalfCloseAsync()
    {
        await using var listener = await ListenAsync();
        var (client, server) = await EstablishAsync(listener);
        var clientStream = client.GetStream();
        await clientStream.WriteAsync(Bytes(settings.RequestBytes));
        clientStream.CompleteWrites();

        var serverStream = server.GetStream();
        await serverStream.ReadExactlyAsync(new byte[settings.RequestBytes]);
        await ReadEndAsync(serverStream);
        var response = Bytes(settings.ResponseBytes);
        var half = response.Length / 2;
        await serverStream.WriteAsync(response.AsMemory(0, half));
        await Task.Delay(HalfClosePause, time);
        await serverStream.WriteAsync(response.AsMemory(half));
        await Task.Delay(HalfClosePause, time);
        await server.CloseAsync();

        await clientStream.ReadExactlyAsync(new byte[settings.ResponseBytes]);
        await ReadEndAsync(clientStream);
        await WaitUntilClosedAsync(client, server);
    }

    /// <summary>A SYN to a port nobody listens on: RST, and the connect fails with ConnectionRefused.</summary>
    private async Task RefusedAsync()
    {
        try
        {
            await using var client = await ConnectAsync(pair.Client, ServerEndPoint);
        }
        catch (TcpException e) when (e.Error == TcpError.ConnectionRefused)
        {
            // The scenario: the server's stack refused the connection.
        }
    }

    /// <summary>The server reads the request and aborts: a RST, and the client's read fails with ConnectionReset.</summary>
    private async Task ResetAsync()
    {
        await using var listener = await ListenAsync();
        var (client, server) = await EstablishAsync(listener);
        await client.GetStream().WriteAsync(Bytes(settings.RequestBytes));
        await server.GetStream().ReadExactlyAsync(new byte[settings.RequestBytes]);
        server.Abort();
        try
        {
            await ReadEndAsync(client.GetStream());
        }
        catch (TcpException e) when (e.Error == TcpError.ConnectionReset)
        {
            // The scenario: the client learns of the abort from the RST.
        }

        await client.DisposeAsync();
        await server.DisposeAsync();
    }

    private static byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        for (var i = 0; i < count; i++)
        {
            bytes[i] = (byte)('a' + (i % 26));
        }

        return bytes;
    }

    private static async Task ReadEndAsync(Stream stream)
    {
        var buffer = new byte[256];
        while (await stream.ReadAsync(buffer) > 0)
        {
        }
    }

    private ValueTask<TcpConnectionListener> ListenAsync() => TcpConnectionListener.ListenAsync(new TcpListenerOptions
    {
        Stack = pair.Server,
        ListenEndPoint = ServerEndPoint,
    });

    private static ValueTask<TcpConnection> ConnectAsync(NetworkStack stack, IPEndPoint remote, IPEndPoint? local = null)
        => TcpConnection.ConnectAsync(new TcpClientConnectionOptions { Stack = stack, RemoteEndPoint = remote, LocalEndPoint = local });

    private async Task<(TcpConnection Client, TcpConnection Server)> EstablishAsync(TcpConnectionListener listener)
    {
        var accept = listener.AcceptConnectionAsync().AsTask();
        var client = await ConnectAsync(pair.Client, ServerEndPoint);
        return (client, await accept);
    }

    /// <summary>The client sends its request; the server reads it and answers; the client reads the answer.</summary>
    private async Task ExchangeAsync(TcpConnection client, TcpConnection server)
    {
        await client.GetStream().WriteAsync(Bytes(settings.RequestBytes));
        await server.GetStream().ReadExactlyAsync(new byte[settings.RequestBytes]);
        await server.GetStream().WriteAsync(Bytes(settings.ResponseBytes));
        await client.GetStream().ReadExactlyAsync(new byte[settings.ResponseBytes]);
    }

    /// <summary>The seed's wave: the client closes (it returns in FIN_WAIT_2), the server reads the end and closes.</summary>
    private static async Task CloseClientFirstAsync(TcpConnection client, TcpConnection server)
    {
        await client.CloseAsync();
        await ReadEndAsync(server.GetStream());
        await server.CloseAsync();
    }

    /// <summary>Lets virtual time pass until both ends are CLOSED: TIME_WAIT lasts 2*MSL.</summary>
    private async Task WaitUntilClosedAsync(TcpConnection client, TcpConnection server)
    {
        var waited = TimeSpan.Zero;
        while (client.State != TcpState.Closed || server.State != TcpState.Closed)
        {
            if (waited >= CloseLimit)
            {
                throw new TimeoutException($"The connection had not closed {CloseLimit.TotalMinutes} minutes after the close.");
            }

            await Task.Delay(PollInterval, time);
            waited += PollInterval;
        }

        await client.DisposeAsync();
        await server.DisposeAsync();
    }
}
