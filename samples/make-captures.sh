#!/usr/bin/env bash
# Maintainer tool: remakes the capture fixtures in samples/ with the Linux kernel as both peers.
# CI never runs it; the tests only read the files it wrote (they are committed).
#
# Needs root (a private network namespace and packet capture), tcpdump, tshark (with dumpcap and
# mergecap), ethtool, python3 and curl:  apt-get install -y tcpdump tshark ethtool curl python3
#
# Every capture is made inside a fresh network namespace (unshare --net) that has only its own
# loopback device, so no other traffic on the machine ends up in a file and no port can clash.
# Usage: samples/make-captures.sh   (rewrites every *.pcap, *.pcapng and *.tshark.tsv here)
set -euo pipefail

if [ -z "${SYNACK_CAPTURE_NETNS:-}" ]; then
  exec unshare --net env SYNACK_CAPTURE_NETNS=1 bash "$0" "$@"
fi

out=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
server_pids=()
cleanup() {
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

port=8000        # the HTTP server
closed_port=8001 # nothing listens here: the kernel answers a SYN with RST,ACK
snaplen=200      # keeps files small; every data segment is cut short (caplen < len)

ip link set lo up
# Loopback checksum offload is fixed on: the kernel writes only the pseudo-header sum into each
# TCP checksum field (nothing on loopback ever checks it), so tcpdump -v calls them "incorrect".

# The bodies the server hands out: a 3000-byte text (one screen of `synack decode`) and a 48 KiB
# file for the many-segment capture. Both are deterministic.
mkdir -p "$work/www"
python3 - "$work/www" <<'PY'
import sys, pathlib
www = pathlib.Path(sys.argv[1])
line = "SYN, SYN-ACK, ACK: the three-way handshake. FIN, ACK, FIN, ACK: the four-way wave.\n"
small = (line * 64)[:3000]
(www / "small.txt").write_text(small)
(www / "big.bin").write_bytes(bytes((i * 7 + i // 256) % 256 for i in range(48 * 1024)))
PY

# start_server ADDRESS: an HTTP/1.0 server (python's http.server) on ADDRESS:$port.
start_server() {
  python3 -m http.server --bind "$1" --directory "$work/www" "$port" >/dev/null 2>&1 &
  server_pids+=($!)
  for _ in $(seq 100); do
    if ss -Hltn "sport = :$port" | grep -qF "$1"; then return 0; fi
    sleep 0.05
  done
  echo "server on $1 did not start" >&2
  exit 1
}

# capture FILE 'CLIENT COMMANDS' TOOL [OPTION...]: runs the capture tool (tcpdump or dumpcap,
# which both print a line on stderr once they capture) writing FILE, then the client, then stops
# the tool with SIGINT so that it flushes the file.
capture() {
  local file=$1 client=$2
  shift 2
  rm -f "$out/$file"
  "$@" -w "$out/$file" 2>"$work/capture.log" &
  local pid=$!
  for _ in $(seq 200); do
    if grep -qE '(listening on|Capturing on)' "$work/capture.log"; then break; fi
    sleep 0.05
  done
  bash -c "$client"
  sleep 0.5 # the last ACK of the teardown
  kill -INT "$pid"
  wait "$pid" || true
  echo "$file: $(grep -E 'packets captured|Packets captured' "$work/capture.log" || true)"
}

# What Wireshark says about each TCP segment, for the tests to compare against.
describe() {
  tshark -r "$out/$1" -Y tcp -o tcp.relative_sequence_numbers:FALSE -T fields -E header=y \
    -e frame.number -e tcp.srcport -e tcp.dstport -e tcp.flags -e tcp.seq_raw -e tcp.ack_raw \
    -e tcp.len -e tcp.window_size_value -e frame.time_epoch -e frame.len -e frame.cap_len \
    -e frame.interface_id >"$out/$1.tshark.tsv"
}

start_server 127.0.0.1
start_server ::1

get4="curl -g -s -o /dev/null http://127.0.0.1:$port/small.txt"
get6="curl -g -s -o /dev/null http://[::1]:$port/small.txt"
filter="tcp port $port or tcp port $closed_port"

# -i lo: Ethernet link type (tcpdump gives loopback an all-zero Ethernet header).
capture http-download-lo-ipv4.pcap "$get4" tcpdump -i lo -s $snaplen -U --immediate-mode "$filter"
capture http-download-lo-ipv6.pcap "$get6" tcpdump -i lo -s $snaplen -U --immediate-mode "$filter"
capture refused-lo-ipv4.pcap "curl -g -s -o /dev/null http://127.0.0.1:$closed_port/ || true" \
  tcpdump -i lo -s $snaplen -U --immediate-mode "$filter"
capture refused-lo-ipv6.pcap "curl -g -s -o /dev/null http://[::1]:$closed_port/ || true" \
  tcpdump -i lo -s $snaplen -U --immediate-mode "$filter"

# Nanosecond timestamps (classic pcap magic a1b23c4d).
capture http-download-lo-ipv6-nano.pcap "$get6" \
  tcpdump -i lo -s $snaplen -U --immediate-mode --time-stamp-precision=nano "$filter"

# -i any: Linux cooked headers, v1 and v2; IPv4 then IPv6 in one file.
capture http-download-any-sll.pcap "$get4; $get6" tcpdump -i any -y LINUX_SLL -s $snaplen -U --immediate-mode "$filter"
capture http-download-any-sll2.pcap "$get4; $get6" tcpdump -i any -y LINUX_SLL2 -s $snaplen -U --immediate-mode "$filter"

# pcapng as dumpcap writes it natively: SHB and IDB with options, EPBs, and an Interface
# Statistics Block at the end (a block type the reader skips).
capture http-download-lo-ipv4-dumpcap.pcapng "$get4" dumpcap -i lo -s $snaplen -f "$filter"

# pcapng with two interfaces of different link types and timestamp resolutions: the nanosecond
# Ethernet capture (if_tsresol 9) merged with the microsecond Linux cooked v2 capture (if_tsresol 6).
mergecap -F pcapng -w "$out/two-interfaces.pcapng" \
  "$out/http-download-lo-ipv6-nano.pcap" "$out/http-download-any-sll2.pcap"
echo "two-interfaces.pcapng: merged"

# Many data segments: the same loopback with an Ethernet-sized MTU (1500) and segmentation
# offload off (otherwise tcpdump sees 64 KB super-segments before the kernel cuts them), so a
# 48 KiB body travels as MSS-sized (1448-byte) segments as on a real network.
ip link set lo mtu 1500
ethtool -K lo tso off gso off >/dev/null
capture bulk-download-lo-ipv4.pcap "curl -g -s -o /dev/null http://127.0.0.1:$port/big.bin" \
  tcpdump -i lo -s $snaplen -U --immediate-mode "$filter"

for f in "$out"/*.pcap "$out"/*.pcapng; do
  describe "$(basename "$f")"
done
