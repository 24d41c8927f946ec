namespace SynAck.Wire.Tests.Tcp;

/// <summary>A TCP segment the Linux kernel sent, with the IP addresses its checksum covers.</summary>
/// <param name="Source">The IP source address.</param>
/// <param name="Destination">The IP destination address.</param>
/// <param name="Bytes">The TCP header and payload as captured.</param>
/// <param name="Tcpdump">What <c>tcpdump -nn -S</c> printed for it after the addresses.</param>
/// <param name="CorrectChecksum">The checksum tcpdump computed for it (<c>-v</c>).</param>
public sealed record CapturedSegment(byte[] Source, byte[] Destination, byte[] Bytes, string Tcpdump, ushort CorrectChecksum)
{
    /// <summary>
    /// Whether the checksum field holds the full checksum. Loopback segments leave the kernel with
    /// checksum offload: the field holds only the folded pseudo-header sum, which a real NIC (or
    /// nothing, on loopback) completes, so tcpdump reports them as "incorrect".
    /// </summary>
    public bool ChecksumOnWireIsFull => (ushort)((Bytes[16] << 8) | Bytes[17]) == CorrectChecksum;
}

/// <summary>
/// Segments the Linux kernel (6.x, this development machine) sent, captured with tcpdump 4.99.3 by
/// <c>unshare -n python3 capture_kernel_segments.py OUTDIR</c> (the script is beside this file):
/// <c>-i tun0</c> for the TUN device (kernel 192.0.2.1, script as peer 192.0.2.2), <c>-i lo</c> for
/// loopback. The bytes are the TCP segments cut out of the IP packets in those captures, one row
/// per 32-bit word of the fixed header (ports; seq; ack; data offset, flags and window; checksum
/// and urgent pointer), then the options area, then the payload.
/// </summary>
public static class KernelSegments
{
    private static readonly byte[] KernelAddress = [192, 0, 2, 1];
    private static readonly byte[] PeerAddress = [192, 0, 2, 2];
    private static readonly byte[] Loopback = [127, 0, 0, 1];
    private static readonly byte[] LoopbackIPv6 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

    /// <summary>The kernel opening a connection through the TUN device (connect to 192.0.2.2:9000).</summary>
    /// <remarks>tcpdump -v: cksum 0x4794 (correct).</remarks>
    public static readonly CapturedSegment Syn = new(
        KernelAddress,
        PeerAddress,
        Hex("""
            ca1a2328
            3f665058
            00000000
            a002faf0
            47940000
            020405b4 0402080a 4705bd6d 00000000 0103030a
            """),
        "Flags [S], seq 1063669848, win 64240, options [mss 1460,sackOK,TS val 1191558509 ecr 0,nop,wscale 10], length 0",
        0x4794);

    /// <summary>The kernel answering a SYN (mss 1460, sackOK, TS, wscale 7) on its listener at 192.0.2.1:8080.</summary>
    /// <remarks>tcpdump -v: cksum 0x2546 (correct).</remarks>
    public static readonly CapturedSegment SynAck = new(
        KernelAddress,
        PeerAddress,
        Hex("""
            1f909c40
            0bf94e72
            000003e9
            a012fe88
            25460000
            020405b4 0402080a 109c7558 00000001 0103030a
            """),
        "Flags [S.], seq 200887922, ack 1001, win 65160, options [mss 1460,sackOK,TS val 278689112 ecr 1,nop,wscale 10], length 0",
        0x2546);

    /// <summary>The kernel answering a SYN without timestamps: its options become mss, nop, nop, sackOK, nop, wscale.</summary>
    /// <remarks>tcpdump -v: cksum 0x5423 (correct).</remarks>
    public static readonly CapturedSegment SynAckWithoutTimestamps = new(
        KernelAddress,
        PeerAddress,
        Hex("""
            1f909c42
            34d6a36c
            000007d1
            8012faf0
            54230000
            020405b4 01010402 0103030a
            """),
        "Flags [S.], seq 886481772, ack 2001, win 64240, options [mss 1460,nop,nop,sackOK,nop,wscale 10], length 0",
        0x5423);

    /// <summary>The kernel sending 7 bytes of data ("world!\n") with timestamps.</summary>
    /// <remarks>tcpdump -v: cksum 0xf986 (correct).</remarks>
    public static readonly CapturedSegment Data = new(
        KernelAddress,
        PeerAddress,
        Hex("""
            1f909c40
            0bf94e73
            000004b1
            80180040
            f9860000
            0101080a 109c7558 00000004
            776f726c64210a
            """),
        "Flags [P.], seq 200887923:200887930, ack 1201, win 64, options [nop,nop,TS val 278689112 ecr 4], length 7",
        0xf986);

    /// <summary>The kernel's duplicate ACK after the peer sent bytes 101..200 before 1..100: one SACK block.</summary>
    /// <remarks>tcpdump -v: cksum 0x1348 (correct).</remarks>
    public static readonly CapturedSegment Sack = new(
        KernelAddress,
        PeerAddress,
        Hex("""
            1f909c40
            0bf94e73
            000003e9
            b0100040
            13480000
            0101080a 109c7558 00000002 0101050a 0000044d 000004b1
            """),
        "Flags [.], ack 1001, win 64, options [nop,nop,TS val 278689112 ecr 2,nop,nop,sack 1 {1101:1201}], length 0",
        0x1348);

    /// <summary>The kernel closing its side after the data (close() on the accepted socket).</summary>
    /// <remarks>tcpdump -v: cksum 0x5126 (correct).</remarks>
    public static readonly CapturedSegment Fin = new(
        KernelAddress,
        PeerAddress,
        Hex("""
            1f909c40
            0bf94e7a
            000004b1
            80110040
            51260000
            0101080a 109c75bd 00000004
            """),
        "Flags [F.], seq 200887930, ack 1201, win 64, options [nop,nop,TS val 278689213 ecr 4], length 0",
        0x5126);

    /// <summary>The kernel retransmitting its unacknowledged data together with the FIN.</summary>
    /// <remarks>tcpdump -v: cksum 0xf84b (correct).</remarks>
    public static readonly CapturedSegment FinPushRetransmission = new(
        KernelAddress,
        PeerAddress,
        Hex("""
            1f909c40
            0bf94e73
            000004b1
            80190040
            f84b0000
            0101080a 109c7692 00000004
            776f726c64210a
            """),
        "Flags [FP.], seq 200887923:200887930, ack 1201, win 64, options [nop,nop,TS val 278689426 ecr 4], length 7",
        0xf84b);

    /// <summary>The kernel answering a stray ACK (ack 7000) to a closed port: a bare RST whose seq is that ack (RFC 9293 §3.5.2).</summary>
    /// <remarks>tcpdump -v: cksum 0x54b2 (correct).</remarks>
    public static readonly CapturedSegment Rst = new(
        KernelAddress,
        PeerAddress,
        Hex("""
            1f919c41
            00001b58
            00000000
            50040000
            54b20000
            """),
        "Flags [R], seq 7000, win 0, length 0",
        0x54b2);

    /// <summary>connect() to 127.0.0.1:8080 over loopback.</summary>
    /// <remarks>tcpdump -v: cksum 0xfe30 (incorrect -&gt; 0x7e90).</remarks>
    public static readonly CapturedSegment LoopbackSyn = new(
        Loopback,
        Loopback,
        Hex("""
            95aa1f90
            08e77c3e
            00000000
            a002ffd7
            fe300000
            0204ffd7 0402080a 80881686 00000000 0103030a
            """),
        "Flags [S], seq 149388350, win 65495, options [mss 65495,sackOK,TS val 2156402310 ecr 0,nop,wscale 10], length 0",
        0x7e90);

    /// <summary>The kernel refusing a SYN to the closed port 127.0.0.1:9.</summary>
    /// <remarks>tcpdump -v: cksum 0xb92a (correct).</remarks>
    public static readonly CapturedSegment LoopbackRstAck = new(
        Loopback,
        Loopback,
        Hex("""
            0009dfda
            00000000
            9abb7e04
            50140000
            b92a0000
            """),
        "Flags [R.], seq 0, ack 2595978756, win 0, length 0",
        0xb92a);

    /// <summary>The kernel refusing a SYN to the closed port [::1]:9.</summary>
    /// <remarks>tcpdump -v: cksum 0x001c (incorrect -&gt; 0xc096).</remarks>
    public static readonly CapturedSegment LoopbackIPv6RstAck = new(
        LoopbackIPv6,
        LoopbackIPv6,
        Hex("""
            000998c0
            00000000
            09464d29
            50140000
            001c0000
            """),
        "Flags [R.], seq 0, ack 155602217, win 0, length 0",
        0xc096);

    /// <summary>The names of every captured segment, for theories.</summary>
    public static TheoryData<string> Names => new(nameof(Syn), nameof(SynAck), nameof(SynAckWithoutTimestamps), nameof(Data), nameof(Sack), nameof(Fin), nameof(FinPushRetransmission), nameof(Rst), nameof(LoopbackSyn), nameof(LoopbackRstAck), nameof(LoopbackIPv6RstAck));

    /// <summary>The captured segment called <paramref name="name"/>.</summary>
    public static CapturedSegment Get(string name) => name switch
    {
        nameof(Syn) => Syn,
        nameof(SynAck) => SynAck,
        nameof(SynAckWithoutTimestamps) => SynAckWithoutTimestamps,
        nameof(Data) => Data,
        nameof(Sack) => Sack,
        nameof(Fin) => Fin,
        nameof(FinPushRetransmission) => FinPushRetransmission,
        nameof(Rst) => Rst,
        nameof(LoopbackSyn) => LoopbackSyn,
        nameof(LoopbackRstAck) => LoopbackRstAck,
        nameof(LoopbackIPv6RstAck) => LoopbackIPv6RstAck,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such captured segment."),
    };

    private static byte[] Hex(string text) => Convert.FromHexString(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));
}
