namespace SynAck.Wire.Tcp;

/// <summary>
/// The order and NOP padding used when emitting options, so that a SynAck profile can send the same
/// option bytes as another stack. Both layouts put each option at the alignment its stack uses and
/// pad the options area with zeros to a multiple of 4 bytes.
/// </summary>
public enum TcpOptionLayout
{
    /// <summary>
    /// The Linux kernel's layout (net/ipv4/tcp_output.c, checked against SYNs this machine's kernel
    /// sent, see tests/SynAck.Wire.Tests/Tcp/KernelSegments.cs): <c>mss, sackOK, TS, nop, wscale</c>
    /// on a SYN, <c>mss, nop, nop, sackOK, nop, wscale</c> without timestamps, and
    /// <c>nop, nop, TS</c> then <c>nop, nop, sack</c> on other segments.
    /// </summary>
    Linux = 0,

    /// <summary>
    /// FreeBSD's layout (tcp_addoptions in sys/netinet/tcp_output.c): <c>mss, nop, wscale, sackOK, TS</c>
    /// on a SYN, <c>nop, nop, TS</c> then <c>nop, nop, sack</c> on other segments, an EOL and zeros
    /// when the options end off a 4-byte boundary.
    /// </summary>
    FreeBsd = 1,
}
