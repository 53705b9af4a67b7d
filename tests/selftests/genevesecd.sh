#!/bin/bash
# Selftests: genevesecd on real devices: its kernel layer alone, two
# daemons keying a tunnel from nothing but their key files and rekeying it
# under traffic, through faults (a stalled peer, a blocked control port,
# killed daemons), and three hosts from configuration files (its pure
# parts are tested on the host by tests/genevesecd/run).
# kernels: test
# second-boot: its checks count losses and events, and it mostly waits on timers
# (A minute of blocked control port, then the recovery: more than the
# default 120 s for one test.)
GS_SELFTEST_TIMEOUT=${GS_SELFTEST_TIMEOUT:-240}
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
# own key file and the other's public key, rekeying every GSD_INTERVAL s
# (3); returns once a ping crosses the tunnel (20 s at most). h1's network
# is set up by its daemon (--allowed-route), h2's before, with the tool.
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
		rm -f /tmp/gsd-key$h /tmp/gsd$h.log
		"$GSD" genkey -o /tmp/gsd-key$h 2>/dev/null || gs_fail "genkey"
	done
	# After gs_main's own trap: the namespaces go too.
	trap gsd_cleanup EXIT
	[ "${1:-}" = --no-start ] && return
	for h in 1 2; do
		gsd_start $h
	done
	gsd_wait_ping 100 || { cat /tmp/gsd1.log /tmp/gsd2.log; gs_fail "no tunnel within 20 s"; }
}

# gsd_start H [KEYFILE]: host H's daemon of gsd_pair (again), its pid
# GSD_PIDS[H-1], logging to /tmp/gsdH.log (appended); pinning the public
# key of KEYFILE (the other host's).
gsd_start() {
	local h=$1 other=$((3 - $1)) route=()
	[ "$h" = 1 ] && route=(--allowed-route 10.0.0.1/32=10.0.0.2/32)
	ip netns exec h$h "$GSD" -k /tmp/gsd-key$h \
		-P "$("$GSD" pubkey -i "${2:-/tmp/gsd-key$other}")" --vni $GS_VNI \
		--rekey-interval "${GSD_INTERVAL:-3}" -v "${route[@]}" 192.0.2.$other:6081 \
		2>>/tmp/gsd$h.log &
	GSD_PIDS[h - 1]=$!
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

# h2 pins a key that is not h1's: every handshake is refused, by h2 with
# a bad_certificate alert, and neither device gets an SA; the tunnel
# never carries a packet.
test_wrong_pin_installs_nothing() {
	local sas
	gsd_pair --no-start
	gsd_start 1
	# Roles are elected by key order: a wrong key that makes h2 the
	# same role as h1 would give no handshake at all, so no refusal.
	for _ in 1 2 3 4 5 6; do
		rm -f /tmp/gsd-key3 /tmp/gsd2.log
		"$GSD" genkey -o /tmp/gsd-key3 2>/dev/null || gs_fail "genkey"
		gsd_start 2 /tmp/gsd-key3
		for _ in $(seq 50); do
			grep -q "initiator\|responder" /tmp/gsd1.log &&
				grep -q "initiator\|responder" /tmp/gsd2.log && break
			sleep 0.2
		done
		[ "$(grep -c initiator /tmp/gsd1.log)" != "$(grep -c initiator /tmp/gsd2.log)" ] && break
		kill "${GSD_PIDS[1]}"
		wait "${GSD_PIDS[1]}" 2>/dev/null || true
	done
	# Two dial attempts or more: at once, then 5 s later.
	for _ in $(seq 75); do
		[ "$(grep -c "not the pinned one\|0x12a" /tmp/gsd1.log /tmp/gsd2.log |
			awk -F: '{s += $2} END {print s}')" -ge 2 ] && break
		sleep 0.2
	done
	grep -h "pinned\|0x12a\|connected" /tmp/gsd1.log /tmp/gsd2.log | sort | uniq -c
	grep -q "not the pinned one\|0x12a" /tmp/gsd1.log /tmp/gsd2.log ||
		gs_fail "no refusal of the wrong key logged"
	! grep -q "connected to the pinned peer\|rekeyed" /tmp/gsd1.log /tmp/gsd2.log ||
		gs_fail "a daemon connected to a peer with the wrong key"
	for h in h1 h2; do
		sas=$(gs_gsec $h show gs0 -j | jq -c '[.[0].networks[0].sas // [] | .[]] | length')
		gs_expect_eq "SAs on $h" 0 "$sas"
	done
	gs_expect_fail "a ping through the unkeyed tunnel" \
		ip netns exec h1 ping -c 1 -W 1 10.0.0.2
}

# Ten rekeys, one a second, under a UDP stream (iperf3, 4 Mbit/s) and a
# ping every 50 ms: not one datagram or ping lost, and ten transmit SPIs.
# (Faster than the device's 30 s grace: the daemon makes room for its
# receive SAs as it goes.)
test_ten_rekeys_under_load() {
	local json lost sent spis loss n pid
	GSD_INTERVAL=1 gsd_pair
	n=$(wc -l </tmp/gsd1.log)
	ip netns exec h2 iperf3 -s -1 -D -B 10.0.0.2 >/dev/null
	sleep 0.5
	# (A rekey takes 1 s and the exchange: 16 s for ten or more.)
	ip netns exec h1 ping -q -c 300 -i 0.05 -W 1 10.0.0.2 >/tmp/gsd-ping &
	pid=$!
	json=$(ip netns exec h1 iperf3 -c 10.0.0.2 -u -b 4M -l 1200 -t 16 -J) ||
		gs_fail "iperf3: $json"
	wait "$pid"
	lost=$(jq '.end.sum.lost_packets' <<<"$json")
	sent=$(jq '.end.sum.packets' <<<"$json")
	loss=$(sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p' /tmp/gsd-ping)
	spis=$(tail -n +"$((n + 1))" /tmp/gsd1.log | sed -n 's/.*sending to SPI \(0x[0-9a-f]*\).*/\1/p' |
		sort -u | wc -l)
	echo "iperf3: $sent datagrams, $lost lost; ping: $loss% lost; $spis new transmit SPIs on h1"
	gs_expect_eq "datagrams lost" 0 "$lost"
	gs_expect_eq "pings lost (%)" 0 "$loss"
	[ "$spis" -ge 10 ] || gs_fail "fewer than 10 rekeys under load"
	! grep -qiE "exchange failed|refused" /tmp/gsd1.log /tmp/gsd2.log ||
		gs_fail "a daemon logged a failure"
}

# The responder stops answering mid-exchange (SIGSTOP): the initiator
# gives up after 10 s, logs it, removes the receive SA it had offered and
# dials again; the tunnel keeps its keys meanwhile and is rekeyed as soon
# as the peer is back.
test_stalled_peer_recovers() {
	local n before spi r i
	gsd_pair
	# h1's key may sort after h2's: stall whichever answers.
	if grep -q initiator /tmp/gsd1.log; then r=2 i=1; else r=1 i=2; fi
	n=$(wc -l </tmp/gsd$i.log)
	kill -STOP "${GSD_PIDS[r - 1]}"
	before=$(gsd_tx_sa h1)
	for _ in $(seq 100); do
		tail -n +"$((n + 1))" /tmp/gsd$i.log | grep -q "no answer within 10 s" && break
		sleep 0.2
	done
	tail -n +"$((n + 1))" /tmp/gsd$i.log
	tail -n +"$((n + 1))" /tmp/gsd$i.log | grep -q "exchange failed: no answer within 10 s" ||
		gs_fail "the initiator did not give up on the stalled exchange"
	spi=$(tail -n +"$((n + 1))" /tmp/gsd$i.log | sed -n 's/.*offer sent: SPI \(0x[0-9a-f]*\).*/\1/p' | tail -n 1)
	! gs_gsec h$i show gs0 -j | jq -e --argjson s "$((spi))" \
		'[.[0].networks[0].sas[] | select(.dir == "rx" and .spi == $s)] | length > 0' >/dev/null ||
		gs_fail "the failed exchange's receive SA $spi stayed"
	gs_expect_eq "the transmit SA while the peer is stalled" "$before" "$(gsd_tx_sa h1)"
	ip netns exec h1 ping -c 2 -W 2 10.0.0.2 >/dev/null || gs_fail "no tunnel while the peer is stalled"
	n=$(wc -l </tmp/gsd$i.log)
	kill -CONT "${GSD_PIDS[r - 1]}"
	for _ in $(seq 150); do
		tail -n +"$((n + 1))" /tmp/gsd$i.log | grep -q rekeyed && break
		sleep 0.2
	done
	tail -n +"$((n + 1))" /tmp/gsd$i.log | grep -q rekeyed ||
		{ cat /tmp/gsd$i.log; gs_fail "no rekey after the peer came back"; }
	[ "$(gsd_tx_sa h1)" != "$before" ] || gs_fail "the same transmit SA after recovery"
}

# The control port blocked both ways for a minute (a policy rule
# blackholes UDP to port 6082 on both hosts, the control plane's IPv4): the data path keeps its
# keys and loses no ping; the connection times out and the daemons keep
# dialing; once unblocked they connect again and rekey.
test_blocked_control_port_recovers() {
	local h n loss
	gsd_pair
	n=$(wc -l </tmp/gsd1.log)
	for h in h1 h2; do
		ip -n $h rule add ipproto udp dport 6082 blackhole
	done
	loss=$(ip netns exec h1 ping -q -c 120 -i 0.5 -W 1 10.0.0.2 |
		sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p')
	tail -n +"$((n + 1))" /tmp/gsd1.log | grep -v "offer" | tail -n 6
	gs_expect_eq "pings lost while the control port was blocked (%)" 0 "$loss"
	tail -n +"$((n + 1))" /tmp/gsd1.log /tmp/gsd2.log | grep -qE "exchange failed|connection ended" ||
		gs_fail "no daemon noticed the blocked control port"
	n=$(wc -l </tmp/gsd1.log)
	for h in h1 h2; do
		ip -n $h rule del ipproto udp dport 6082 blackhole
	done
	for _ in $(seq 150); do
		tail -n +"$((n + 1))" /tmp/gsd1.log | grep -q rekeyed && break
		sleep 0.2
	done
	tail -n +"$((n + 1))" /tmp/gsd1.log | grep -q rekeyed ||
		{ cat /tmp/gsd1.log; gs_fail "no rekey within 30 s of unblocking"; }
}

# Each daemon killed (SIGKILL) and started again: the tunnel keeps its
# keys and loses no ping meanwhile, and the new daemon connects and
# rekeys with new keys; the other side takes the new connection.
test_killed_daemon_restarts() {
	local h n before pid
	gsd_pair
	for h in 1 2; do
		before=$(gsd_tx_sa h1)
		n=$(wc -l </tmp/gsd$h.log)
		pid=${GSD_PIDS[h - 1]}
		kill -KILL "$pid"
		wait "$pid" 2>/dev/null || true
		ip netns exec h1 ping -c 3 -i 0.2 -W 1 10.0.0.2 >/dev/null ||
			gs_fail "no tunnel with h$h's daemon killed"
		# Left alone, the tunnel fails closed within the hour (the
		# kernel's side of that: datapath.sh, events.sh).
		[ "$(gs_gsec h$h show gs0 -j | jq '[.[0].networks[0].sas[] | select(.dir == "tx") |
			.expires_in > 0 and .expires_in <= 3600] | all')" = true ] ||
			gs_fail "h$h's transmit SA does not end within an hour"
		gsd_start $h
		for _ in $(seq 150); do
			tail -n +"$((n + 1))" /tmp/gsd$h.log | grep -q rekeyed && break
			sleep 0.2
		done
		tail -n +"$((n + 1))" /tmp/gsd$h.log | grep -q rekeyed ||
			{ cat /tmp/gsd1.log /tmp/gsd2.log; gs_fail "h$h's new daemon did not rekey within 30 s"; }
		[ "$(gsd_tx_sa h1)" != "$before" ] || gs_fail "the same transmit SA after h$h's restart"
		ip netns exec h1 ping -c 3 -i 0.2 -W 1 10.0.0.2 >/dev/null ||
			gs_fail "no tunnel after h$h's restart"
	done
}

# Three hosts on one underlay (a bridge in namespace sw): 192.0.2.H on
# h1, h2 and h3, 10.0.0.H on their gs0. Each host's daemon reads a
# configuration file with a peer for each other host, the pair's network
# 1AB (A < B) carrying 10.0.0.A <-> 10.0.0.B, rekeyed every 3 s. All on
# control port 6082: whichever host's key sorts last answers both others
# on one socket.
gsd_three() {
	local h o
	[ -x "$GSD" ] || gs_fail "no $GSD (make -C tools)"
	gs_ns_add sw h1 h2 h3
	ip -n sw link add br0 type bridge
	ip -n sw link set br0 up
	for h in 1 2 3; do
		ip -n sw link add p$h type veth peer name veth0 netns h$h
		gs_ip_batch sw <<-EOF
			link set p$h master br0
			link set p$h up
		EOF
		gs_ip_batch h$h <<-EOF
			addr add 192.0.2.$h/24 dev veth0
			link set veth0 up
			link add gs0 type genevesec
			addr add 10.0.0.$h/24 dev gs0
			link set gs0 up
		EOF
		rm -f /tmp/gsd-key$h
		"$GSD" genkey -o /tmp/gsd-key$h 2>/dev/null || gs_fail "genkey"
	done
	for h in 1 2 3; do
		{
			printf 'key = /tmp/gsd-key%s\ndevice = gs0\nrekey-interval = 3\n' $h
			for o in 1 2 3; do
				[ $o != $h ] || continue
				printf '\n[peer]\nendpoint = 192.0.2.%s:6081\nvni = %s\n' \
					$o "$(gsd_vni $h $o)"
				printf 'peer-key = %s\nallowed-route = 10.0.0.%s/32=10.0.0.%s/32\n' \
					"$("$GSD" pubkey -i /tmp/gsd-key$o)" $h $o
			done
		} >/tmp/gsd-h$h.conf
	done
	trap gsd_cleanup EXIT
	for h in 1 2 3; do
		ip netns exec h$h "$GSD" -v -c /tmp/gsd-h$h.conf 2>/tmp/gsd$h.log &
		GSD_PIDS+=($!)
	done
}

# gsd_vni A B: the network of hosts A and B.
gsd_vni() {
	if [ "$1" -lt "$2" ]; then echo "1$1$2"; else echo "1$2$1"; fi
}

# gsd_pings_cross POLLS A B...: until a ping crosses each pair "A:B".
gsd_pings_cross() {
	local polls=$1 pair i
	shift
	for pair in "$@"; do
		for i in $(seq "$polls"); do
			ip netns exec "h${pair%:*}" ping -c 1 -W 1 "10.0.0.${pair#*:}" \
				>/dev/null 2>&1 && continue 2
			sleep 0.2
		done
		cat /tmp/gsd[123].log
		gs_fail "no tunnel between h${pair%:*} and h${pair#*:}"
	done
}

# gsd_loss A B COUNT: a ping every 50 ms from hA to hB, its loss (%).
gsd_loss() {
	ip netns exec "h$1" ping -q -c "$3" -i 0.05 -W 1 "10.0.0.$2" |
		sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p'
}

# Three hosts, two peers each from a configuration file, rekeying every
# 3 s: every pair's tunnel comes up and loses no ping across the rekeys.
# Then h1 reads its file again without its peer h3: that tunnel and its
# network go, h1 <-> h2 keeps its connection and loses nothing; with the
# peer back, its tunnel comes back.
test_three_hosts_from_config_files() {
	local pair loss pids=() lost=0 n
	gsd_three
	gsd_pings_cross 100 1:2 1:3 2:3
	# 6 s of pings on every pair at once: two rekeys or more each.
	for pair in 1:2 1:3 2:3; do
		gsd_loss "${pair%:*}" "${pair#*:}" 120 >"/tmp/gsd-loss-${pair/:/}" &
		pids+=($!)
	done
	wait "${pids[@]}"
	for pair in 12 13 23; do
		loss=$(cat "/tmp/gsd-loss-$pair")
		echo "h${pair:0:1} -> h${pair:1:1}: ${loss}% lost"
		[ "$loss" = 0 ] || lost=1
	done
	grep -hc "rekeyed" /tmp/gsd[123].log | paste -sd' ' | sed 's/^/rekeys per host: /'
	[ $lost = 0 ] || { grep -h "failed\|ended" /tmp/gsd[123].log; gs_fail "pings lost across the rekeys"; }
	for n in 112 113 123; do
		[ "$(grep -c "vni $n: rekeyed" /tmp/gsd[123].log | awk -F: '{s += $2} END {print s}')" -ge 4 ] ||
			gs_fail "network $n: fewer than 2 rekeys on each end"
	done
	! grep -qiE "exchange failed|refused" /tmp/gsd[123].log ||
		{ grep -hiE "exchange failed|refused" /tmp/gsd[123].log; gs_fail "a daemon logged a failure"; }

	# h1 without its peer h3, read on SIGHUP while h1 pings h2.
	cp /tmp/gsd-h1.conf /tmp/gsd-h1.conf.all
	awk '/^\[peer\]/ { p++ } p != 2' /tmp/gsd-h1.conf.all >/tmp/gsd-h1.conf
	n=$(wc -l </tmp/gsd1.log)
	gsd_loss 1 2 60 >/tmp/gsd-loss-12 &
	pids=($!)
	sleep 1
	kill -HUP "${GSD_PIDS[0]}"
	wait "${pids[@]}"
	sleep 0.5
	tail -n +"$((n + 1))" /tmp/gsd1.log | grep -v "rekeyed\|offer" || true
	gs_expect_eq "h1 -> h2 across the reload: lost (%)" 0 "$(cat /tmp/gsd-loss-12)"
	tail -n +"$((n + 1))" /tmp/gsd1.log | grep -q "vni 113: no longer configured" ||
		gs_fail "h1 did not stop its peer h3"
	! tail -n +"$((n + 1))" /tmp/gsd1.log | grep -q "vni 112: connection ended" ||
		gs_fail "h1's unchanged peer h2 lost its connection"
	gs_expect_fail "h1's network 113 is gone" gs_gsec h1 show gs0 vni 113
	gs_expect_fail "no tunnel h1 -> h3" ip netns exec h1 ping -c 1 -W 1 10.0.0.3

	# And back.
	cp /tmp/gsd-h1.conf.all /tmp/gsd-h1.conf
	kill -HUP "${GSD_PIDS[0]}"
	gsd_pings_cross 100 1:3 1:2
}

gs_main "$@"
