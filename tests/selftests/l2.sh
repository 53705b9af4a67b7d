#!/bin/bash
# Selftests: L2 mode (spec section 5 step 1 and section 9): an Ethernet
# device that answers ARP and neighbour solicitations for addresses behind
# the tunnel with the peer MAC, and carries only IP.
# kernels: test
. "$(dirname "$0")/lib.sh"

GS_LIB=$GS_REPO/tests/lib
PEER_MAC=02:00:5e:00:53:22

# l2_tunnel [4|6]: gs_tunnel with h1's gs0 in L2 mode (peer MAC $PEER_MAC)
# and h2's in L3 mode.
l2_tunnel() {
	gs_tunnel_modes l2 l3 "${1:-4}"
	gs_dev_set h1 gs0 peer-mac $PEER_MAC
}

# gsl2 NS ARGS...: tests/lib/gsl2.py (raw ARP, NS and other frames).
gsl2() {
	local ns=$1
	shift
	ip netns exec "$ns" python3 "$GS_LIB/gsl2.py" "$@"
}

neigh_mac() { # NS DEV ADDRESS: the MAC of a neighbour entry, or nothing
	gs_ip "$1" -j neigh show dev "$2" to "$3" | jq -r '.[0].lladdr // ""'
}

info_data() { # NS DEV KEY: one option as ip -d -j shows it
	gs_link_json "$1" "$2" "d['linkinfo']['info_data'].get('$3')"
}

test_l2_link_options() {
	local out mac peer
	gs_ns_add h1
	gs_dev_add h1 gs0 mode l2
	gs_expect_eq "mode" l2 "$(info_data h1 gs0 mode)"
	gs_expect_eq "link type" ether "$(gs_link_json h1 gs0 "d['link_type']")"
	gs_expect_eq "MTU" 1392 "$(gs_link_json h1 gs0 "d['mtu']")"
	gs_expect_eq "largest MTU, as in L3 mode" 65439 "$(gs_link_json h1 gs0 "d['max_mtu']")"
	gs_expect_match "broadcast and multicast" "BROADCAST,MULTICAST" \
		"$(gs_ip h1 link show dev gs0)"
	mac=$(gs_link_json h1 gs0 "d['address']")
	peer=$(info_data h1 gs0 peer_mac)
	# Both random, locally administered unicast addresses, not equal.
	gs_expect_match "random address" '^[0-9a-f][26ae](:[0-9a-f]{2}){5}$' "$mac"
	gs_expect_match "random peer MAC" '^[0-9a-f][26ae](:[0-9a-f]{2}){5}$' "$peer"
	[ "$mac" != "$peer" ] || gs_fail "the peer MAC is the device's address"

	gs_dev_set h1 gs0 peer-mac $PEER_MAC
	gs_expect_eq "peer MAC changed" $PEER_MAC "$(info_data h1 gs0 peer_mac)"
	out=$(gs_dev_set h1 gs0 peer-mac 01:00:5e:00:00:01 2>&1 || true)
	gs_expect_match "multicast peer MAC" "peer-mac must be a unicast MAC address" "$out"
	out=$(gs_dev_set h1 gs0 peer-mac "$mac" 2>&1 || true)
	gs_expect_match "peer MAC = own address" "peer-mac must differ from the device's address" "$out"
	gs_expect_eq "peer MAC unchanged by refusals" $PEER_MAC "$(info_data h1 gs0 peer_mac)"
	gs_expect_fail "the device's address set to the peer MAC" \
		gs_ip h1 link set dev gs0 address $PEER_MAC
	gs_ip h1 link set dev gs0 address 02:00:5e:00:53:01
	gs_expect_eq "address changed" 02:00:5e:00:53:01 "$(gs_link_json h1 gs0 "d['address']")"
	out=$(gs_dev_set h1 gs0 mode l3 2>&1 || true)
	gs_expect_match "mode change" "the mode cannot be changed" "$out"
	gs_expect_eq "still l2" l2 "$(info_data h1 gs0 mode)"

	# At creation: a given address is kept, and checked against peer-mac.
	out=$(gs_ip h1 link add gs1 address 02:00:5e:00:53:07 type genevesec \
		port 6090 mode l2 peer-mac 02:00:5e:00:53:07 2>&1 || true)
	gs_expect_match "same address and peer MAC" "peer-mac must differ" "$out"
	gs_ip h1 link add gs1 address 02:00:5e:00:53:07 type genevesec port 6090 mode l2
	gs_expect_eq "given address" 02:00:5e:00:53:07 "$(gs_link_json h1 gs1 "d['address']")"
	# An L3 device reports no peer MAC.
	gs_dev_add h1 gs2 port 6091
	gs_expect_eq "no peer MAC in L3 mode" None "$(info_data h1 gs2 peer_mac)"
	gs_expect_eq "L3 link type" none "$(gs_link_json h1 gs2 "d['link_type']")"
}

test_l2_ping_l3_peer_underlay_v4() {
	l2_tunnel 4
	gs_ping_all h1 10.0.0.2 fd00::2
	gs_ping_all h2 10.0.0.1 fd00::1
	# Only the pings crossed the tunnel: ARP and ND stayed on h1.
	gs_expect_eq "h1 rx packets" 12 "$(gs_counter h1 rx_packets)"
	gs_expect_eq "h2 rx packets" 12 "$(gs_counter h2 rx_packets)"
	gs_expect_eq "h2 malformed frames" 0 "$(gs_dev_counter h2 rx_malformed)"
	# h1 resolved h2's addresses to the peer MAC.
	gs_expect_eq "ARP entry" $PEER_MAC "$(neigh_mac h1 gs0 10.0.0.2)"
	gs_expect_eq "neighbour entry" $PEER_MAC "$(neigh_mac h1 gs0 fd00::2)"
}

test_l2_ping_l3_peer_underlay_v6() {
	l2_tunnel 6
	gs_ping_all h2 10.0.0.1 fd00::1
	gs_ping_all h1 10.0.0.2 fd00::2
	gs_expect_eq "h2 rx packets" 12 "$(gs_counter h2 rx_packets)"
	gs_expect_eq "neighbour entry" $PEER_MAC "$(neigh_mac h1 gs0 fd00::2)"
}

test_l2_replies_come_from_peer_mac() {
	local dir=/tmp/l2-capture out
	mkdir -p $dir
	l2_tunnel 4
	gs_ip h1 neigh flush dev gs0
	gs_capture h1 gs0 $dir/nd.pcap arp or icmp6
	gs_ping_all h1 10.0.0.2 fd00::2
	sleep 1
	kill -INT $(jobs -p)
	wait
	out=$(ip netns exec h1 tcpdump -n -e -t -r $dir/nd.pcap 2>/dev/null)
	echo "$out"
	gs_expect_match "ARP reply by the peer MAC" \
		"^$PEER_MAC > .*Reply 10\.0\.0\.2 is-at $PEER_MAC" "$out"
	gs_expect_match "neighbour advertisement by the peer MAC" \
		"^$PEER_MAC > .*neighbor advertisement, tgt is fd00::2" "$out"
}

test_l2_ipv6_dad_succeeds() {
	local before
	l2_tunnel 4
	# A remote prefix holding the new address: the device must still not
	# answer the address's own duplicate address detection.
	gs_gsec h1 set gs0 vni $GS_VNI route fd00::1/128=fd00::4/126
	before=$(gs_dev_counter h1 tx_non_ip)
	gs_ip h1 addr add fd00::5/64 dev gs0
	flags() {
		gs_ip h1 -6 -j addr show dev gs0 | python3 -c '
import json, sys
for i in json.load(sys.stdin):
    for a in i["addr_info"]:
        for f in ("tentative", "dadfailed"):
            if a.get(f):
                print(a["local"], f)'
	}
	for _ in $(seq 20); do
		[ -z "$(flags)" ] && break
		sleep 0.5
	done
	gs_ip h1 -6 addr show dev gs0
	gs_expect_eq "tentative or dadfailed addresses" "" "$(flags)"
	# The probes did go through the device, which dropped them.
	[ "$(gs_dev_counter h1 tx_non_ip)" -gt "$before" ] ||
		gs_fail "no DAD probe reached the device"
	# From the routed address: fd00::5 has no route to fd00::2.
	ip netns exec h1 ping -c 3 -i 0.2 -W 2 -I fd00::1 fd00::2 >/dev/null ||
		gs_fail "ping fd00::2 from fd00::1 after DAD"
}

test_l2_which_requests_are_answered() {
	local before after
	l2_tunnel 4
	# 10.0.0.8/29 and fd00::8/125 are behind the tunnel; h1 owns .9 and
	# ::9 itself.
	gs_gsec h1 set gs0 vni $GS_VNI route 10.0.0.1/32=10.0.0.8/29 \
		route fd00::1/128=fd00::8/125
	gs_ip h1 addr add 10.0.0.9/32 dev lo
	gs_ip h1 addr add fd00::9/128 dev lo nodad
	before=$(gs_dev_counter h1 tx_non_ip)
	gs_expect_eq "ARP for an address behind the tunnel" $PEER_MAC \
		"$(gsl2 h1 arp gs0 10.0.0.1 10.0.0.10)"
	gs_expect_eq "NS for an address behind the tunnel" $PEER_MAC \
		"$(gsl2 h1 ns gs0 fd00::1 fd00::a)"
	# Unanswered, each dropped as tx_non_ip:
	gs_expect_eq "ARP probe (DAD)" none "$(gsl2 h1 arp gs0 0.0.0.0 10.0.0.10)"
	gs_expect_eq "NS from :: (DAD)" none "$(gsl2 h1 ns gs0 :: fd00::a)"
	gs_expect_eq "ARP probe for h1's own address" none \
		"$(gsl2 h1 arp gs0 0.0.0.0 10.0.0.1)"
	gs_expect_eq "ARP for a local address" none "$(gsl2 h1 arp gs0 10.0.0.1 10.0.0.9)"
	gs_expect_eq "NS for a local address" none "$(gsl2 h1 ns gs0 fd00::1 fd00::9)"
	gs_expect_eq "gratuitous ARP" none "$(gsl2 h1 arp gs0 10.0.0.10 10.0.0.10)"
	gs_expect_eq "ARP outside the tunnel" none "$(gsl2 h1 arp gs0 10.0.0.1 10.0.0.99)"
	gs_expect_eq "NS outside the tunnel" none "$(gsl2 h1 ns gs0 fd00::1 fd00::99)"
	after=$(gs_dev_counter h1 tx_non_ip)
	[ $((after - before)) -ge 8 ] ||
		gs_fail "tx_non_ip counted $((after - before)) of 8 unanswered requests"
	gs_expect_eq "nothing crossed the tunnel" 0 "$(gs_counter h1 tx_packets)"
}

test_l2_non_ip_counts_tx_non_ip() {
	local before after dropped
	l2_tunnel 4
	before=$(gs_dev_counter h1 tx_non_ip)
	dropped=$(gs_link_json h1 gs0 "d['stats64']['tx']['dropped']")
	gsl2 h1 raw gs0 0x88b5 5
	after=$(gs_dev_counter h1 tx_non_ip)
	[ $((after - before)) -ge 5 ] ||
		gs_fail "tx_non_ip counted $((after - before)) of 5 frames"
	[ "$(gs_link_json h1 gs0 "d['stats64']['tx']['dropped']")" -ge $((dropped + 5)) ] ||
		gs_fail "the drops are not in the device's tx_dropped"
	gs_expect_eq "nothing crossed the tunnel" 0 "$(gs_counter h1 tx_packets)"
}

# bridge_topo: h1's gs0, in L2 mode, is a port of br0, as is a veth into
# the container c1 (10.0.0.3, fd00::3); h2 is an L3 host (10.0.0.2) that
# reaches both h1 (10.0.0.1) and c1.
bridge_topo() {
	local i
	gs_topo_two_hosts
	gs_ns_add c1
	# h2: an L3 device that reaches h1 and the container c1 behind it.
	gs_ip_batch h2 <<-EOF
		link add gs0 type genevesec
		addr add 10.0.0.2/24 dev gs0
		addr add fd00::2/64 dev gs0 nodad
		link set gs0 up
	EOF
	gs_gsec h2 set gs0 vni $GS_VNI peer 192.0.2.1 \
		route 10.0.0.2/32=10.0.0.1/32 route 10.0.0.2/32=10.0.0.3/32 \
		route fd00::2/128=fd00::1/128 route fd00::2/128=fd00::3/128 \
		sa rx-spi 0x100 tx-spi 0x200 rx-key $GS_KEY_A tx-key $GS_KEY_B
	# h1: gs0 in L2 mode is a port of br0, as is a veth into c1.
	gs_ip_batch h1 <<-EOF
		link add br0 type bridge
		link add gs0 type genevesec mode l2 peer-mac $PEER_MAC
		link set gs0 master br0
		link add veth1 type veth peer name eth0 netns c1
		link set veth1 master br0
		addr add 10.0.0.1/24 dev br0
		addr add fd00::1/64 dev br0 nodad
		link set gs0 up
		link set veth1 up
		link set br0 up
	EOF
	gs_gsec h1 set gs0 vni $GS_VNI peer 192.0.2.2 \
		route 10.0.0.1/32=10.0.0.2/32 route 10.0.0.3/32=10.0.0.2/32 \
		route fd00::1/128=fd00::2/128 route fd00::3/128=fd00::2/128 \
		sa rx-spi 0x200 tx-spi 0x100 rx-key $GS_KEY_B tx-key $GS_KEY_A
	gs_ip_batch c1 <<-EOF
		addr add 10.0.0.3/24 dev eth0
		addr add fd00::3/64 dev eth0 nodad
		link set eth0 up
	EOF
	# Received packets are addressed to gs0's own MAC (spec section 9), so
	# the bridge hands them to h1, which routes them on to c1.
	ip netns exec h1 sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1 net.ipv4.conf.all.send_redirects=0 \
		net.ipv4.conf.br0.send_redirects=0
	# Let the bridge ports come up.
	for i in $(seq 10); do
		ip netns exec c1 ping -c 1 -W 1 10.0.0.2 >/dev/null 2>&1 && break
	done
}

test_l2_bridge_port() {
	bridge_topo
	gs_ping_all c1 10.0.0.2 fd00::2
	gs_ping_all h2 10.0.0.3 fd00::3
	gs_ping_all h1 10.0.0.2 fd00::2
	# c1's requests crossed the bridge and were answered by gs0.
	gs_expect_eq "c1's ARP entry" $PEER_MAC "$(neigh_mac c1 eth0 10.0.0.2)"
	gs_expect_eq "c1's neighbour entry" $PEER_MAC "$(neigh_mac c1 eth0 fd00::2)"
	gs_expect_match "the bridge learned the peer MAC on gs0" "$PEER_MAC dev gs0" \
		"$(bridge -n h1 fdb show br br0)"
}

# A frame bridged into gs0 has no route to answer by: a too-big one from
# the container still gets its ICMP error, with the path's MTU, through
# the bridge, and the container's TCP learns the path.
test_l2_bridged_frames_get_icmp() {
	local out
	bridge_topo
	# The bridge passes what gs0's MTU allows; the underlay carries less.
	gs_ip h1 link set gs0 mtu 1500
	gs_ip h1 link set veth0 mtu 1400
	gs_ip h2 link set veth0 mtu 1400
	# 1400 - 76 bytes of overhead on an IPv4 underlay.
	out=$(ip netns exec c1 ping -c 2 -i 0.3 -W 1 -s 1350 -M do 10.0.0.2 2>&1) &&
		gs_fail "a 1378-byte packet with DF went through a 1400-byte path"
	gs_expect_match "c1 learns the MTU" 'mtu[ =:]*1324' "$out"
	gs_expect_match "c1's route caches it" 'mtu 1324' "$(ip -n c1 route get 10.0.0.2)"
	# (The second ping is refused by c1 itself, which knows the MTU now.)
	gs_expect_eq "tx_too_big" 1 "$(gs_dev_counter h1 tx_too_big)"
	# IPv6 inside: the same IPv4 underlay.
	out=$(ip netns exec c1 ping -6 -c 2 -i 0.3 -W 1 -s 1300 -M do fd00::2 2>&1) &&
		gs_fail "a 1348-byte IPv6 packet went through a 1400-byte path"
	gs_expect_match "c1 learns the IPv6 MTU" 'mtu[ =:]*1324' "$out"
	# TCP from c1 starts at 1500 and learns the path's MTU.
	gs_tcp_sink h2 10.0.0.2 5302 >/tmp/l2-received &
	gs_tcp_send c1 10.0.0.2 5302 1048576 ||
		gs_fail "the TCP transfer from c1 did not complete"
	wait $!
	gs_expect_eq "bytes received from c1" 1048576 "$(cat /tmp/l2-received)"
}

gs_main "$@"
