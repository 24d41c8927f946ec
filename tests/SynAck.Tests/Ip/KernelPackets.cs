namespace SynAck.Tests.Ip;

/// <summary>
/// Packets the Linux kernel sent, captured on this machine with <c>tcpdump -i vh -w</c> in private
/// network namespaces: a host h (192.0.2.1, 2001:db8:1::1) behind a router r (192.0.2.254,
/// 2001:db8:1::fe; a prohibit route for 203.0.113.0/24 and 2001:db8:dead::/48; MTU 1280 towards
/// the server) and a server s (198.51.100.2, 2001:db8:2::2). The link headers are removed; the
/// comments give tcpdump's reading. Long payloads were a known byte pattern and are rebuilt from it.
/// </summary>
internal static class KernelPackets
{
    /// <summary>192.0.2.1 > 198.51.100.2: ICMP echo request, id 4660, seq 1, length 36 (ttl 64, id 56540, DF).</summary>
    public static byte[] EchoRequestV4 => Hex(
        "45000038dcdc4000400171b1c0000201c633640208009e7f1234000153796e41636b206563686f2030313233343536373839616263646566");

    /// <summary>198.51.100.2 > 192.0.2.1: ICMP echo reply, id 4660, seq 1 (ttl 63 after the router, id 48350, no DF).</summary>
    public static byte[] EchoReplyV4 => Hex(
        "45000038bcde00003f01d2afc6336402c00002010000a67f1234000153796e41636b206563686f2030313233343536373839616263646566");

    /// <summary>2001:db8:1::1 > 2001:db8:2::2: ICMP6 echo request, id 4660, seq 2 (flowlabel 0xc7387, hlim 64).</summary>
    public static byte[] EchoRequestV6 => Hex(
        "600c738700243a4020010db800010000000000000000000120010db80002000000000000000000028000caa71234000253796e41636b206563686f2030313233343536373839616263646566");

    /// <summary>2001:db8:2::2 > 2001:db8:1::1: ICMP6 echo reply, id 4660, seq 2 (flowlabel 0x073fa, hlim 63 after the router).</summary>
    public static byte[] EchoReplyV6 => Hex(
        "600073fa00243a3f20010db800020000000000000000000220010db80001000000000000000000018100c9a71234000253796e41636b206563686f2030313233343536373839616263646566");

    /// <summary>
    /// 198.51.100.2 > 192.0.2.1: ICMP udp port 9 unreachable (tos 0xc0), quoting
    /// 192.0.2.1.45140 > 198.51.100.2.9: UDP, length 11 ("closed port").
    /// </summary>
    public static byte[] PortUnreachableV4 => Hex(
        "45c00043bddf00003f01d0e3c6336402c0000201030324090000000045000027890d40003f11c681c0000201c6336402b05400090013ec5b636c6f73656420706f7274");

    /// <summary>
    /// 2001:db8:2::2 > 2001:db8:1::1: ICMP6 destination unreachable, unreachable port, quoting
    /// 2001:db8:1::1.56545 > 2001:db8:2::2.9: UDP, length 11.
    /// </summary>
    public static byte[] PortUnreachableV6 => Hex(
        "6000541e00433a3f20010db800020000000000000000000220010db80001000000000000000000010104fc0100000000"
        + "600565730013113f20010db800010000000000000000000120010db8000200000000000000000002dce1000900135b9c636c6f73656420706f7274");

    /// <summary>
    /// 192.0.2.254 > 192.0.2.1: ICMP time exceeded in-transit, quoting
    /// 192.0.2.1.34882 > 198.51.100.2.8080: Flags [S], seq 1646364837 (ttl 1).
    /// </summary>
    public static byte[] TimeExceededSynV4 => Hex(
        "45c00058152100004001dfc4c00002fec00002010b00e05000000000"
        + "4500003c253640000106684fc0000201c633640288421f90622188a500000000a002faf0ec650000020405b40402080acab21838000000000103030a");

    /// <summary>
    /// 2001:db8:1::fe > 2001:db8:1::1: ICMP6 time exceeded in-transit, quoting
    /// 2001:db8:1::1.45840 > 2001:db8:2::2.8080: Flags [S], seq 1340243436 (hlim 1).
    /// </summary>
    public static byte[] TimeExceededSynV6 => Hex(
        "600a7f9e00583a4020010db80001000000000000000000fe20010db800010000000000000000000103003cde00000000"
        + "6001b5c40028060120010db800010000000000000000000120010db8000200000000000000000002b3101f904fe27dec00000000a002fd205ba60000020405a00402080aa5259598000000000103030a");

    /// <summary>
    /// 192.0.2.254 > 192.0.2.1: ICMP host 203.0.113.5 unreachable - admin prohibited filter (code 13),
    /// quoting 192.0.2.1.47646 > 203.0.113.5.80: Flags [S], seq 1471384131. Linux failed the connect with EHOSTUNREACH.
    /// </summary>
    public static byte[] AdminProhibitedSynV4 => Hex(
        "45c0005816dd00004001de08c00002fec0000201030dd01c00000000"
        + "4500003ce7e44000400654d0c0000201cb007105ba1e005057b38a4300000000a002faf0fe350000020405b40402080a357da9f8000000000103030a");

    /// <summary>
    /// 2001:db8:1::fe > 2001:db8:1::1: ICMP6 destination unreachable, unreachable prohibited (code 1),
    /// quoting 2001:db8:1::1.41214 > 2001:db8:dead::5.80: Flags [S], seq 3854964083. Linux: EACCES.
    /// </summary>
    public static byte[] AdminProhibitedSynV6 => Hex(
        "600a5b5a00583a4020010db80001000000000000000000fe20010db800010000000000000000000101010a9c00000000"
        + "600653300028064020010db800010000000000000000000120010db8dead00000000000000000005a0fe0050e5c6157300000000a002fd203a550000020405a00402080aa7b47024000000000103030a");

    /// <summary>
    /// 192.0.2.254 > 192.0.2.1: ICMP net 100.64.0.1 unreachable (no route at the router), quoting
    /// 192.0.2.1.38912 > 100.64.0.1.80: Flags [S], seq 1103524833. Linux: ENETUNREACH.
    /// </summary>
    public static byte[] NetUnreachableSynV4 => Hex(
        "45c0005818fc00004001dbe9c00002fec00002010300ab1600000000"
        + "4500003c447640004006d003c0000201644000019800005041c673e100000000a002faf026710000020405b40402080a8b099fb1000000000103030a");

    /// <summary>
    /// 2001:db8:1::fe > 2001:db8:1::1: ICMP6 destination unreachable, unreachable route (code 0),
    /// quoting 2001:db8:1::1.54458 > 2001:db8:99::1.80: Flags [S], seq 3083658558. Linux: ENETUNREACH.
    /// </summary>
    public static byte[] NoRouteSynV6 => Hex(
        "6000f86e00583a4020010db80001000000000000000000fe20010db80001000000000000000000010100c27a00000000"
        + "6008aaf60028064020010db800010000000000000000000120010db8009900000000000000000001d4ba0050b7cce53e00000000a002fd205c3c0000020405a00402080a56649872000000000103030a");

    /// <summary>
    /// 192.0.2.254 > 192.0.2.1: ICMP host 198.51.100.77 unreachable (no ARP answer), quoting
    /// 192.0.2.1.47892 > 198.51.100.77.80: Flags [S], seq 3718502694 (ttl 63: the router had decremented it).
    /// </summary>
    public static byte[] HostUnreachableSynV4 => Hex(
        "45c000581b6500004001d980c00002fec000020103018bdf00000000"
        + "4500003c37aa40003f061790c0000201c633644dbb140050dda3d92600000000a002faf0ecb00000020405b40402080a561e095c000000000103030a");

    /// <summary>
    /// 2001:db8:1::fe > 2001:db8:1::1: ICMP6 destination unreachable, unreachable address (code 3, no
    /// neighbour answer), quoting 2001:db8:1::1.34172 > 2001:db8:2::77.80: Flags [S], seq 2473625774.
    /// </summary>
    public static byte[] AddressUnreachableSynV6 => Hex(
        "6005e2e100583a4020010db80001000000000000000000fe20010db8000100000000000000000001010382e800000000"
        + "600741810028063f20010db800010000000000000000000120010db8000200000000000000000077857c0050937088ae00000000a002fd205c1b0000020405a00402080aff9768b2000000000103030a");

    /// <summary>
    /// 192.0.2.1.42726 > 198.51.100.2.8080: Flags [P.], seq 2158983730:2158985266 (relative 1:1537),
    /// ack 1255592696, length 1536, DF: the segment too big for the router's 1280-byte link.
    /// Its data was the bytes 0-255 six times.
    /// </summary>
    public static byte[] LargeSegmentV4 => [.. Hex("45000634945b40004006b431c0000201c6336402a6e61f9080af7a324ad6d2f88018003ff25d00000101080a28024a071dc35965"), .. Pattern(0, 1536)];

    /// <summary>
    /// 192.0.2.254 > 192.0.2.1: ICMP 198.51.100.2 unreachable - need to frag (mtu 1280), length 556,
    /// quoting the first 548 bytes of <see cref="LargeSegmentV4"/>.
    /// </summary>
    public static byte[] FragmentationNeededV4 => [.. Hex("45c00240255500004001cda8c00002fec00002010304f32900000500"), .. LargeSegmentV4.AsSpan(0, 548)];

    /// <summary>
    /// 2001:db8:1::fe > 2001:db8:1::1: ICMP6 packet too big, mtu 1280, quoting the first 1232 bytes of
    /// 2001:db8:1::1.39300 > 2001:db8:2::2.8080: Flags [P.], seq 2488647659:2488649195, length 1536.
    /// </summary>
    public static byte[] PacketTooBigV6 =>
    [
        .. Hex("6000658904d83a4020010db80001000000000000000000fe20010db800010000000000000000000102002dbe00000500"),
        .. Hex("600366cd0620064020010db800010000000000000000000120010db800020000000000000000000299841f909455bfebee1b403a80180040619e00000101080a3e30228e57be7cc7"),
        .. Pattern(0, 1232 - 72),
    ];

    /// <summary>
    /// The three fragments of 192.0.2.1.34297 > 198.51.100.2.9: UDP, length 3000 (id 35426): 1256,
    /// 1256 and 496 bytes at offsets 0, 1256, 2512, MF on the first two. The data was <c>i &amp; 0xff</c>
    /// for i in 0..2999.
    /// </summary>
    public static byte[][] UdpFragmentsV4 =>
    [
        [.. Hex("450004fc8a6220004011df57c0000201c633640285f900090bc05e46"), .. Pattern(0, 1248)],
        [.. Hex("450004fc8a62209d4011debac0000201c6336402"), .. Pattern(1248, 1256)],
        [.. Hex("450002048a62013a40110116c0000201c6336402"), .. Pattern(2504, 496)],
    ];

    /// <summary>
    /// 198.51.100.2 > 192.0.2.1: ICMP udp port 9 unreachable, length 556, from the server that
    /// reassembled <see cref="UdpFragmentsV4"/> (ttl 63 by then): the ICMP error quotes the first
    /// 548 bytes of the packet Linux rebuilt.
    /// </summary>
    public static byte[] PortUnreachableForReassembledV4 =>
    [
        .. Hex("45c00240c1f800003f01cacdc6336402c00002010303806400000000"),
        .. Hex("45000bd48a6200003f11f97fc0000201c633640285f900090bc05e46"),
        .. Pattern(0, 548 - 28),
    ];

    /// <summary>
    /// The three fragments of 2001:db8:1::1.36851 > 2001:db8:2::2.9: UDP, length 3000 (id 0xb635947e):
    /// Fragmentable Parts of 1232, 1232 and 544 bytes at offsets 0, 1232, 2464, M on the first two.
    /// </summary>
    public static byte[][] UdpFragmentsV6 =>
    [
        [.. Hex("600528f804d82c4020010db800010000000000000000000120010db800020000000000000000000211000001b635947e8ff300090bc0e50b"), .. Pattern(0, 1224)],
        [.. Hex("600528f804d82c4020010db800010000000000000000000120010db8000200000000000000000002110004d1b635947e"), .. Pattern(1224, 1232)],
        [.. Hex("600528f802282c4020010db800010000000000000000000120010db8000200000000000000000002110009a0b635947e"), .. Pattern(2456, 544)],
    ];

    /// <summary>
    /// 2001:db8:2::2 > 2001:db8:1::1: ICMP6 destination unreachable, unreachable port, from the server
    /// that reassembled <see cref="UdpFragmentsV6"/> (hlim 63 by then), quoting the first 1232 bytes
    /// of the packet Linux rebuilt.
    /// </summary>
    public static byte[] PortUnreachableForReassembledV6 =>
    [
        .. Hex("6000541e04d83a3f20010db800020000000000000000000220010db80001000000000000000000010104521c00000000"),
        .. Hex("600528f80bc0113f20010db800010000000000000000000120010db80002000000000000000000028ff300090bc0e50b"),
        .. Pattern(0, 1232 - 48),
    ];

    /// <summary>The bytes <c>(start + i) &amp; 0xff</c> for i in 0..length-1.</summary>
    public static byte[] Pattern(int start, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(start + i);
        }

        return bytes;
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);
}
