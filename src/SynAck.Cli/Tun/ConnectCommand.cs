using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using SynAck.Cli.Payload;
using SynAck.Tcp;

namespace SynAck.Cli.Tun;

/// <summary>
/// <c>synack connect</c>: SynAck on a TUN device opens one connection to a real peer, sends a
/// number of pattern bytes, reads until the peer closes (checking the pattern when told how
/// many bytes to expect), and closes, or resets with <c>--abort</c>.
/// </summary>
internal static class ConnectCommand
{
    private const string Verb = "connect";
    private const int ChunkSize = 64 * 1024;

    /// <summary>Builds the verb with its options.</summary>
    public static Command Create(Terminal terminal)
    {
        var common = new TunCommandOptions();
        var to = new Option<string>("--to")
        {
            Description = "The peer, ADDR:PORT ([ADDR]:PORT for IPv6).",
            Required = true,
        };
        var sendBytes = new Option<long>("--send-bytes")
        {
            Description = "Send this many bytes of the deterministic payload pattern, then close the sending side (default: 0).",
        };
        var expectBytes = new Option<long?>("--expect-bytes")
        {
            Description = "Expect exactly this many bytes of the payload pattern from the peer; fail otherwise.",
        };
        var abort = new Option<bool>("--abort")
        {
            Description = "After sending (and receiving what --expect-bytes asks for), reset the connection instead of closing it.",
        };
        to.Validators.Add(result =>
        {
            if (!TryParseEndpoint(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError("--to must be ADDR:PORT with a literal address and a port from 1 to 65535 ([ADDR]:PORT for IPv6).");
            }
        });
        sendBytes.Require(value => value >= 0, "--send-bytes cannot be negative.");
        expectBytes.Require(value => value is null or >= 0, "--expect-bytes cannot be negative.");

        var command = new Command(Verb, "Open one connection from SynAck on a TUN device to a real peer, send and check pattern bytes (Linux, root).");
        common.AddTo(command);
        foreach (var option in new Option[] { to, sendBytes, expectBytes, abort })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            _ = TryParseEndpoint(parse.GetRequiredValue(to), out var remote);
            var request = new ConnectRequest(remote!, parse.GetValue(sendBytes), parse.GetValue(expectBytes), parse.GetValue(abort));
            var settings = common.Read(parse, terminal);
            return RunAsync(request, settings, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>Opens the device, connects, transfers and closes.</summary>
    /// <returns>0 when the transfer went as asked; 1 when the connection failed or the bytes were wrong; 2 for a bad setting.</returns>
    public static async Task<int> RunAsync(ConnectRequest request, TunSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var ipv6 = request.Remote.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        if (TunVerb.AddressOf(settings, ipv6) is null)
        {
            error.WriteLine($"synack {Verb}: {request.Remote} is IPv{(ipv6 ? 6 : 4)}, but no --address of that family was given");
            return ExitCodes.BadInput;
        }

        if (!TunVerb.TryOpen(Verb, settings, output, error, out var session, out var exitCode))
        {
            return exitCode;
        }

        return OperatingSystem.IsLinux() ? await ConnectAsync(session, request, settings, error, cancellationToken) : ExitCodes.Failure;
    }

    /// <summary>Parses ADDR:PORT or [ADDR]:PORT with a literal address and a non-zero port.</summary>
    public static bool TryParseEndpoint(string? text, out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (text is null || !text.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        // A bare IPv6 address would parse with its last group as the port.
        if (text.Count(c => c == ':') > 1 && !text.StartsWith('['))
        {
            return false;
        }

        if (!IPEndPoint.TryParse(text, out var parsed) || parsed.Port == 0)
        {
            return false;
        }

        endpoint = parsed;
        return true;
    }

    [SupportedOSPlatform("linux")]
    private static async Task<int> ConnectAsync(TunSession session, ConnectRequest request, TunSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var signals = TunVerb.StopOnSignals(interrupted);
        cancellationToken = interrupted.Token;
        await using (session)
        {
            error.WriteLine($"synack {Verb}: to {request.Remote}; {TunVerb.Describe(session, settings)}");
            TcpConnection connection;
            try
            {
                connection = await TcpConnection.ConnectAsync(new TcpClientConnectionOptions { Stack = session.Stack, RemoteEndPoint = request.Remote }, cancellationToken);
            }
            catch (TcpException e)
            {
                error.WriteLine($"synack {Verb}: {request.Remote}: {ServeCommand.Describe(e.Error)}");
                return ExitCodes.Failure;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Failure;
            }

            await using (connection)
            {
                var clock = Stopwatch.StartNew();
                var stream = connection.GetStream();
                var verifier = new PayloadVerifier();
                try
                {
                    var sending = SendAsync(stream, request.SendBytes, completeWrites: !request.Abort, cancellationToken);
                    var receiving = ReceiveAsync(stream, verifier, request.Abort ? request.ExpectBytes ?? 0 : null, cancellationToken);
                    var sent = await sending;
                    var sendTime = clock.Elapsed;
                    await receiving;
                    var receiveTime = clock.Elapsed;
                    if (request.Abort)
                    {
                        connection.Abort();
                    }
                    else
                    {
                        await connection.CloseAsync(cancellationToken);
                    }

                    var ending = request.Abort ? "reset" : "closed";
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"synack {Verb}: {connection.LocalEndPoint} -> {request.Remote} {ending}: sent {sent} bytes ({TunVerb.Rate(sent, sendTime)}), received {verifier.Length} bytes ({TunVerb.Rate(verifier.Length, receiveTime)})"));
                }
                catch (TcpException e)
                {
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"synack {Verb}: {request.Remote}: {ServeCommand.Describe(e.Error)} after receiving {verifier.Length} bytes"));
                    return ExitCodes.Failure;
                }
                catch (OperationCanceledException)
                {
                    error.WriteLine($"synack {Verb}: {request.Remote}: stopped");
                    return ExitCodes.Failure;
                }

                if (TunVerb.DescribeFaults(session) is { } faults)
                {
                    error.WriteLine($"synack {Verb}: {faults}");
                }

                return Check(request, verifier, error);
            }
        }
    }

    private static int Check(ConnectRequest request, PayloadVerifier verifier, TextWriter error)
    {
        if (request.ExpectBytes is not { } expected)
        {
            return ExitCodes.Success;
        }

        if (verifier.FirstMismatch is { } offset)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"synack {Verb}: byte {offset} differs from the payload pattern"));
            return ExitCodes.Failure;
        }

        if (verifier.Length != expected)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"synack {Verb}: received {verifier.Length} bytes, expected {expected}"));
            return ExitCodes.Failure;
        }

        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"synack {Verb}: the {expected} bytes received match the payload pattern"));
        return ExitCodes.Success;
    }

    private static async Task<long> SendAsync(TcpStream stream, long count, bool completeWrites, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var chunk = new byte[ChunkSize];
        long sent = 0;
        while (sent < count)
        {
            var length = (int)Math.Min(chunk.Length, count - sent);
            PayloadPattern.Fill(sent, chunk.AsSpan(0, length));
            await stream.WriteAsync(chunk.AsMemory(0, length), cancellationToken);
            sent += length;
        }

        if (completeWrites)
        {
            stream.CompleteWrites();
        }

        return sent;
    }

    /// <summary>Reads until the peer closes, or only <paramref name="limit"/> bytes when given.</summary>
    private static async Task ReceiveAsync(TcpStream stream, PayloadVerifier verifier, long? limit, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var chunk = new byte[ChunkSize];
        while (limit is null || verifier.Length < limit)
        {
            var wanted = limit is { } l ? (int)Math.Min(chunk.Length, l - verifier.Length) : chunk.Length;
            var read = await stream.ReadAsync(chunk.AsMemory(0, wanted), cancellationToken);
            if (read == 0)
            {
                return;
            }

            verifier.Append(chunk.AsSpan(0, read));
        }
    }
}

/// <summary>What <c>synack connect</c> does.</summary>
/// <param name="Remote">The peer.</param>
/// <param name="SendBytes">How many pattern bytes to send.</param>
/// <param name="ExpectBytes">How many pattern bytes the peer must send, or null to accept anything.</param>
/// <param name="Abort">Reset instead of closing.</param>
internal sealed record ConnectRequest(IPEndPoint Remote, long SendBytes, long? ExpectBytes, bool Abort);
