#!/bin/bash
# Selftests: the genetlink family's requests, errors, limits and dumps.
# kernels: test
# async: asserts the driver an SA got: run again through cryptd
. "$(dirname "$0")/lib.sh"

GS_CHECKS="python3 $GS_REPO/tests/lib/gsnl_checks.py"

test_bad_requests_refused_with_a_reason() {
	gs_ns_add h1
	gs_dev_add h1 gs0
	ip netns exec h1 $GS_CHECKS table gs0
}

test_unprivileged_writes_refused() {
	local out
	gs_ns_add h1
	gs_dev_add h1 gs0
	gs_gsec h1 set gs0 vni 7
	# Reading is allowed, writing needs CAP_NET_ADMIN (root without
	# capabilities, here).
	out=$(ip netns exec h1 setpriv --bounding-set=-all genevesec show gs0 -j)
	gs_expect_match "unprivileged read" '"vni": ?7' "$out"
	out=$(ip netns exec h1 setpriv --bounding-set=-all genevesec set gs0 vni 8 2>&1 || true)
	gs_expect_match "unprivileged network add" "Operation not permitted" "$out"
	out=$(ip netns exec h1 setpriv --bounding-set=-all genevesec set gs0 vni 7 \
		rx-sa spi 1 key $GS_KEY_A 2>&1 || true)
	gs_expect_match "unprivileged SA add" "Operation not permitted" "$out"
	out=$(ip netns exec h1 setpriv --bounding-set=-all genevesec del gs0 vni 7 2>&1 || true)
	gs_expect_match "unprivileged network delete" "Operation not permitted" "$out"
	gs_expect_eq "networks" 1 "$(gs_show_json h1 'len(d["networks"])')"
}

test_dumps_of_10k_routes_and_1k_networks() {
	gs_ns_add h1
	gs_dev_add h1 gs0
	ip netns exec h1 $GS_CHECKS scale gs0
}

test_dump_interrupted_by_a_change_is_flagged() {
	gs_ns_add h1
	gs_dev_add h1 gs0
	ip netns exec h1 $GS_CHECKS intr gs0
}

test_sa_dump_shows_no_key() {
	local out fpr
	gs_ns_add h1
	gs_dev_add h1 gs0
	gs_gsec h1 set gs0 vni 7 sa rx-spi 1 tx-spi 2 rx-key $GS_KEY_A \
		tx-key 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f \
		lifetime 600
	out=$(gs_gsec h1 show gs0 -j)
	echo "$out"
	# The fingerprint is the start of SHA-256(key), computed here too.
	fpr=$(printf %s $GS_KEY_A | xxd -r -p | sha256sum | cut -c1-8)
	gs_show_json h1 'sorted((s["spi"], s["dir"], s["cipher"], s["counter"], s["packets"], s["fingerprint"], 590 <= s["expires_in"] <= 600) for s in n["sas"])' 7 |
		grep -qF "[(1, 'rx', 'aes-128-gcm', 0, 0, '$fpr', True), (2, 'tx', 'aes-256-gcm', 0, 0, " ||
		gs_fail "the SAs are not as installed"
	grep -q "$GS_KEY_A" <<<"$out" && gs_fail "a key appears in the dump"
	# With genevesec.force_async=1 (test kernels) every SA goes through
	# cryptd, so the asynchronous completions are what the suites test.
	if [ "$(cat /sys/module/genevesec/parameters/force_async 2>/dev/null)" = Y ]; then
		gs_expect_match "asynchronous driver" '"driver": ?"cryptd\(' "$out"
	else
		gs_expect_match "synchronous driver" '"driver": ?"[^c]' "$out"
	fi
}

gs_main "$@"
