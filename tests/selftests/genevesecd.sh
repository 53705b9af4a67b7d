#!/bin/bash
# Selftests: genevesecd on real devices: its kernel layer alone, then two
# daemons keying a tunnel from nothing but their key files and rekeying it
# under traffic (its pure parts are tested on the host by
# tests/genevesecd/run).
# kernels: test
. "$(dirname "$0")/lib.sh"

GSD_BIN=$GS_REPO/build/genevesecd
GSD=$GS_REPO/tools/genevesecd/genevesecd
GSD_PIDS=()

# Daemons started here go with the test, whichever way it ends, before
# their namespaces.
gsd_cleanup() {
	local pid
	for pid in "${GSD_PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	GSD_PIDS=()
	gs_cleanup
}

# The two phases of a rekey as the daemon drives them (icx-control-plane
# 5.4), and the device's refusals the daemon must log rather than
# retry: each request's outcome, then the SAs the device holds.
test_kernel_sa_phases() {
	local out sas
	[ -x "$GSD_BIN/kernel_test" ] || gs_fail "no $GSD_BIN/kernel_test (tests/genevesecd/build)"
	gs_ns_add h1
	gs_dev_add h1 gs0
	gs_gsec h1 set gs0 vni 5 peer 192.0.2.2
	out=$(ip netns exec h1 "$GSD_BIN/kernel_test" gs0 5 \
		rx:0x1:0xa1 tx:0x40000001:0xb1 tx:0x40000002:0xa1 \
		tx:0x40000001:0xb1 rx:0x2:0xa2 tx:0x40000002:0xb2 \
		tx:0x40000003:0xb1 del:0x2 del:0x2 rx:0x40000009:0xc1 || true)
	echo "$out"
	gs_expect_eq "outcomes" "rx:0x1:0xa1 ok
tx:0x40000001:0xb1 ok
tx:0x40000002:0xa1 22: the receive and transmit keys must differ
tx:0x40000001:0xb1 17: this transmit SA (same SPI and key) is already active
rx:0x2:0xa2 ok
tx:0x40000002:0xb2 ok
tx:0x40000003:0xb1 17: this key has transmitted on this network before
del:0x2 ok
del:0x2 2: no receive SA with this SPI
rx:0x40000009:0xc1 ok" "$out"
	sas=$(gs_gsec h1 show gs0 -j | jq -c '[.[0].networks[0].sas[] | [.dir, .spi, .expires_in <= 3600]] | sort')
	gs_expect_eq "SAs left" '[["rx",1,true],["rx",1073741833,true],["tx",1073741826,true]]' "$sas"
}

# Two hosts, each with gs0 in network GS_VNI and a daemon given only its
# own key file and the other's public key, rekeying every 3 s; returns
# once a ping crosses the tunnel (20 s at most). h1's network is set up by
# its daemon (--allowed-route), h2's before, with the tool.
gsd_pair() {
	local h other i route
	[ -x "$GSD" ] || gs_fail "no $GSD (make -C tools)"
	gs_topo_two_hosts
	for h in 1 2; do
		other=$((3 - h))
		gs_ip_batch h$h <<-EOF
			link add gs0 type genevesec
			addr add 10.0.0.$h/24 dev gs0
			link set gs0 up
		EOF
		[ $h = 1 ] || gs_gsec h$h set gs0 vni $GS_VNI peer 192.0.2.$other \
			route 10.0.0.$h/32=10.0.0.$other/32
		rm -f /tmp/gsd-key$h
		"$GSD" genkey -o /tmp/gsd-key$h 2>/dev/null || gs_fail "genkey"
	done
	# After gs_main's own trap: the namespaces go too.
	trap gsd_cleanup EXIT
	for h in 1 2; do
		other=$((3 - h))
		route=()
		[ $h = 1 ] && route=(--allowed-route 10.0.0.1/32=10.0.0.2/32)
		ip netns exec h$h "$GSD" -k /tmp/gsd-key$h \
			-P "$("$GSD" pubkey -i /tmp/gsd-key$other)" --vni $GS_VNI \
			--rekey-interval 3 -v "${route[@]}" 192.0.2.$other:6081 \
			2>/tmp/gsd$h.log &
		GSD_PIDS+=($!)
	done
	gsd_wait_ping 100 || { cat /tmp/gsd1.log /tmp/gsd2.log; gs_fail "no tunnel within 20 s"; }
}

# gsd_wait_ping POLLS: until a ping from h1 crosses, 0.2 s apart.
gsd_wait_ping() {
	local i
	for i in $(seq "$1"); do
		ip netns exec h1 ping -c 1 -W 1 10.0.0.2 >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	return 1
}

# h1's transmit SA, as "SPI FINGERPRINT" ("none" without one).
gsd_tx_sa() {
	gs_gsec "$1" show gs0 -j |
		jq -r '[.[0].networks[0].sas[] | select(.dir == "tx") |
			"\(.spi) \(.fingerprint)"] | first // "none"'
}

# The tunnel comes up from the key files alone, then rekeys every 3 s
# while a ping every 50 ms crosses it, without losing one; the transmit
# SA changes each time.
test_two_daemons_key_a_tunnel() {
	local first loss sa
	gsd_pair
	first=$(gsd_tx_sa h1)
	# 10 s of pings every 50 ms: three rekeys or more.
	loss=$(ip netns exec h1 ping -q -c 200 -i 0.05 -W 1 10.0.0.2 |
		sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p')
	sa=$(gsd_tx_sa h1)
	grep -h "rekeyed\|failed\|ended" /tmp/gsd1.log /tmp/gsd2.log | tail -n 12
	echo "transmit SA before: $first; after: $sa"
	gs_expect_eq "ping loss across the rekeys (%)" 0 "$loss"
	[ "$sa" != "$first" ] || gs_fail "the transmit SA did not change"
	[ "$(grep -c rekeyed /tmp/gsd1.log)" -ge 3 ] || gs_fail "fewer than 3 rekeys on h1"
	! grep -qiE "exchange failed|refused" /tmp/gsd1.log /tmp/gsd2.log ||
		gs_fail "a daemon logged a failure"
}

# Hibernation kills both hosts' transmit SAs; the daemons see it and make
# a fresh handshake (new master keys), never reinstalling a key: the
# tunnel comes back with transmit SAs of new fingerprints.
test_killed_transmit_sa_gets_a_new_handshake() {
	local before after
	gsd_pair
	before=$(gsd_tx_sa h1)
	gs_hibernate_freezer_test || gs_fail "the hibernation test run failed"
	gsd_wait_ping 100 || { cat /tmp/gsd1.log /tmp/gsd2.log; gs_fail "no tunnel after the kill"; }
	after=$(gsd_tx_sa h1)
	grep -h "killed\|connected\|rekeyed" /tmp/gsd1.log /tmp/gsd2.log | tail -n 8
	echo "transmit SA before: $before; after: $after"
	grep -q "killed (VM fork or hibernation): new handshake" /tmp/gsd1.log ||
		gs_fail "h1's daemon did not see the kill"
	[ "$(grep -c "connected to the pinned peer" /tmp/gsd1.log)" -ge 2 ] ||
		gs_fail "no new connection after the kill"
	[ "${after#* }" != "${before#* }" ] || gs_fail "the same transmit key after the kill"
}

gs_main "$@"
