using Microsoft.Extensions.Logging;
using SynAck.Runtime;
using SynAck.Stack;
using SynAck.Tcp;

namespace SynAck.Tests.Stack;

/// <summary>The stack logs through the ILoggerFactory it is given.</summary>
public sealed class LoggingTests
{
    [Fact]
    public void State_changes_and_failures_are_logged_with_the_stack_name()
    {
        var logs = new RecordingLoggerFactory();
        var simulation = new Simulation();
        var pair = InMemoryStackPair.Create(simulation, new InMemoryStackPairOptions { Seed = 2, LoggerFactory = logs });
        simulation.Run(async () =>
        {
            await Assert.ThrowsAsync<TcpException>(() => TcpConnection.ConnectAsync(new TcpClientConnectionOptions
            {
                Stack = pair.Client,
                RemoteEndPoint = new System.Net.IPEndPoint(InMemoryStackPair.ServerAddress, 7),
            }).AsTask());
        });

        Assert.Contains(logs.Lines, line => line.StartsWith("Debug client: 192.0.2.1:", StringComparison.Ordinal) && line.EndsWith("Closed -> SynSent (active open)", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.StartsWith("Information client:", StringComparison.Ordinal) && line.Contains("failed: ConnectionRefused", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.StartsWith("Information server: interface server up, MTU 1500", StringComparison.Ordinal));
    }

    private sealed class RecordingLoggerFactory : ILoggerFactory, ILogger
    {
        public List<string> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Lines.Add($"{logLevel} {formatter(state, exception)}");
    }
}
