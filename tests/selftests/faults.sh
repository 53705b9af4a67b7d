#!/bin/bash
# Selftests: allocation failures in every write operation (link add, change
# and delete; net-new, net-set, net-del; routes added, replaced, deleted;
# SAs added by every path and deleted), injected one allocation site after
# another by tests/lib/gsfault.py. Each failure is refused with the state
# intact or was not needed; no event is lost without the listener knowing;
# kmemleak and the debug kernel's other reports fail the suite.
# kernels: test
. "$(dirname "$0")/lib.sh"

test_allocation_failures_leave_state_intact() {
	[ -e /proc/self/fail-nth ] || gs_fail "the test kernel has no fault injection"
	gs_topo_two_hosts
	python3 "$GS_REPO/tests/lib/gsfault.py" setup
	ip netns exec h1 python3 "$GS_REPO/tests/lib/gsfault.py" ||
		gs_fail "allocation failures mishandled (FAIL lines above)"
}

gs_main "$@"
