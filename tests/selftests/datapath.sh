#!/bin/bash
# Selftests: the encrypted data path between two hosts.
# kernels: test
. "$(dirname "$0")/lib.sh"

ping_both() { # NS ADDRESS...
	local ns=$1 a
	shift
	for a in "$@"; do
		ip netns exec "$ns" ping -c 3 -i 0.2 -W 2 "$a" >/dev/null ||
			gs_fail "ping $a from $ns"
	done
}

test_ping_underlay_v4() {
	gs_tunnel 4
	ping_both h1 10.0.0.2 fd00::2
	ping_both h2 10.0.0.1 fd00::1
	gs_expect_eq "h1 rx packets" 12 "$(gs_counter h1 rx_packets)"
	gs_expect_eq "h1 tx packets" 12 "$(gs_counter h1 tx_packets)"
}

test_ping_underlay_v6() {
	gs_tunnel 6
	ping_both h1 10.0.0.2 fd00::2
	ping_both h2 10.0.0.1 fd00::1
	gs_expect_eq "h2 rx packets" 12 "$(gs_counter h2 rx_packets)"
}

gs_main "$@"
