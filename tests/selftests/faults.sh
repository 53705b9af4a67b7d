#!/bin/bash
# Selftests: allocation failures in every write operation (link add, change
# and delete; net-new, net-set, net-del; routes added, replaced, deleted;
# SAs added by every path and deleted), injected one allocation site after
# another by tests/lib/gsfault.py. Each failure is refused with the state
# intact or was not needed; no event is lost without the listener knowing;
# kmemleak and the debug kernel's other reports fail the suite.
# kernels: test
. "$(dirname "$0")/lib.sh"

# faults OP...: the operations under injection, in h1 of the two hosts.
faults() {
	[ -e /proc/self/fail-nth ] || gs_fail "the test kernel has no fault injection"
	gs_topo_two_hosts
	python3 "$GS_REPO/tests/lib/gsfault.py" setup
	ip netns exec h1 python3 "$GS_REPO/tests/lib/gsfault.py" "$@" ||
		gs_fail "allocation failures mishandled (FAIL lines above)"
}

test_link_operations() {
	faults link-add link-set link-del
}

test_network_and_route_operations() {
	faults net-new net-set net-del route-add route-replace route-del
}

test_sa_operations() {
	faults sa-new sa-new-rx sa-new-tx sa-new-manual sa-del
}

gs_main "$@"
