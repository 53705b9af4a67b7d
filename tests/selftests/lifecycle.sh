#!/bin/bash
# Selftests: device and module lifecycle, the genetlink family.
# kernels: test stock mainline
. "$(dirname "$0")/lib.sh"

test_create_delete() {
	gs_ns_add h1
	gs_dev_add h1 gs0
	gs_expect_eq "kind" genevesec "$(gs_link_json h1 gs0 "d['linkinfo']['info_kind']")"
	gs_expect_eq "default MTU" 1392 "$(gs_link_json h1 gs0 "d['mtu']")"
	gs_expect_eq "link type" none "$(gs_link_json h1 gs0 "d['link_type']")"
	gs_expect_match "flags" "POINTOPOINT.*NOARP" "$(gs_link_json h1 gs0 "d['flags']")"
	gs_ip h1 link set gs0 up
	gs_dev_del h1 gs0
	gs_expect_fail "deleted device still there" gs_ip h1 link show gs0
}

test_mtu_limits() {
	gs_ns_add h1
	gs_dev_add h1 gs0
	gs_ip h1 link set gs0 mtu 1500
	gs_ip h1 link set gs0 mtu 68
	gs_ip h1 link set gs0 mtu 65439
	gs_expect_fail "MTU below 68" gs_ip h1 link set gs0 mtu 67
	gs_expect_fail "MTU above 65439" gs_ip h1 link set gs0 mtu 65440
	gs_expect_eq "MTU" 65439 "$(gs_link_json h1 gs0 "d['mtu']")"
}

test_two_namespaces() {
	local n1 n2
	gs_topo_two_hosts
	gs_dev_add h1 gs0
	# A second device needs its own port.
	gs_dev_add h1 gs1 port 6082
	gs_dev_add h2 gs0
	n1=$(gs_nl h1 --dump dev-get | grep -o "'ifname'" | wc -l)
	n2=$(gs_nl h2 --dump dev-get | grep -o "'ifname'" | wc -l)
	gs_expect_eq "devices dumped in h1" 2 "$n1"
	gs_expect_eq "devices dumped in h2" 1 "$n2"
	# Deleting a namespace deletes its devices (kmemleak checks the rest).
	ip netns del h2
	gs_dev_del h1 gs1
	n1=$(gs_nl h1 --dump dev-get | grep -o "'ifname'" | wc -l)
	gs_expect_eq "devices dumped in h1 after delete" 1 "$n1"
}

test_socket_stays_in_creating_namespace() {
	gs_ns_add h1 h2
	gs_dev_add h1 gs0
	gs_ip h1 link set gs0 netns h2
	gs_ip h2 link show gs0 >/dev/null
	ip netns exec h1 ss -uln | grep -q ':6081\b' || gs_fail "the socket left h1"
	ip netns exec h2 ss -uln | grep -q ':6081\b' && gs_fail "a socket in h2"
	gs_expect_match "link netns" '^[0-9]+$' "$(gs_link_json h2 gs0 "d['link_netnsid']")"
	gs_ip h2 link set gs0 up
	gs_gsec h2 set gs0 vni 7 peer 192.0.2.9 route 10.9.0.1/32=10.9.0.2/32 \
		sa rx-spi 0x200 tx-spi 0x100 rx-key $GS_KEY_B tx-key $GS_KEY_A
	gs_ip h2 addr add 10.9.0.1/24 dev gs0
	gs_expect_fail "NO-CARRIER while h1 lives" \
		grep -q NO-CARRIER <<<"$(gs_link_json h2 gs0 "d['flags']")"
	# The namespace holding its sockets goes: the sockets close, the
	# carrier goes down, the device stays (pernet pre_exit).
	ip netns del h1
	gs_expect_match "flags after h1 is gone" NO-CARRIER "$(gs_link_json h2 gs0 "d['flags']")"
	gs_expect_fail "link netns after h1 is gone" \
		grep -q '^[0-9]' <<<"$(gs_link_json h2 gs0 "d.get('link_netnsid')")"
	gs_nl h2 --do dev-get --json '{"ifname": "gs0"}' >/dev/null ||
		gs_fail "dev-get after h1 is gone"
	# Nothing to reopen sockets in.
	gs_expect_match "port change refused" "namespace the device was created in is gone" \
		"$(gs_dev_set h2 gs0 port 6090 2>&1)"
	# Nothing goes out (the carrier is down: the stack drops before the
	# device); a new peer needs a socket.
	gs_expect_match "peer refused" "no IPv4 socket" \
		"$(gs_gsec h2 set gs0 vni 7 peer 192.0.2.8 2>&1)"
	ip netns exec h2 ping -c 1 -W 1 10.9.0.2 >/dev/null 2>&1 && gs_fail "ping without sockets"
	gs_expect_eq "tx_packets without sockets" 0 "$(gs_counter h2 tx_packets 7)"
	gs_dev_del h2 gs0
}

# gs_netns_wait_freed N: wait until at most N network namespaces made by
# this test's user exist, i.e. every deleted one has really been freed (the
# core frees them later, from a workqueue). The probe: with the limit at
# N + 1, a new namespace can be made only when N or fewer are left.
# (Bounded in time, well inside the test's time-out, so that the limit
# is always put back: a lowered one would fail every later test.)
gs_netns_wait_freed() {
	local keep=$1 max end freed=0
	max=$(cat /proc/sys/user/max_net_namespaces)
	echo $((keep + 1)) >/proc/sys/user/max_net_namespaces
	end=$((SECONDS + 40))
	while [ $SECONDS -lt $end ]; do
		unshare -n true 2>/dev/null && { freed=1; break; }
		sleep 0.2
	done
	echo "$max" >/proc/sys/user/max_net_namespaces
	[ $freed = 1 ] || gs_fail "deleted namespaces were not freed within 40 s"
}

# The outer routes cached per peer belong to the namespace holding the
# sockets: when it dies, they must go with it, not when the device
# later drops a peer (net-del, device delete). An IPv6
# route released after its namespace was freed reads the freed
# namespace (its dst_ops live there): KASAN catches it.
test_peer_routes_die_with_the_socket_namespace() {
	local v peer
	gs_ns_add h1 h2 h3
	ip -n h1 link add veth0 type veth peer name veth0 netns h3
	ip -n h1 addr add 192.0.2.1/24 dev veth0
	ip -n h1 addr add 2001:db8::1/64 dev veth0 nodad
	ip -n h1 link set veth0 up
	ip -n h3 link set veth0 up
	gs_dev_add h1 gs0
	gs_ip h1 link set gs0 netns h2
	gs_ip h2 addr add 10.9.0.1/24 dev gs0
	gs_ip h2 link set gs0 up
	# IPv6 peers (one dropped by net-del, two with the device) and an
	# IPv4 one.
	for v in 1 2 3 4; do
		if [ $v = 4 ]; then peer=192.0.2.2; else peer="[2001:db8::2]:6081"; fi
		gs_gsec h2 set gs0 vni $v peer "$peer" \
			route 10.9.0.1/32=10.9.0.1$v/32 \
			sa rx-spi 0x20$v tx-spi 0x10$v rx-key $GS_KEY_B tx-key $GS_KEY_A
		ip netns exec h2 ping -c 2 -i 0.2 -W 1 10.9.0.1$v >/dev/null 2>&1 || true
		gs_expect_eq "frames sent on vni $v" 2 "$(gs_counter h2 tx_packets $v)"
	done
	ip netns del h1
	ip netns del h3
	# Only h2 is left: h1 and h3 are freed.
	gs_netns_wait_freed 1
	gs_gsec h2 del gs0 vni 1
	gs_dev_del h2 gs0
	# The routes are released an RCU grace period or two later.
	gs_netns_wait_freed 1
	if dmesg | grep -q 'BUG: KASAN'; then
		gs_fail "use after free: $(dmesg | grep -m1 'BUG: KASAN')"
	fi
}

test_moved_device_carries_traffic() {
	gs_tunnel 4
	# h1's device goes into a container namespace; its sockets stay.
	gs_ns_add c1
	gs_ip h1 link set gs0 netns c1
	gs_ip c1 addr add 10.0.0.1/24 dev gs0
	gs_ip c1 addr add fd00::1/64 dev gs0 nodad
	gs_ip c1 link set gs0 up
	ip netns exec c1 ping -c 3 -i 0.2 -W 2 10.0.0.2 >/dev/null || gs_fail "ping from c1"
	ip netns exec c1 ping -c 3 -i 0.2 -W 2 fd00::2 >/dev/null || gs_fail "ping6 from c1"
	ip netns exec h2 ping -c 3 -i 0.2 -W 2 10.0.0.1 >/dev/null || gs_fail "ping to c1"
	gs_expect_eq "c1 rx packets" 9 "$(gs_counter c1 rx_packets)"
	# The container goes: the device goes with it, the port in h1 is free.
	ip netns del c1
	for i in $(seq 20); do
		ip netns exec h1 ss -uln | grep -q ':6081\b' || break
		sleep 0.2
	done
	ip netns exec h1 ss -uln | grep -q ':6081\b' && gs_fail "the socket outlived the device"
	gs_dev_add h1 gs1
}

test_genl_dev_get() {
	local out ifindex res
	gs_ns_add h1
	gs_dev_add h1 gs0
	ifindex=$(gs_link_json h1 gs0 "d['ifindex']")
	out=$(gs_ynl_each h1 <<-EOF
		do dev-get {"ifname": "gs0"}
		do dev-get {"ifindex": $ifindex}
		do dev-get {"ifname": "lo"}
		do dev-get {"ifname": "nope"}
		do dev-get {}
		do dev-get {"ifindex": 0}
	EOF
	)
	echo "$out"
	mapfile -t res <<<"$out"
	gs_expect_match "dev-get by name" "^do dev-get ok .*'ifindex': $ifindex\b" "${res[0]}"
	gs_expect_match "dev-get by index" "^do dev-get ok .*'ifname': 'gs0'" "${res[1]}"
	gs_expect_match "dev-get of lo" "not a genevesec device" "${res[2]}"
	gs_expect_match "dev-get of a missing device" "no such device" "${res[3]}"
	gs_expect_match "dev-get without a device" "ifindex or ifname" "${res[4]}"
	gs_expect_match "dev-get of ifindex 0" "Numerical result out of range|bad-attr" "${res[5]}"
}

test_tx_drops_counted() {
	gs_ns_add h1
	gs_dev_add h1 gs0
	ip netns exec h1 sysctl -qw net.ipv6.conf.gs0.disable_ipv6=1
	gs_ip h1 addr add 10.1.0.1/24 dev gs0
	gs_ip h1 link set gs0 up
	gs_expect_fail "ping with no network" ip netns exec h1 ping -c 3 -i 0.2 -W 1 10.1.0.2
	gs_expect_eq "tx_dropped" 3 "$(gs_link_json h1 gs0 "d['stats64']['tx']['dropped']")"
	gs_expect_eq "tx_packets" 0 "$(gs_link_json h1 gs0 "d['stats64']['tx']['packets']")"
}

test_unload_with_devices() {
	gs_topo_two_hosts
	gs_dev_add h1 gs0
	gs_dev_add h2 gs0
	gs_dev_add - gs9
	gs_ip h1 link set gs0 up
	rmmod genevesec
	gs_expect_fail "device survived unload" gs_ip h1 link show gs0
	gs_expect_fail "device survived unload" gs_ip - link show gs9
	gs_module_load
	gs_dev_add h1 gs0
}

test_autoload() {
	[ "$GS_KERNEL" = test ] || gs_skip "genevesec is not installed in the stock kernel's module tree"
	rmmod genevesec
	gs_dev_add - gs0
	grep -q '^genevesec ' /proc/modules || gs_fail "rtnl link kind did not autoload"
	gs_dev_del - gs0
	rmmod genevesec
	genl ctrl get name genevesec >/dev/null
	grep -q '^genevesec ' /proc/modules || gs_fail "genl family did not autoload"
}

gs_main "$@"
