using Microsoft.Extensions.Logging;
using SynAck.Tcp;
using SynAck.Wire.Ip;

namespace SynAck.Diagnostics;

/// <summary>The stack's log messages, source-generated so a disabled level costs one check.</summary>
internal static partial class StackLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Stack}: dropped a packet: {Reason}")]
    public static partial void PacketDropped(ILogger logger, string stack, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Stack}: {Local} <-> {Remote}: {From} -> {To} ({Cause})")]
    public static partial void StateChanged(ILogger logger, string stack, IpEndpoint local, IpEndpoint remote, TcpState from, TcpState to, string cause);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Stack}: {Local} <-> {Remote} failed: {Error} ({Cause})")]
    public static partial void ConnectionFailed(ILogger logger, string stack, IpEndpoint local, IpEndpoint remote, TcpError error, string cause);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "{Stack}: listener {Listener} dropped a SYN from {Remote}: {Reason}")]
    public static partial void ListenDrop(ILogger logger, string stack, IpEndpoint listener, IpEndpoint remote, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "{Stack}: listening on {Listener} (backlog {Backlog})")]
    public static partial void Listening(ILogger logger, string stack, IpEndpoint listener, int backlog);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "{Stack}: {Local} <-> {Remote}: retransmission threshold R1 reached")]
    public static partial void RetransmissionThreshold(ILogger logger, string stack, IpEndpoint local, IpEndpoint remote);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "{Stack}: no route to {Destination}")]
    public static partial void NoRoute(ILogger logger, string stack, IpAddress destination);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "{Stack}: interface {Interface} up, MTU {Mtu}, addresses {Addresses}")]
    public static partial void InterfaceAdded(ILogger logger, string stack, string @interface, int mtu, string addresses);
}
