using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using SynAck.Cli.Serve;
using SynAck.Tcp;

namespace SynAck.Cli.Tun;

/// <summary>
/// <c>synack serve</c>: SynAck on a TUN device, serving echo, discard or HTTP to the kernel's TCP
/// (or anything routed through the device) until Ctrl+C or a number of connections.
/// </summary>
internal static class ServeCommand
{
    private const string Verb = "serve";

    /// <summary>Builds the verb with its options.</summary>
    public static Command Create(Terminal terminal)
    {
        var common = new TunCommandOptions();
        var port = new Option<int?>("--port")
        {
            Description = "The port to listen on (default: 80 for --http, 7 for --echo, 9 for --discard).",
        };
        var echo = new Option<bool>("--echo") { Description = "Send back what each client sends (RFC 862)." };
        var discard = new Option<bool>("--discard") { Description = "Read and drop what each client sends (RFC 863)." };
        var http = new Option<bool>("--http")
        {
            Description = "HTTP/1.1: GET /N answers N bytes of the deterministic payload pattern; other paths are files under --root.",
        };
        var root = new Option<string?>("--root") { Description = "With --http, the folder to serve files from." };
        var connections = new Option<int?>("--connections")
        {
            Description = "Stop after serving this many connections (default: run until Ctrl+C).",
        };
        port.Require(value => value is null or (>= 1 and <= 65535), "--port must be between 1 and 65535.");
        connections.Require(value => value is null or >= 1, "--connections must be at least 1.");

        var command = new Command(Verb, "Run SynAck on a TUN device as an echo, discard or HTTP server for real peers (Linux, root).");
        common.AddTo(command);
        foreach (var option in new Option[] { port, echo, discard, http, root, connections })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            var chosen = new[] { echo, discard, http }.Count(o => result.GetValue(o));
            if (chosen != 1)
            {
                result.AddError("Choose exactly one service: --echo, --discard or --http.");
            }

            if (result.GetValue(root) is not null && !result.GetValue(http))
            {
                result.AddError("--root needs --http.");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var service = parse.GetValue(http) ? ServeService.Http : parse.GetValue(echo) ? ServeService.Echo : ServeService.Discard;
            var request = new ServeRequest(
                service,
                parse.GetValue(port) ?? DefaultPort(service),
                parse.GetValue(root),
                parse.GetValue(connections));
            var settings = common.Read(parse, terminal);
            return RunAsync(request, settings, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>Opens the device, listens, and serves until cancelled or done.</summary>
    /// <returns>0 when stopped or done; 1 when the device cannot be used; 2 for a bad setting.</returns>
    public static async Task<int> RunAsync(ServeRequest request, TunSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        error = TextWriter.Synchronized(error);
        if (request.Root is { } folder && !Directory.Exists(folder))
        {
            error.WriteLine($"synack {Verb}: --root {folder}: no such folder");
            return ExitCodes.BadInput;
        }

        if (!TunVerb.TryOpen(Verb, settings, output, error, out var session, out var exitCode))
        {
            return exitCode;
        }

        // TryOpen succeeds on Linux only.
        return OperatingSystem.IsLinux() ? await ServeAsync(session, request, settings, error, cancellationToken) : ExitCodes.Failure;
    }

    private static int DefaultPort(ServeService service) => service switch
    {
        ServeService.Echo => 7,
        ServeService.Discard => 9,
        _ => 80,
    };

    [SupportedOSPlatform("linux")]
    private static async Task<int> ServeAsync(TunSession session, ServeRequest request, TunSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var signals = TunVerb.StopOnSignals(interrupted);
        cancellationToken = interrupted.Token;
        await using (session)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var listeners = new List<TcpConnectionListener>();
            try
            {
                foreach (var ipv6 in new[] { false, true })
                {
                    if (TunVerb.AddressOf(settings, ipv6) is not null)
                    {
                        listeners.Add(await TcpConnectionListener.ListenAsync(new TcpListenerOptions
                        {
                            Stack = session.Stack,
                            ListenEndPoint = new IPEndPoint(ipv6 ? IPAddress.IPv6Any : IPAddress.Any, request.Port),
                        }, stop.Token));
                    }
                }

                var name = request.Service.ToString().ToLowerInvariant();
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"synack {Verb}: {name} on port {request.Port}; {TunVerb.Describe(session, settings)}; listening"));
                var server = new Server(request, error, stop, cancellationToken);
                await Task.WhenAll(listeners.Select(server.AcceptAsync));
                await server.Finished();
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"synack {Verb}: served {server.Served} connection{(server.Served == 1 ? string.Empty : "s")}"));
                if (TunVerb.DescribeFaults(session) is { } faults)
                {
                    error.WriteLine($"synack {Verb}: {faults}");
                }
                return ExitCodes.Success;
            }
            finally
            {
                foreach (var listener in listeners)
                {
                    await listener.DisposeAsync();
                }
            }
        }
    }

    /// <summary>The accept loops and connection handlers of one run.</summary>
    private sealed class Server(ServeRequest request, TextWriter error, CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        private readonly HttpResponder _responder = new(request.Root);
        private readonly List<Task> _handlers = [];
        private readonly object _gate = new();
        private int _accepted;
        private int _served;

        public int Served => Volatile.Read(ref _served);

        public async Task AcceptAsync(TcpConnectionListener listener)
        {
            while (!stop.IsCancellationRequested)
            {
                TcpConnection connection;
                try
                {
                    connection = await listener.AcceptConnectionAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                lock (_gate)
                {
                    _accepted++;
                    _handlers.Add(HandleAsync(connection));
                    if (request.Connections is { } limit && _accepted >= limit)
                    {
                        // Stop accepting; the handlers finish what they have.
                        stop.Cancel();
                    }
                }
            }
        }

        public Task Finished()
        {
            lock (_gate)
            {
                return Task.WhenAll(_handlers);
            }
        }

        private async Task HandleAsync(TcpConnection connection)
        {
            await Task.Yield();
            var peer = connection.RemoteEndPoint.ToString();
            var token = cancellationToken;
            try
            {
                var stream = connection.GetStream();
                var summary = request.Service switch
                {
                    ServeService.Echo => $"echoed {await StreamServices.EchoAsync(stream, token)} bytes",
                    ServeService.Discard => $"discarded {await StreamServices.DiscardAsync(stream, token)} bytes",
                    _ => Requests(await _responder.ServeAsync(stream, exchange => error.WriteLine($"synack {Verb}: {peer} {exchange.Method} {exchange.Path} {exchange.Status} {exchange.BodyLength} bytes"), token)),
                };
                await connection.CloseAsync(token);
                error.WriteLine($"synack {Verb}: {peer} closed: {summary}");
            }
            catch (TcpException e)
            {
                error.WriteLine($"synack {Verb}: {peer} {Describe(e.Error)}");
            }
            catch (OperationCanceledException)
            {
                error.WriteLine($"synack {Verb}: {peer} stopped");
            }
            finally
            {
                await connection.DisposeAsync();
                Interlocked.Increment(ref _served);
            }
        }

        private static string Requests(int count) => count == 1 ? "1 request" : string.Create(CultureInfo.InvariantCulture, $"{count} requests");
    }

    /// <summary>A TCP error in words, with its <see cref="TcpError"/> name for scripts.</summary>
    public static string Describe(TcpError error) => error switch
    {
        TcpError.ConnectionRefused => "connection refused (ConnectionRefused)",
        TcpError.ConnectionReset => "connection reset by peer (ConnectionReset)",
        TcpError.TimedOut => "timed out (TimedOut)",
        TcpError.ConnectionAborted => "connection aborted (ConnectionAborted)",
        TcpError.HostUnreachable => "host unreachable (HostUnreachable)",
        TcpError.NetworkUnreachable => "network unreachable (NetworkUnreachable)",
        TcpError.AddressInUse => "address in use (AddressInUse)",
        TcpError.AddressNotAvailable => "address not available (AddressNotAvailable)",
        _ => error.ToString(),
    };
}

/// <summary>What <c>synack serve</c> runs on each connection.</summary>
internal enum ServeService
{
    /// <summary>RFC 862 echo.</summary>
    Echo,

    /// <summary>RFC 863 discard.</summary>
    Discard,

    /// <summary>The HTTP/1.1 responder.</summary>
    Http,
}

/// <summary>What <c>synack serve</c> serves.</summary>
/// <param name="Service">The service on each connection.</param>
/// <param name="Port">The port to listen on.</param>
/// <param name="Root">The folder HTTP serves files from, or null.</param>
/// <param name="Connections">How many connections to serve before stopping, or null for no limit.</param>
internal sealed record ServeRequest(ServeService Service, int Port, string? Root, int? Connections);
