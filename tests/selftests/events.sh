#!/bin/bash
# Selftests: key-lifecycle events of the genevesec multicast group, as
# `genevesec monitor -j` prints them (Documentation/netlink.md, Events).
# kernels: test
. "$(dirname "$0")/lib.sh"

GS_MON_PIDS=()

# Monitors started here go with the test, whichever way it ends.
mon_cleanup() {
	local pid
	for pid in "${GS_MON_PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	gs_cleanup
}

# mon_start NS FILE [-j]: genevesec monitor in NS in the background, its
# lines in FILE. Returns once it listens: a throw-away network (VNI 1)
# is added and deleted until its net-add shows.
mon_start() {
	local ns=$1 file=$2
	shift 2
	# After gs_main's own trap: the namespaces go too.
	trap mon_cleanup EXIT
	ip netns exec "$ns" genevesec monitor "$@" >"$file" 2>"$file.err" &
	GS_MON_PIDS+=($!)
	for _ in $(seq 50); do
		gs_gsec "$ns" set gs0 vni 1
		gs_gsec "$ns" del gs0 vni 1
		grep -qE '"event": "net-add".*"vni": 1\}|^net-add dev gs0 vni 1$' "$file" && return
		sleep 0.2
	done
	cat "$file.err" >&2
	gs_fail "genevesec monitor did not start in $ns"
}

# mon_wait FILE REGEX [SECONDS]: wait until a line of FILE matches.
mon_wait() {
	local file=$1 re=$2
	for _ in $(seq $((${3:-15} * 10))); do
		grep -qE -- "$re" "$file" && return
		sleep 0.1
	done
	cat "$file" >&2
	gs_fail "no event matching /$re/ within ${3:-15} s"
}

# Both hosts as in gs_tunnel, but h1's network is made after its monitor
# starts: only its devices, addresses and h2's side here.
events_topo() {
	local h
	gs_topo_two_hosts
	for h in 1 2; do
		gs_ip_batch h$h <<-EOF
			link add gs0 type genevesec
			addr add 10.0.0.$h/24 dev gs0
			link set gs0 up
		EOF
	done
	gs_gsec h2 set gs0 vni $GS_VNI peer 192.0.2.1 route 10.0.0.2/32=10.0.0.1/32 \
		sa rx-spi 0x100 tx-spi 0x200 rx-key $GS_KEY_A tx-key $GS_KEY_B
}

# Elapsed seconds since $1 (an $EPOCHREALTIME), as an integer of tenths.
tenths_since() {
	bc <<<"($EPOCHREALTIME - $1) * 10 / 1"
}

test_lifecycle_events_in_order() {
	local mon=/tmp/events-order start t
	events_topo
	mon_start h1 $mon -j

	# Soft limit 200 packets; expiry 30 s after install, lead time 15 s
	# (generous: the emulated machine can take seconds per step).
	start=$EPOCHREALTIME
	gs_gsec h1 set gs0 vni $GS_VNI peer 192.0.2.2 route 10.0.0.1/32=10.0.0.2/32 \
		sa rx-spi 0x200 tx-spi 0x100 rx-key $GS_KEY_B tx-key $GS_KEY_A \
		lifetime 30 soft-limit 200 rekey-lead 15
	gs_expect_eq "soft limit reported" "[200]" \
		"$(gs_show_json h1 '[s["soft_limit"] for s in n["sas"] if s["dir"] == "tx"]')"
	gs_expect_eq "rekey lead reported" "[15]" \
		"$(gs_show_json h1 '[s["rekey_lead"] for s in n["sas"] if s["dir"] == "tx"]')"
	# More than the soft limit, well before the lead time (flood ping
	# sends at least 100 a second, as fast as replies come back); what
	# counts is that h1 sent them, which the events below check.
	ip netns exec h1 ping -q -f -c 250 -w 3 10.0.0.2 >/dev/null || true
	mon_wait $mon '"reason": "soft-limit"' 5
	# (Its timing is checked below by the expires-in it carries: the
	# steps above may take longer than the lead time on a slow machine.)
	mon_wait $mon '"reason": "lead-time"' 20
	mon_wait $mon '"event": "sa-expired".*"dir": "tx"' 20
	mon_wait $mon '"event": "sa-expired".*"dir": "rx"' 2
	t=$(tenths_since "$start")
	echo "sa-expired events after $t/10 s"
	[ "$t" -ge 295 ] || gs_fail "the expiry came early: $t/10 s"
	[ "$t" -lt 395 ] || gs_fail "the expiry came late (the 10 s sweep?): $t/10 s"
	# Transmit fails closed now; then remove the receive SA, then all.
	gs_gsec h1 del gs0 vni $GS_VNI rx-sa spi 0x200
	gs_gsec h1 del gs0 vni $GS_VNI
	mon_wait $mon "\"event\": \"net-del\".*\"vni\": $GS_VNI\\}" 5
	cat $mon

	python3 - "$mon" "$GS_VNI" <<'PY' || gs_fail "events missing or out of order"
import json, sys
vni = int(sys.argv[2])
events = [json.loads(line) for line in open(sys.argv[1])]
got = [e for e in events if e['vni'] == vni]
def key(e):
    return (e['event'], e.get('spi'), e.get('dir'), e.get('reason'))
want = [('net-add', None, None, None),
        ('sa-add', 0x200, 'rx', None),
        ('sa-add', 0x100, 'tx', None),
        ('rekey-needed', 0x100, 'tx', 'soft-limit'),
        ('rekey-needed', 0x100, 'tx', 'lead-time'),
        # both expire at the same time: either order
        {('sa-expired', 0x100, 'tx', 'expired'), ('sa-expired', 0x200, 'rx', 'expired')},
        ('sa-del', 0x200, 'rx', 'deleted'),
        ('sa-del', 0x100, 'tx', 'net-deleted'),
        ('net-del', None, None, None)]
keys = [key(e) for e in got]
flat = []
for w in want:
    if isinstance(w, set):
        part = set(keys[len(flat):len(flat) + 2])
        if part != w:
            sys.exit(f'event {len(flat)}: want {sorted(w)}, got {keys[len(flat):]}')
        flat += keys[len(flat):len(flat) + 2]
    else:
        flat.append(w)
if keys != flat:
    sys.exit(f'want {flat}\ngot  {keys}')
dev = {(e['ifindex'], e.get('ifname')) for e in got}
if len(dev) != 1 or None in next(iter(dev)):
    sys.exit(f'events name the device inconsistently: {dev}')
soft = got[3]
if not 200 <= soft['counter'] <= 250 or not 1 <= soft['expires_in'] <= 30:
    sys.exit(f'soft-limit event: {soft}')
lead = got[4]
if not 200 < lead['counter'] or not 1 <= lead['expires_in'] <= 15:
    sys.exit(f'lead-time event: {lead}')
PY
	[ ! -s $mon.err ] || { cat $mon.err; gs_fail "the monitor reported errors"; }
}

test_events_carry_no_key() {
	local text=/tmp/events-text json=/tmp/events-json key256 out
	key256=$GS_KEY_A$GS_KEY_B
	events_topo
	mon_start h1 $text
	mon_start h1 $json -j
	gs_gsec h1 set gs0 vni $GS_VNI peer 192.0.2.2 route 10.0.0.1/32=10.0.0.2/32 \
		sa rx-spi 0x200 tx-spi 0x100 rx-key $GS_KEY_B tx-key $key256 \
		soft-limit 1 rekey-lead 3600
	# A rekey (phase one, phase two), a replaced and a deleted SA.
	gs_gsec h1 set gs0 vni $GS_VNI rx-sa spi 0x201 key $GS_KEY_C
	gs_gsec h1 set gs0 vni $GS_VNI tx-sa spi 0x101 key $GS_KEY_D soft-limit 1
	ip netns exec h1 ping -c 1 -W 2 10.0.0.2 >/dev/null || true
	gs_gsec h1 del gs0 vni $GS_VNI rx-sa spi 0x200
	gs_gsec h1 del gs0 vni $GS_VNI
	mon_wait $text "^net-del dev gs0 vni $GS_VNI\$" 5
	mon_wait $json "\"event\": \"net-del\".*\"vni\": $GS_VNI\\}" 5
	out=$(cat $text $json)
	echo "$out"
	# The first SA's rekey-lead of an hour covers it whole: lead-time at once.
	gs_expect_match "lead time at install" \
		"^rekey-needed dev gs0 vni $GS_VNI spi 0x100 tx reason lead-time" "$out"
	gs_expect_match "replaced transmit SA" \
		"^sa-del dev gs0 vni $GS_VNI spi 0x100 tx reason replaced" "$out"
	gs_expect_match "a new SA's counter starts again" \
		"^rekey-needed dev gs0 vni $GS_VNI spi 0x101 tx reason soft-limit counter 1 " "$out"
	for k in $GS_KEY_A $GS_KEY_B $GS_KEY_C $GS_KEY_D $key256; do
		grep -qi "$k" <<<"$out" && gs_fail "a key appears in the events"
		# Nor any 8-byte run of it, in any case.
		grep -qiE "${k:0:16}|${k:8:16}|${k:16:16}" <<<"$out" &&
			gs_fail "key bytes appear in the events"
	done
	true
}

test_hibernation_kills_transmit_sas() {
	local mon=/tmp/events-hibernate
	events_topo
	gs_gsec h1 set gs0 vni $GS_VNI peer 192.0.2.2 route 10.0.0.1/32=10.0.0.2/32 \
		sa rx-spi 0x200 tx-spi 0x100 rx-key $GS_KEY_B tx-key $GS_KEY_A
	ip netns exec h1 ping -c 1 -W 2 10.0.0.2 >/dev/null || gs_fail "ping before"
	mon_start h1 $mon -j
	gs_hibernate_freezer_test || gs_fail "the hibernation test run failed"
	mon_wait $mon '"event": "sa-del".*"reason": "hibernation"' 5
	cat $mon
	gs_expect_eq "hibernation events" "[('sa-del', 256, 'tx')]" \
		"$(python3 -c 'import json, sys; print([(e["event"], e["spi"], e["dir"]) for e in map(json.loads, open(sys.argv[1])) if e.get("reason") == "hibernation"])' $mon)"
	gs_expect_eq "SAs left" "[(512, 'rx')]" \
		"$(gs_show_json h1 '[(s["spi"], s["dir"]) for s in n["sas"]]')"
	# Every device of the machine lost its transmit SA: h2's too.
	gs_expect_eq "h2's SAs left" "[(256, 'rx')]" \
		"$(gs_show_json h2 '[(s["spi"], s["dir"]) for s in n["sas"]]')"
	# Transmit fails closed.
	ip netns exec h1 ping -c 1 -W 1 10.0.0.2 >/dev/null && gs_fail "ping without a tx SA"
	gs_expect_eq "tx_errors" 1 "$(gs_counter h1 tx_errors)"
	# The control plane installs fresh transmit SAs: traffic again, the
	# kept receive SAs still in use for the other direction's old SPI.
	gs_gsec h2 set gs0 vni $GS_VNI rx-sa spi 0x101 key $GS_KEY_C
	gs_gsec h1 set gs0 vni $GS_VNI tx-sa spi 0x101 key $GS_KEY_C
	gs_gsec h1 set gs0 vni $GS_VNI rx-sa spi 0x201 key $GS_KEY_D
	gs_gsec h2 set gs0 vni $GS_VNI tx-sa spi 0x201 key $GS_KEY_D
	ip netns exec h1 ping -c 1 -W 2 10.0.0.2 >/dev/null || gs_fail "ping after the rekey"
}

gs_main "$@"
