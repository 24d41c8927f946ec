namespace SynAck.Stack;

/// <summary>
/// The counters of one stack, updated on its event loop and read from any thread (metrics
/// collection, <see cref="NetworkStack.GetStatistics"/>). Names follow Linux's SNMP MIB
/// (/proc/net/snmp, <c>netstat -s</c>).
/// </summary>
internal sealed class StackCounters
{
    // IP (RFC 4293 ipSystemStats, Linux Ip:).
    public long IpInReceives;
    public long IpInHdrErrors;
    public long IpInAddrErrors;
    public long IpInUnknownProtos;
    public long IpInDelivers;
    public long IpOutRequests;
    public long IpOutNoRoutes;
    public long IpReasmReqds;
    public long IpReasmOKs;
    public long IpReasmFails;
    public long IcmpInMsgs;
    public long IcmpOutMsgs;
    public long IcmpInErrorsIgnored;

    // TCP (RFC 4022 tcp group, Linux Tcp: and TcpExt:).
    public long TcpActiveOpens;
    public long TcpPassiveOpens;
    public long TcpAttemptFails;
    public long TcpEstabResets;
    public long TcpCurrEstab;
    public long TcpInSegs;
    public long TcpOutSegs;
    public long TcpRetransSegs;
    public long TcpInErrs;
    public long TcpInCsumErrors;
    public long TcpOutRsts;
    public long TcpListenOverflows;
    public long TcpListenDrops;

    public static long Read(ref long counter) => Volatile.Read(ref counter);

    public NetworkStackStatistics Snapshot() => new()
    {
        IpInReceives = Read(ref IpInReceives),
        IpInHdrErrors = Read(ref IpInHdrErrors),
        IpInAddrErrors = Read(ref IpInAddrErrors),
        IpInUnknownProtos = Read(ref IpInUnknownProtos),
        IpInDelivers = Read(ref IpInDelivers),
        IpOutRequests = Read(ref IpOutRequests),
        IpOutNoRoutes = Read(ref IpOutNoRoutes),
        IpReasmReqds = Read(ref IpReasmReqds),
        IpReasmOKs = Read(ref IpReasmOKs),
        IpReasmFails = Read(ref IpReasmFails),
        IcmpInMsgs = Read(ref IcmpInMsgs),
        IcmpOutMsgs = Read(ref IcmpOutMsgs),
        IcmpInErrorsIgnored = Read(ref IcmpInErrorsIgnored),
        TcpActiveOpens = Read(ref TcpActiveOpens),
        TcpPassiveOpens = Read(ref TcpPassiveOpens),
        TcpAttemptFails = Read(ref TcpAttemptFails),
        TcpEstabResets = Read(ref TcpEstabResets),
        TcpCurrEstab = Read(ref TcpCurrEstab),
        TcpInSegs = Read(ref TcpInSegs),
        TcpOutSegs = Read(ref TcpOutSegs),
        TcpRetransSegs = Read(ref TcpRetransSegs),
        TcpInErrs = Read(ref TcpInErrs),
        TcpInCsumErrors = Read(ref TcpInCsumErrors),
        TcpOutRsts = Read(ref TcpOutRsts),
        TcpListenOverflows = Read(ref TcpListenOverflows),
        TcpListenDrops = Read(ref TcpListenDrops),
    };
}
