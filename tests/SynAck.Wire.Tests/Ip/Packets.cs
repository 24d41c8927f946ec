namespace SynAck.Wire.Tests.Ip;

/// <summary>
/// IP packets as exact bytes. The kernel ones were captured with <c>tcpdump -i lo -w</c> in a
/// private network namespace (lo MTU 1280) on this machine, with the link header removed; the
/// comments give tcpdump's reading of each.
/// </summary>
internal static class Packets
{
    /// <summary>
    /// 127.0.0.1.56444 > 127.0.0.1.8080: Flags [S], tos 0x0, ttl 64, id 53811, flags [DF], length 60;
    /// TCP cksum 0xfe30 (incorrect -> 0x65e2: loopback leaves the checksum to an offload).
    /// </summary>
    public static byte[] KernelIpv4Syn => Convert.FromHexString(
        "4500003cd233400040066a867f0000017f000001dc7c1f90270add9200000000a002fbe0fe300000020404d80402080ac6a821c1000000000103030a");

    /// <summary>
    /// ::1.38376 > ::1.8080: Flags [S], flowlabel 0xe7069, hlim 64, payload length 40;
    /// TCP cksum 0x0030 (incorrect -> 0x8005).
    /// </summary>
    public static byte[] KernelIpv6Syn => Convert.FromHexString(
        "600e706900280640000000000000000000000000000000010000000000000000000000000000000195e81f90d8fda28a00000000a002fc9400300000020404c40402080acab8d097000000000103030a");

    /// <summary>
    /// UDP 127.0.0.1.45114 > 127.0.0.1.9999, length 7 ("options"); ttl 64, id 25776, flags [DF],
    /// length 47, IP options (NOP, RR 127.0.0.1, 0.0.0.0): IHL 8.
    /// </summary>
    public static byte[] KernelIpv4UdpWithOptions => Convert.FromHexString(
        "4800002f64b04000401149fb7f0000017f00000101070b087f00000100000000b03a270f000ffe226f7074696f6e73");

    /// <summary>ICMP port unreachable, tos 0xc0, ttl 64, id 53960, length 87, options (RR 127.0.0.1, 127.0.0.1, EOL).</summary>
    public static byte[] KernelIpv4IcmpWithOptions => Convert.FromHexString(
        "48c00057d2c80000400190127f0000017f000001070b0c7f0000017f000001000303e232000000004800002f64b04000401149fb7f0000017f00000101070b0c7f0000017f000001b03a270f000ffe226f7074696f6e73");

    /// <summary>
    /// ::1.58888 > ::1.9999: HBH (padn) DSTOPT (padn) UDP, length 17 ("extension headers"),
    /// flowlabel 0xa28b7, payload length 49, [udp sum ok].
    /// </summary>
    public static byte[] KernelIpv6UdpWithExtensionHeaders => Convert.FromHexString(
        "600a28b70031004000000000000000000000000000000001000000000000000000000000000000013c000104000000001101010c000000000000000000000000e608270f00193085657874656e73696f6e2068656164657273");

    /// <summary>
    /// The three fragments of a 3072-byte UDP datagram 127.0.0.1.44541 > 127.0.0.1.9999 (id 25777):
    /// offsets 0, 1256 and 2512 bytes, MF on the first two. The datagram's data is the bytes
    /// 0, 1, ..., 255 repeated, so the captured fragments are rebuilt from their headers.
    /// </summary>
    public static byte[][] KernelIpv4Fragments =>
    [
        [.. Convert.FromHexString("450004fc64b120004011f33d7f0000017f000001adfd270f0c0811d2"), .. Pattern(0, 1248)],
        [.. Convert.FromHexString("450004fc64b1209d4011f2a07f0000017f000001"), .. Pattern(1248, 1256)],
        [.. Convert.FromHexString("4500024c64b1013a401114b47f0000017f000001"), .. Pattern(2504, 568)],
    ];

    /// <summary>
    /// The three fragments of the same datagram over IPv6 (::1.55500 > ::1.9999), each with a
    /// Destination Options header (PadN) before the Fragment header (id 0xb2468af7): offsets 0,
    /// 1224 and 2448 bytes, M on the first two.
    /// </summary>
    public static byte[][] KernelIpv6Fragments =>
    [
        [.. Convert.FromHexString("6009139f04d83c4000000000000000000000000000000001000000000000000000000000000000012c0001040000000011000001b2468af7d8cc270f0c08e503"), .. Pattern(0, 1216)],
        [.. Convert.FromHexString("6009139f04d83c4000000000000000000000000000000001000000000000000000000000000000012c00010400000000110004c9b2468af7"), .. Pattern(1216, 1224)],
        [.. Convert.FromHexString("6009139f02883c4000000000000000000000000000000001000000000000000000000000000000012c0001040000000011000990b2468af7"), .. Pattern(2440, 632)],
    ];

    /// <summary>
    /// A hand-built IPv4 header (checksum from a Python reference): DSCP 10 (AF11), ECT(0),
    /// total length 40, id 0x1c46, DF, TTL 64, TCP, 192.0.2.1 > 198.51.100.2, checksum 0x3229.
    /// </summary>
    public static byte[] HandBuiltIpv4Header => Convert.FromHexString("452a00281c46400040063229c0000201c6336402");

    /// <summary>
    /// A hand-built IPv6 packet, 2001:db8::1 > 2001:db8::2, traffic class 0xbb (DSCP 46, CE), flow
    /// label 0x12345, hop limit 255, with the chain Hop-by-Hop (8 bytes) > Routing type 2 (24) >
    /// Destination Options (8) > AH with a 12-byte ICV (24) > a 20-byte TCP SYN at offset 104.
    /// </summary>
    public static byte[] HandBuiltIpv6Chain => Convert.FromHexString(
        "6bb12345005400ff20010db800000000000000000000000120010db8000000000000000000000002"
        + "2b00010400000000"
        + "3c0202000000000020010db8000000000000000000000003"
        + "3300010400000000"
        + "060400000000010000000001aaaaaaaaaaaaaaaaaaaaaaaa"
        + "c000005000000001000000005002ffff00000000");

    /// <summary>Every valid packet above, for the malformed-input tests.</summary>
    public static IEnumerable<byte[]> All =>
    [
        KernelIpv4Syn, KernelIpv6Syn, KernelIpv4UdpWithOptions, KernelIpv4IcmpWithOptions,
        KernelIpv6UdpWithExtensionHeaders, HandBuiltIpv6Chain, .. KernelIpv4Fragments, .. KernelIpv6Fragments,
    ];

    private static byte[] Pattern(int start, int length) => [.. Enumerable.Range(start, length).Select(i => (byte)i)];
}
