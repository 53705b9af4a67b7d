#!/bin/bash
# Selftests: keep-alives (spec section 7), path MTU (section 8), the
# outer TOS with ECN (RFC 6040) and the outer route.
# kernels: test
. "$(dirname "$0")/lib.sh"

GS_LIB=$GS_REPO/tests/lib


stop_captures() {
	kill -INT $(jobs -p)
	wait
}

test_keepalives_sent_decrypted_not_delivered() {
	local dir=/tmp/keepalive out n ports on max
	mkdir -p $dir
	gs_tunnel 4
	# Before any interval: no keep-alive on record.
	gs_expect_eq "last_keepalive before" None "$(gs_show_json h1 "n['last_keepalive']")"
	gs_capture h1 veth0 $dir/wire.pcap udp port 6081
	# (Inbound only: IPv6 sends its own multicast out of gs0.)
	gs_capture h2 gs0 $dir/inner.pcap -Q in
	on=$EPOCHREALTIME
	gs_dev_set h1 gs0 keepalive 1
	sleep 3.5
	# Off before reading counters, so that they and the capture agree.
	gs_dev_set h1 gs0 keepalive 0
	# At most one a second from the moment it was on; at least two in
	# the 3.5 s it surely was. (The bound comes from the clock, so a
	# slower machine, which keeps it on longer, cannot fail the test.)
	max=$(bc <<<"($EPOCHREALTIME - $on) / 1")
	sleep 0.5
	stop_captures
	out=$(python3 "$GS_LIB/gswire.py" keepalives $dir/wire.pcap $GS_KEY_A $GS_KEY_B) ||
		gs_fail "the capture holds a frame that is not a keep-alive"
	echo "keep-alives and their source ports: $out"
	read -r n ports <<<"$out"
	[ "$n" -ge 2 ] && [ "$n" -le "$max" ] ||
		gs_fail "$n keep-alives at 1 s in at least 3.5 s and at most $max s"
	# From the fixed local port, although source-port hashing is on.
	gs_expect_eq "keep-alive source port" 6081 "$ports"
	# (Seconds ago; the emulated machine is slow, hence the margin.)
	gs_expect_eq "last_keepalive set" True \
		"$(gs_show_json h1 "n['last_keepalive'] is not None and n['last_keepalive'] < 120")"
	gs_expect_eq "h1 tx_packets" "$n" "$(gs_counter h1 tx_packets)"
	gs_expect_eq "h1 tx_bytes" 0 "$(gs_counter h1 tx_bytes)"
	gs_expect_eq "h1 last_tx" None "$(gs_show_json h1 "n['last_tx']")"
	# The receiver counts them and stamps last_rx, and delivers nothing.
	gs_expect_eq "h2 rx_packets" "$n" "$(gs_counter h2 rx_packets)"
	gs_expect_eq "h2 rx_bytes" 0 "$(gs_counter h2 rx_bytes)"
	gs_expect_eq "h2 last_rx set" True \
		"$(gs_show_json h2 "n['last_rx'] is not None and n['last_rx'] < 120")"
	gs_expect_eq "packets delivered by h2's gs0" 0 \
		"$(ip netns exec h2 tcpdump -r $dir/inner.pcap 2>/dev/null | wc -l)"
}

test_keepalives_stop() {
	local before
	gs_tunnel 4 keepalive 1
	sleep 1.5
	# Off: none any more.
	gs_dev_set h1 gs0 keepalive 0
	before=$(gs_counter h1 tx_packets)
	[ "$before" -ge 1 ] || gs_fail "no keep-alive at 1 s"
	sleep 2.5
	gs_expect_eq "tx_packets after keepalive 0" "$before" "$(gs_counter h1 tx_packets)"
	# No transmit SA: nothing to send with.
	gs_dev_set h2 gs0 keepalive 1
	gs_gsec h2 del gs0 vni $GS_VNI
	gs_gsec h2 set gs0 vni $GS_VNI peer 192.0.2.1 rx-sa spi 0x100 key $GS_KEY_A
	sleep 2.5
	gs_expect_eq "h2 tx_packets without a tx SA" 0 "$(gs_counter h2 tx_packets)"
	gs_expect_eq "h2 tx_errors without a tx SA" 0 "$(gs_counter h2 tx_errors)"
	# A device deleted with its timer armed goes cleanly (the VM checks
	# for splats and leaks).
	gs_dev_del h2 gs0
}

test_pmtu_icmp_and_tcp_recovers() {
	local dir=/tmp/pmtu out
	mkdir -p $dir
	gs_tunnel 4
	gs_ip h1 link set veth0 mtu 1300
	gs_ip h2 link set veth0 mtu 1300
	gs_capture h1 veth0 $dir/wire.pcap
	# 1300 - 76 bytes of overhead on an IPv4 underlay.
	out=$(ip netns exec h1 ping -c 2 -i 0.3 -W 1 -s 1350 -M do 10.0.0.2 2>&1) &&
		gs_fail "a 1378-byte packet with DF went through a 1300-byte path"
	echo "$out" | grep -i mtu | head -n 2
	gs_expect_match "ping learns the MTU" 'mtu[ =:]*1224' "$out"
	gs_expect_match "the route caches it" 'mtu 1224' \
		"$(ip -n h1 route get 10.0.0.2)"
	[ "$(gs_dev_counter h1 tx_too_big)" -ge 1 ] || gs_fail "tx_too_big not counted"
	# Fits: goes through.
	ip netns exec h1 ping -c 1 -W 2 -s 1196 -M do 10.0.0.2 >/dev/null ||
		gs_fail "a 1224-byte packet did not pass"
	# TCP starts with a 1392-byte MTU and learns the path's.
	# (A plain transfer to EOF: iperf3's summary may stop counting while
	# retransmitted data is still on its way.)
	gs_tcp_sink h2 10.0.0.2 5301 >$dir/received &
	gs_tcp_send h1 10.0.0.2 5301 2097152 ||
		gs_fail "the TCP transfer did not complete"
	wait $!
	out=$(cat $dir/received)
	echo "TCP received $out bytes"
	gs_expect_eq "bytes received by TCP" 2097152 "$out"
	stop_captures
	gs_expect_eq "outer fragments on the wire" 0 \
		"$(python3 "$GS_LIB/gswire.py" fragments $dir/wire.pcap)"
	# IPv6 inside: the too-big message carries at least the IPv6 minimum.
	out=$(ip netns exec h1 ping -6 -c 2 -i 0.3 -W 1 -s 1300 -M do fd00::2 2>&1) &&
		gs_fail "a 1348-byte IPv6 packet went through a 1300-byte path"
	gs_expect_match "ping -6 learns the MTU" 'mtu[ =:]*1280' "$out"
}

# A GSO packet too big for the path gets one "fragmentation needed", not
# one per segment: one UDP_SEGMENT send of 10 segments, each fitting gs0's
# MTU but not the path's.
test_pmtu_one_icmp_per_gso_packet() {
	local icmp toobig
	gs_tunnel 4
	gs_ip h1 link set veth0 mtu 1300
	gs_ip h2 link set veth0 mtu 1300
	icmp=$(ip netns exec h1 nstat -saz IcmpOutDestUnreachs | awk '/Icmp/ {print $2}')
	toobig=$(gs_dev_counter h1 tx_too_big)
	ip netns exec h1 python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, 10, 2)    # IP_MTU_DISCOVER: IP_PMTUDISC_DO
s.setsockopt(socket.IPPROTO_UDP, 103, 1300)    # UDP_SEGMENT
s.sendto(bytes(13000), ("10.0.0.2", 9))'
	gs_expect_eq "segments dropped as too big" $((toobig + 10)) \
		"$(gs_dev_counter h1 tx_too_big)"
	gs_expect_eq "ICMP errors sent for the one packet" $((icmp + 1)) \
		"$(ip netns exec h1 nstat -saz IcmpOutDestUnreachs | awk '/Icmp/ {print $2}')"
}

test_pmtu_ipv6_underlay() {
	local out
	gs_tunnel 6
	gs_ip h1 link set veth0 mtu 1400
	gs_ip h2 link set veth0 mtu 1400
	# 1400 - 96 bytes of overhead on an IPv6 underlay.
	out=$(ip netns exec h1 ping -c 2 -i 0.3 -W 1 -s 1350 -M do 10.0.0.2 2>&1) &&
		gs_fail "a 1378-byte packet with DF went through a 1400-byte IPv6 path"
	gs_expect_match "ping learns the MTU" 'mtu[ =:]*1304' "$out"
	ip netns exec h1 ping -c 1 -W 2 -s 1276 -M do 10.0.0.2 >/dev/null ||
		gs_fail "a 1304-byte packet did not pass"
}

# The outer TOS of h1's frames while pinging with inner TOS 0xb9 (DSCP
# 0xb8, ECT(1)).
outer_tos() { # LINK OPTIONS...
	local dir=/tmp/tos
	mkdir -p $dir
	[ $# -gt 0 ] && gs_dev_set h1 gs0 "$@"
	gs_capture h1 veth0 $dir/wire.pcap udp port 6081 and src host 192.0.2.1
	ip netns exec h1 ping -c 2 -i 0.2 -Q 0xb9 10.0.0.2 >/dev/null ||
		gs_fail "ping with TOS 0xb9"
	sleep 0.5
	stop_captures
	python3 "$GS_LIB/gswire.py" tos $dir/wire.pcap 192.0.2.1
}

test_outer_tos_and_ecn_encapsulation() {
	gs_tunnel 4
	# Default as ICX: 0, whatever the inner packet says.
	gs_expect_eq "outer TOS by default" 0x00 "$(outer_tos)"
	# Inherit: DSCP and ECN copied (RFC 6040 normal mode).
	gs_expect_eq "outer TOS with inherit" 0xb9 "$(outer_tos tos inherit)"
	# A fixed value keeps its DSCP and is never ECN-capable (RFC 6040
	# compatibility mode).
	gs_expect_eq "outer TOS fixed 0xbb" 0xb8 "$(outer_tos tos 0xbb)"
	gs_expect_eq "replies delivered" 6 "$(gs_counter h1 rx_packets)"
}

test_ecn_decapsulation() {
	gs_tunnel 4
	# gscraft.py's other source address.
	gs_ip h2 addr add 192.0.2.3/24 dev veth0
	python3 "$GS_LIB/gscraft.py" $GS_KEY_B 0x200 $GS_VNI ecn-ce-not-ect ecn-ce-ect0 ||
		gs_fail "CE on the outer header was not handled per RFC 6040"
}

# outer_headers [LINK CHANGES...]: what gswire.py outer says of h1's
# frames while h1 pings h2 three times (one flow), after the changes.
outer_headers() {
	local dir=/tmp/outer
	mkdir -p $dir
	[ $# = 0 ] || gs_dev_set h1 gs0 "$@"
	gs_capture h1 veth0 $dir/wire.pcap src 192.0.2.1 and udp port 6081
	gs_ping_all h1 10.0.0.2
	sleep 0.5
	kill -INT $(jobs -p)
	wait
	python3 "$GS_LIB/gswire.py" outer $dir/wire.pcap 192.0.2.1
}

# Spec section 1: the outer source port is the keyed hash of the inner
# flow, the same for the flow's life (across a rekey too); with hashing off
# it is the device's port. UDP checksum, TTL and DF are as configured.
test_outer_header_as_configured() {
	local out sport
	gs_tunnel 4 ttl 9 df set udpcsum
	# The checksum filled in before the capture sees it, as on a wire.
	ip netns exec h1 ethtool -K veth0 tx off >/dev/null
	out=$(outer_headers)
	gs_expect_match "hashed port, TTL 9, DF, checksum" '^[0-9]+ 6081 0x00 9 df ok 3$' "$out"
	sport=${out%% *}
	[ "$sport" -ge 49152 ] || gs_fail "source port $sport below 49152"
	# A rekey of h1's transmit SA: the flow keeps its port.
	gs_gsec h2 set gs0 vni $GS_VNI rx-sa spi 0x101 key $GS_KEY_C
	gs_gsec h1 set gs0 vni $GS_VNI tx-sa spi 0x101 key $GS_KEY_C
	gs_expect_eq "after a rekey" "$sport 6081 0x00 9 df ok 3" "$(outer_headers)"
	gs_expect_eq "hashing off, defaults" "6081 6081 0x00 64 nodf zero 3" \
		"$(outer_headers nosrcport-hash noudpcsum ttl 64 df unset)"
}

# second_path: a second underlay link from h1 to h2 (veth1,
# 198.51.100.0/24) and, in h1's table 100, a route to h2's address
# 192.0.2.2 through it; nothing but frames leaves h1 on it (no IPv6, a
# static neighbour).
second_path() {
	local mac
	ip -n h1 link add veth1 type veth peer name veth1 netns h2
	for h in h1 h2; do
		ip netns exec $h sysctl -qw net.ipv6.conf.veth1.disable_ipv6=1
	done
	ip -n h1 addr add 198.51.100.1/24 dev veth1
	ip -n h2 addr add 198.51.100.2/24 dev veth1
	ip -n h1 link set veth1 up
	ip -n h2 link set veth1 up
	mac=$(gs_link_json h2 veth1 "d['address']")
	ip -n h1 neigh replace 198.51.100.2 lladdr "$mac" dev veth1 nud permanent
	ip -n h1 route add 192.0.2.2/32 via 198.51.100.2 dev veth1 table 100
}

veth1_tx() {
	gs_link_json h1 veth1 "d['stats64']['tx']['packets']"
}

# The outer route is looked up with the frame's mark (policy routing of
# the underlay) and, with tos inherit, its TOS: a route cached for one
# flow must not carry another's frames.
test_outer_route_follows_mark_and_tos() {
	local n
	gs_tunnel 4
	second_path
	ip -n h1 rule add fwmark 0x10 table 100
	ip -n h1 rule add tos 0x10 table 100
	# Unmarked: the main table's route, through veth0 (and cached).
	gs_ping_all h1 10.0.0.2
	n=$(veth1_tx)
	gs_expect_eq "unmarked frames on the second path" 0 "$n"
	# Marked: through veth1 (h2 drops them: their source is not its
	# peer's address, which does not matter here).
	ip netns exec h1 ping -c 3 -i 0.2 -W 1 -m 16 10.0.0.2 >/dev/null 2>&1 || true
	gs_expect_eq "marked frames on the second path" 3 "$(($(veth1_tx) - n))"
	n=$(veth1_tx)
	gs_ping_all h1 10.0.0.2
	gs_expect_eq "unmarked frames on the second path, after" 0 "$(($(veth1_tx) - n))"
	# The outer TOS inherited from the inner packet picks the route too.
	gs_dev_set h1 gs0 tos inherit
	gs_ping_all h1 10.0.0.2
	ip netns exec h1 ping -c 3 -i 0.2 -W 1 -Q 0x10 10.0.0.2 >/dev/null 2>&1 || true
	gs_expect_eq "TOS 0x10 frames on the second path" 3 "$(($(veth1_tx) - n))"
}

gs_main "$@"
