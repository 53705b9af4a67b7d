#!/bin/bash
# Selftests: the genetlink family's requests, errors, limits and dumps.
# kernels: test stock mainline
# async: the driver an SA got: sa_dump_shows_no_key
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
	# Writing needs CAP_NET_ADMIN (root without capabilities, here).
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

# Peers, routes, SPIs, counters and key fingerprints are the operator's:
# every read and the event group need CAP_NET_ADMIN too.
test_unprivileged_reads_refused() {
	local out req ifindex rc
	gs_ns_add h1
	gs_dev_add h1 gs0
	gs_gsec h1 set gs0 vni 7 peer 192.0.2.9 route 10.9.0.1/32=10.9.0.2/32 \
		sa rx-spi 0x200 tx-spi 0x100 rx-key $GS_KEY_B tx-key $GS_KEY_A
	ifindex=$(gs_link_json h1 gs0 "d['ifindex']")
	reqs="do dev-get {\"ifindex\":$ifindex}
dump dev-get {}
do net-get {\"ifindex\":$ifindex,\"vni\":7}
dump net-get {\"ifindex\":$ifindex}
dump route-get {\"ifindex\":$ifindex,\"vni\":7}
do sa-get {\"ifindex\":$ifindex,\"vni\":7,\"spi\":256,\"dir\":\"tx\"}
dump sa-get {\"ifindex\":$ifindex}"
	# As root first: the requests themselves are right.
	out=$(gs_ynl_each h1 <<<"$reqs" | cut -d" " -f1-3)
	gs_expect_eq "privileged requests" "$(sed 's/ {.*/ ok/' <<<"$reqs")" "$out"
	out=$(gs_ynl_each h1 nopriv <<<"$reqs" | cut -d" " -f1-3)
	gs_expect_eq "unprivileged requests" "$(sed 's/ {.*/ EPERM/' <<<"$reqs")" "$out"
	out=$(nopriv h1 genevesec show gs0 -j 2>&1 || true)
	gs_expect_match "unprivileged show" "Operation not permitted" "$out"
	# Joining the group is refused; with the capability it listens until
	# the time-out ends it.
	rc=0
	timeout 5 ip netns exec h1 genevesec monitor >/dev/null 2>&1 || rc=$?
	gs_expect_eq "privileged monitor runs until stopped" 124 "$rc"
	rc=0
	out=$(timeout 5 ip netns exec h1 setpriv --bounding-set=-all genevesec monitor 2>&1) ||
		rc=$?
	[ "$rc" != 0 ] && [ "$rc" != 124 ] || gs_fail "unprivileged monitor: exit $rc"
	gs_expect_match "unprivileged monitor" "cannot join.*Operation not permitted" "$out"
}

# Every operation is validated strictly: requests with netlink flags
# genetlink cannot give a meaning (NLM_F_CREATE and friends) are refused.
test_strict_validation() {
	local out
	gs_ns_add h1
	gs_dev_add h1 gs0
	out=$(gs_nl h1 --do net-new --create --json '{"ifname": "gs0", "vni": 7}' 2>&1 || true)
	gs_expect_match "NLM_F_CREATE" "reserved bits set in nlmsg_flags" "$out"
	gs_nl h1 --do net-new --json '{"ifname": "gs0", "vni": 7}' >/dev/null ||
		gs_fail "the same request without the flag"
}

# refused NS MESSAGE-REGEX SET-ARGS...: `genevesec set gs0 vni 7 ARGS`
# must fail with MESSAGE.
refused() {
	local ns=$1 msg=$2 out
	shift 2
	out=$(gs_gsec "$ns" set gs0 vni 7 "$@" 2>&1) && gs_fail "accepted: $*"
	gs_expect_match "refused: $*" "$msg" "$out"
}

# Spec section 3's guards hold on every install path: combined (sa),
# receive only (rx-sa), transmit only (tx-sa) and manual single-SPI (key).
test_install_guards_on_every_path() {
	local a=$GS_KEY_A b=$GS_KEY_B c=$GS_KEY_C d=$GS_KEY_D
	local e=404142434445464748494a4b4c4d4e4f out
	# (The policy refuses SPI 0 before the SA rules do.)
	local spi0="SPI 0 is reserved|[Oo]ut of range"
	gs_ns_add h1
	gs_dev_add h1 gs0
	gs_gsec h1 set gs0 vni 7
	# SPI 0.
	refused h1 "$spi0" sa rx-spi 0 tx-spi 2 rx-key $a tx-key $b
	refused h1 "$spi0" sa rx-spi 1 tx-spi 0 rx-key $a tx-key $b
	refused h1 "$spi0" rx-sa spi 0 key $a
	refused h1 "$spi0" tx-sa spi 0 key $b
	refused h1 "$spi0" key spi 0 rx-key $a tx-key $b
	# A receive key equal to a transmit key, in one request (the tool
	# refuses it too: the kernel's own answer through YNL) or not.
	refused h1 "must differ" sa rx-spi 1 tx-spi 2 rx-key $a tx-key $a
	refused h1 "must differ" key spi 1 rx-key $a tx-key $a
	out=$(gs_nl h1 --do sa-new --json "{\"ifname\": \"gs0\", \"vni\": 7,
		\"rx\": {\"spi\": 1, \"key\": \"$a\"}, \"tx\": {\"spi\": 2, \"key\": \"$a\"}}" 2>&1) &&
		gs_fail "the kernel took equal keys"
	gs_expect_match "equal keys, kernel" "keys must differ" "$out"
	gs_gsec h1 set gs0 vni 7 sa rx-spi 1 tx-spi 2 rx-key $a tx-key $b
	refused h1 "keys must differ" rx-sa spi 3 key $b
	refused h1 "keys must differ" tx-sa spi 3 key $a
	refused h1 "keys must differ" sa rx-spi 3 tx-spi 4 rx-key $c tx-key $a
	# The same SPI and key as the current transmit SA, or its key under
	# another SPI.
	refused h1 "already active" tx-sa spi 2 key $b
	refused h1 "already active" sa rx-spi 3 tx-spi 2 rx-key $c tx-key $b
	refused h1 "already the transmit key" tx-sa spi 5 key $b
	refused h1 "already the transmit key" key spi 9 rx-key $c tx-key $b
	# A retired transmit key, whatever its SPI.
	gs_gsec h1 set gs0 vni 7 tx-sa spi 3 key $c
	refused h1 "transmitted on this network before" tx-sa spi 2 key $b
	refused h1 "transmitted on this network before" tx-sa spi 6 key $b
	refused h1 "transmitted on this network before" sa rx-spi 4 tx-spi 6 rx-key $d tx-key $b
	refused h1 "transmitted on this network before" key spi 9 rx-key $d tx-key $b
	# Manual installs also go above the last transmit SPI.
	refused h1 "greater than the network's last transmit SPI" key spi 3 rx-key $d tx-key $e
	gs_gsec h1 set gs0 vni 7 key spi 9 rx-key $d tx-key $e
	gs_expect_eq "SAs" "[(1, 'rx'), (9, 'rx'), (9, 'tx')]" \
		"$(gs_show_json h1 'sorted((s["spi"], s["dir"]) for s in n["sas"])' 7)"
}

gs_main "$@"
