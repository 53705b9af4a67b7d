#!/bin/bash
# Selftests: seeded fuzzing of the genetlink family and of received frames
# against a tunnel carrying traffic (tests/lib/gsfuzz.py). Bounded here;
# `make fuzz DURATION=SECONDS SEED=N` runs them longer. The debug kernel's
# reports (KASAN, lockdep, kmemleak, WARN) fail the suite.
# kernels: test
. "$(dirname "$0")/lib.sh"

GS_FUZZ="python3 $GS_REPO/tests/lib/gsfuzz.py"
# A new seed each run unless one is given: the seed is printed, so a
# failure can be replayed with GS_FUZZ_SEED.
GS_FUZZ_SEED=${GS_FUZZ_SEED:-$(date +%s)}
GS_FUZZ_SECONDS=${GS_FUZZ_SECONDS:-45}

# Pings both ways through the tunnel until the test ends.
traffic() {
	ip netns exec h1 ping -q -i 0.05 10.0.0.2 >/dev/null 2>&1 &
	ip netns exec h2 ping -q -i 0.05 fd00::1 >/dev/null 2>&1 &
}

# The tunnel still works: the background pings stop, new ones pass.
tunnel_works() {
	kill $(jobs -p) 2>/dev/null || true
	wait
	gs_ping_all h1 10.0.0.2 fd00::2
	gs_ping_all h2 10.0.0.1 fd00::1
}

test_netlink_requests() {
	gs_tunnel 4
	traffic
	ip netns exec h1 $GS_FUZZ netlink "$GS_FUZZ_SEED" "$GS_FUZZ_SECONDS" gs0 $GS_VNI ||
		gs_fail "the netlink fuzzer failed (seed $GS_FUZZ_SEED)"
	tunnel_works
}

# Without other traffic: the fuzzer counts what h1's network receives.
test_received_frames() {
	gs_tunnel 4
	# The crafting harness also sends from an address that is not the peer.
	gs_ip h2 addr add 192.0.2.3/24 dev veth0
	ip netns exec h1 $GS_FUZZ frames "$GS_FUZZ_SEED" "$GS_FUZZ_SECONDS" \
		$GS_KEY_B 0x200 $GS_VNI ||
		gs_fail "the frame fuzzer failed (seed $GS_FUZZ_SEED)"
	# Its genuine frames took counters far above h2's: h2 sends with a
	# new SA (the old one's window rightly refuses h2's low counters).
	gs_gsec h1 set gs0 vni $GS_VNI rx-sa spi 0x201 key $GS_KEY_C
	gs_gsec h2 set gs0 vni $GS_VNI tx-sa spi 0x201 key $GS_KEY_C
	tunnel_works
}

gs_main "$@"
