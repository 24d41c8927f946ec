"""Makes the Linux kernel send the TCP segments that KernelSegments.cs pins down.

Run as root, inside a private network namespace so nothing leaves it:
    unshare -n python3 capture_kernel_segments.py OUTDIR
then read OUTDIR/lo.pcap and OUTDIR/tun0.pcap with `tcpdump -nn -S -v -r`.

Loopback carries an ordinary conversation (SYN, SYN-ACK, data with timestamps, FIN, and a RST-ACK
from a closed port, over IPv4 and IPv6). Loopback segments carry only the pseudo-header sum in the
checksum field (checksum offload, which `ethtool -K lo tx off` cannot turn off), so tcpdump calls
them "incorrect". A TUN device (192.0.2.1/24, the kernel; 192.0.2.2, this script) gives segments
with full checksums, and lets this script play a peer that sends out-of-order data (the kernel
answers with a SACK block) and a stray ACK to a closed port (the kernel answers with a bare RST).
"""
import fcntl, os, socket, struct, subprocess, sys, time

out = sys.argv[1]
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)

TUNSETIFF, IFF_TUN, IFF_NO_PI = 0x400454CA, 0x0001, 0x1000
tun = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(tun, TUNSETIFF, struct.pack("16sH", b"tun0", IFF_TUN | IFF_NO_PI))
subprocess.run(["ip", "addr", "add", "192.0.2.1/24", "dev", "tun0"], check=True)
subprocess.run(["ip", "link", "set", "tun0", "up"], check=True)

dumps = [subprocess.Popen(["tcpdump", "-i", dev, "-U", "-s", "0", "-w", f"{out}/{dev}.pcap", "tcp"],
                          stderr=subprocess.DEVNULL) for dev in ("lo", "tun0")]
time.sleep(1.0)

# --- loopback conversation ------------------------------------------------------------------
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 8080)); srv.listen()
cli = socket.create_connection(("127.0.0.1", 8080))
conn, _ = srv.accept()
time.sleep(0.05); cli.sendall(b"hello\n")
time.sleep(0.05); conn.recv(100); conn.sendall(b"world!\n")
time.sleep(0.05); cli.recv(100); cli.close()
time.sleep(0.05); conn.close()
time.sleep(0.05)
try:
    socket.create_connection(("127.0.0.1", 9))
except ConnectionRefusedError:
    pass
try:
    socket.create_connection(("::1", 9))
except ConnectionRefusedError:
    pass

# --- TUN peer ---------------------------------------------------------------------------------
def csum(data):
    if len(data) % 2: data += b"\0"
    s = sum(struct.unpack(f"!{len(data)//2}H", data))
    while s >> 16: s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF

def send(sport, dport, seq, ack, flags, opts=b"", payload=b"", win=64240):
    src, dst = socket.inet_aton("192.0.2.2"), socket.inet_aton("192.0.2.1")
    hl = 20 + len(opts)
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, (hl // 4) << 4, flags, win, 0, 0) + opts + payload
    c = csum(src + dst + struct.pack("!BBH", 0, 6, len(tcp)) + tcp)
    tcp = tcp[:16] + struct.pack("!H", c) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    os.write(tun, ip + tcp)

def receive():
    while True:
        pkt = os.read(tun, 2048)
        if pkt[0] >> 4 == 4 and pkt[9] == 6:
            return pkt[(pkt[0] & 15) * 4:]

lst = socket.socket(); lst.bind(("192.0.2.1", 8080)); lst.listen()
SYN, ACK, PSH = 0x02, 0x10, 0x08
iss = 1000
# mss 1460, sackOK, TS val 1 ecr 0, nop, wscale 7
syn_opts = struct.pack("!BBH", 2, 4, 1460) + bytes([4, 2]) + struct.pack("!BBII", 8, 10, 1, 0) + bytes([1, 3, 3, 7])
send(40000, 8080, iss, 0, SYN, syn_opts)
synack = receive()
irs = struct.unpack("!I", synack[4:8])[0]
tsval = struct.unpack("!I", synack[synack.index(b"\x08\x0a") + 2:][:4])[0]
ts = lambda v: bytes([1, 1]) + struct.pack("!BBII", 8, 10, v, tsval)
send(40000, 8080, iss + 1, irs + 1, ACK, ts(2))
# bytes 101..200 arrive before 1..100: the kernel answers with a duplicate ACK carrying a SACK block
send(40000, 8080, iss + 1 + 100, irs + 1, ACK | PSH, ts(3), b"B" * 100)
# the missing bytes 1..100 fill the hole; the application reads, answers and closes
send(40000, 8080, iss + 1, irs + 1, ACK | PSH, ts(4), b"A" * 100)
conn, _ = lst.accept()
conn.recv(1000)
conn.sendall(b"world!\n")
time.sleep(0.1)
conn.close()
time.sleep(0.2)
# a SYN without timestamps: the kernel's SYN-ACK lays its options out as mss, nop, nop, sackOK, nop, wscale
send(40002, 8080, 2000, 0, SYN, struct.pack("!BBH", 2, 4, 1460) + bytes([1, 1, 4, 2, 1, 3, 3, 7]))
time.sleep(0.2)
# a stray ACK to a port nobody listens on: the kernel answers with a bare RST (RFC 9293 §3.5.2)
send(40001, 8081, 5000, 7000, ACK)
time.sleep(0.2)
# the kernel opens a connection through the TUN device: a SYN with the MSS of a 1500-byte MTU
k = socket.socket(); k.setblocking(False)
try: k.connect(("192.0.2.2", 9000))
except BlockingIOError: pass
time.sleep(0.3)

time.sleep(0.5)
for d in dumps: d.terminate(); d.wait()
