# genevesec selftests: the harness and the one configuration helper that
# every test uses. Sourced by each suite (tests/selftests/*.sh), which ends
# with `gs_main "$@"`. Runs inside the test VM, as root.
#
# A suite run with no argument runs each of its test_* functions in a fresh
# bash with a timeout, and prints one TAP line per test with its time:
#   ok 3 - create_delete # 1.4 s
# A suite run with a test name runs just that test (set -e, cleaned up).
# shellcheck shell=bash

GS_SELFTEST_TIMEOUT=${GS_SELFTEST_TIMEOUT:-120}
# The patched ip(8) (iproute2-patch/build) and the genevesec tool
# (make -C tools), as users run them.
PATH=${GS_REPO:-.}/build/iproute2/bin:${GS_REPO:-.}/tools/genevesec:$PATH
# The kernel's YNL Python library and CLI (in pyynl/ since 6.14).
GS_YNL_DIR=${GS_KSRC:-}/tools/net/ynl
[ -e "$GS_YNL_DIR/pyynl/cli.py" ] && GS_YNL_DIR=$GS_YNL_DIR/pyynl
GS_YNL="python3 $GS_YNL_DIR/cli.py --no-schema --spec Documentation/netlink/specs/genevesec.yaml"
GS_NETNS=()

# ---- configuration helper: the only place that knows the commands -------

# gs_ip NS ARGS...: ip(8) in namespace NS ("-" for the initial one).
gs_ip() {
	local ns=$1
	shift
	if [ "$ns" = - ]; then ip "$@"; else ip -n "$ns" "$@"; fi
}

# gs_ip_batch NS: ip(8) commands read from stdin, one per line, run in
# namespace NS by one ip process (under emulation each exec costs about
# 0.3 s on the debug kernel; a test's set-up is dozens of commands). Stops
# at the first command that fails, and fails.
gs_ip_batch() {
	gs_ip "$1" -batch -
}

# gs_ns_add NAME...: fresh namespaces, removed when the test ends.
gs_ns_add() {
	local ns
	GS_NETNS+=("$@")
	printf 'netns add %s\n' "$@" | ip -batch -
	for ns in "$@"; do
		ip -n "$ns" link set lo up
	done
}

# gs_topo_two_hosts: namespaces h1 and h2 joined by a veth pair, the
# underlay: 192.0.2.1/24 and 2001:db8::1/64 on h1, .2 and ::2 on h2.
gs_topo_two_hosts() {
	GS_NETNS+=(h1 h2)
	printf 'netns add %s\n' h1 h2 | ip -batch -
	gs_ip_batch h1 <<-EOF
		link set lo up
		link add veth0 type veth peer name veth0 netns h2
		addr add 192.0.2.1/24 dev veth0
		addr add 2001:db8::1/64 dev veth0 nodad
		link set veth0 up
	EOF
	gs_ip_batch h2 <<-EOF
		link set lo up
		addr add 192.0.2.2/24 dev veth0
		addr add 2001:db8::2/64 dev veth0 nodad
		link set veth0 up
	EOF
}

# gs_dev_add NS NAME [LINK OPTIONS...]: a genevesec device; options as
# ip-link(8) has them (port 6082, rekey-grace 2, nopeer-validation, ...).
gs_dev_add() {
	local ns=$1 name=$2
	shift 2
	gs_ip "$ns" link add "$name" type genevesec "$@"
}

# gs_dev_set NS NAME LINK OPTIONS...: change a device's options.
gs_dev_set() {
	local ns=$1 name=$2
	shift 2
	gs_ip "$ns" link set "$name" type genevesec "$@"
}

# gs_dev_del NS NAME
gs_dev_del() {
	gs_ip "$1" link del "$2"
}

# gs_nl NS ARGS...: the genevesec genetlink family through the kernel's own
# YNL CLI, e.g. gs_nl h1 --do dev-get --json '{"ifname": "gs0"}'.
gs_nl() {
	local ns=$1
	shift
	if [ "$ns" = - ]; then
		$GS_YNL "$@"
	else
		ip netns exec "$ns" $GS_YNL "$@"
	fi
}

# gs_ynl_each NS [nopriv]: the requests on stdin, one a line ("do OP JSON"
# or "dump OP JSON"), through the kernel's YNL library in one process, as
# root or (nopriv) as root without any capability. Prints a line each:
# "do OP ok RESULT" or "do OP ERRNO-NAME MESSAGE" (the extack's too). One
# process for many requests: a Python start with the spec costs seconds
# on the debug kernel under emulation.
gs_ynl_each() {
	local run=(ip netns exec "$1")
	[ "${2:-}" = nopriv ] && run+=(setpriv --bounding-set=-all)
	"${run[@]}" python3 -c '
import errno, json, sys
sys.path.insert(0, sys.argv[1])
from lib import YnlFamily, NlError
ynl = YnlFamily(sys.argv[2], "")
for line in sys.stdin:
    kind, op, vals = line.split(None, 2)
    try:
        print(kind, op, "ok", getattr(ynl, kind)(op, json.loads(vals)))
    except NlError as e:
        print(kind, op, errno.errorcode.get(e.error, e.error), " ".join(str(e).split()))
' "$GS_YNL_DIR" Documentation/netlink/specs/genevesec.yaml
}

# nopriv NS COMMAND...: COMMAND in NS as root without any capability.
nopriv() {
	local ns=$1
	shift
	ip netns exec "$ns" setpriv --bounding-set=-all "$@"
}

# ---- assertions ---------------------------------------------------------

gs_fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# gs_expect_fail DESCRIPTION COMMAND...: COMMAND must fail.
gs_expect_fail() {
	local what=$1
	shift
	if "$@" >/dev/null 2>&1; then
		gs_fail "$what: '$*' succeeded"
	fi
}

# gs_expect_eq DESCRIPTION EXPECTED ACTUAL
gs_expect_eq() {
	[ "$2" = "$3" ] || gs_fail "$1: expected '$2', got '$3'"
}

# gs_expect_match DESCRIPTION REGEX TEXT
gs_expect_match() {
	grep -qE -- "$2" <<<"$3" || gs_fail "$1: '$3' does not match /$2/"
}

# gs_json_eval ROOT EXPRESSION: print a Python expression over the JSON on
# stdin, with d = ROOT (a jq path) and n = the network $GS_JSON_VNI of d.
# A plain lookup (d['a']['b'], optionally ending in .get('c')) with a
# scalar result goes through jq: a Python start costs over a second on the
# debug kernel under emulation. Either way the output is Python's.
gs_json_eval() {
	local root=$1 expr=$2 rest path null='error("null")' json
	IFS= read -r -d '' json || true
	path=$root
	[ "${expr:0:1}" = n ] &&
		path="$root.networks[] | select(.vni == ${GS_JSON_VNI:-0})"
	rest=${expr:1}
	while [[ $rest =~ ^\[\'([a-z0-9_]+)\'\](.*)$ ]]; do
		path="$path | .${BASH_REMATCH[1]}"
		rest=${BASH_REMATCH[2]}
	done
	if [[ $rest =~ ^\.get\(\'([a-z0-9_]+)\'\)$ ]]; then
		path="$path | .${BASH_REMATCH[1]}"
		null='"None"' rest=
	fi
	# (jq prints numbers past 2^53 as floats: those go to Python.)
	if [[ ${expr:0:1} == [dn] && -z $rest ]] && jq -e -r "$path | if . == null then $null
			elif . == true then \"True\" elif . == false then \"False\"
			elif type == \"string\" then .
			elif type == \"number\" and . < 9007199254740992 then .
			else error(\"not a scalar\") end" <<<"$json" 2>/dev/null; then
		return
	fi
	python3 -c '
import json, sys
d = json.loads(sys.argv[3])[0]
n = next((n for n in d.get("networks", []) if n["vni"] == int(sys.argv[2])), None)
print(eval(sys.argv[1]))' "$expr" "${GS_JSON_VNI:-0}" "$json"
}

# gs_link_json NS DEV EXPRESSION: a Python expression over `ip -d -s -j
# link show` of DEV, which is d (e.g. "d['stats64']['tx']['packets']").
gs_link_json() {
	gs_ip "$1" -d -s -j link show dev "$2" | gs_json_eval '.[0]' "$3"
}

# ---- harness --------------------------------------------------------------

gs_cleanup() {
	[ ${#GS_NETNS[@]} = 0 ] ||
		printf 'netns del %s\n' "${GS_NETNS[@]}" | ip -force -batch - 2>/dev/null || true
}

gs_main() {
	local suite tests t n=0 failed=0 start rc elapsed
	suite=${0##*/}
	suite=${suite%.sh}
	if [ $# -gt 0 ]; then
		set -e
		trap gs_cleanup EXIT
		"test_$1"
		return
	fi
	tests=$(declare -F | sed -n 's/^declare -f test_//p')
	# GS_TESTS="a b": only those (tests/selftests/run's async pass).
	if [ -n "${GS_TESTS:-}" ]; then
		for t in $GS_TESTS; do
			grep -qxF "$t" <<<"$tests" || gs_fail "$suite has no test $t"
		done
		tests=$GS_TESTS
	fi
	echo "TAP version 13"
	echo "1..$(wc -w <<<"$tests")"
	for t in $tests; do
		n=$((n + 1))
		start=$EPOCHREALTIME
		timeout --kill-after=10 "$GS_SELFTEST_TIMEOUT" bash "$0" "$t" 2>&1 |
			sed 's/^/# /'
		rc=${PIPESTATUS[0]}
		elapsed=$(printf '%.1f' "$(bc <<<"$EPOCHREALTIME - $start")")
		if [ "$rc" = 0 ]; then
			echo "ok $n - $suite.$t # $elapsed s"
		elif [ "$rc" = 4 ]; then
			echo "ok $n - $suite.$t # SKIP"
		else
			[ "$rc" = 124 ] && echo "# timed out after $GS_SELFTEST_TIMEOUT s"
			echo "not ok $n - $suite.$t # $elapsed s"
			failed=$((failed + 1))
		fi
	done
	[ $failed = 0 ]
}

# The kernel's hibernation path up to the frozen tasks, without an image
# (PM_HIBERNATION_PREPARE and back: /sys/power/pm_test "freezer").
gs_hibernate_freezer_test() {
	[ -w /sys/power/pm_test ] && grep -qw disk /sys/power/state ||
		gs_skip "no hibernation test mode in this kernel"
	echo freezer >/sys/power/pm_test
	echo disk >/sys/power/state || { echo none >/sys/power/pm_test; return 1; }
	echo none >/sys/power/pm_test
}

# ---- module ---------------------------------------------------------------

# gs_module_load: (re)load genevesec.ko the way tests/vm/guest-init does;
# asynchronous crypto stays on in an async pass (tests/selftests/run).
gs_module_load() {
	local opt=
	[ "${GS_FORCE_ASYNC:-0}" = 1 ] && opt=force_async=1
	if modinfo genevesec >/dev/null 2>&1; then
		modprobe genevesec $opt
	else
		insmod "$GS_MODDIR/genevesec.ko" $opt
	fi
}

# gs_skip REASON: end the test as skipped.
gs_skip() {
	echo "SKIP: $*"
	exit 4
}

# ---- tunnels ------------------------------------------------------------

# The tests' own netlink client (tests/lib/gsnl.py), for what the tool
# does not do: raw requests and crafted checks.
GS_NL="python3 ${GS_REPO:-.}/tests/lib/gsnl.py"
# Keys of the two directions of the test tunnels (hex).
GS_KEY_A=000102030405060708090a0b0c0d0e0f
GS_KEY_B=101112131415161718191a1b1c1d1e1f
# Fresh keys for rekeys: a transmit key is never used twice on a network.
GS_KEY_C=202122232425262728292a2b2c2d2e2f
GS_KEY_D=303132333435363738393a3b3c3d3e3f
GS_VNI=74565

# gs_gsec NS ARGS...: configure networks, routes and SAs with the
# genevesec tool (show, set, del, genkey, -f).
gs_gsec() {
	local ns=$1
	shift
	if [ "$ns" = - ]; then
		genevesec "$@"
	else
		ip netns exec "$ns" genevesec "$@"
	fi
}

# gs_show_json NS PYTHON-EXPRESSION [VNI]: evaluate an expression over
# `genevesec show gs0 -j`, with d = gs0 and n = its network VNI
# ($GS_VNI by default).
gs_show_json() {
	gs_gsec "$1" show gs0 -j | GS_JSON_VNI=${3:-$GS_VNI} gs_json_eval '.[0]' "$2"
}

# gs_tunnel [4|6] [LINK OPTIONS...]: gs_topo_two_hosts plus a tunnel over
# the IPv4 (default) or IPv6 underlay: gs0 in h1 is 10.0.0.1 and fd00::1,
# in h2 10.0.0.2 and fd00::2, one network (VNI $GS_VNI) with /32 and /128
# routes and an SA pair each way (h1 sends with SPI 0x100, h2 with 0x200).
# GS_MODES="MODE1 MODE2" gives each host's gs0 a mode (see gs_tunnel_modes).
gs_tunnel() {
	local under=${1:-4} h peer me other txspi rxspi txkey rxkey mode
	local -a modes
	read -r -a modes <<<"${GS_MODES:-}"
	shift || true
	gs_topo_two_hosts
	for h in 1 2; do
		other=$((3 - h))
		if [ "$under" = 4 ]; then peer=192.0.2.$other; else peer="[2001:db8::$other]:6081"; fi
		if [ $h = 1 ]; then
			txspi=0x100 rxspi=0x200 txkey=$GS_KEY_A rxkey=$GS_KEY_B
		else
			txspi=0x200 rxspi=0x100 txkey=$GS_KEY_B rxkey=$GS_KEY_A
		fi
		mode=${modes[h - 1]:-}
		gs_ip_batch h$h <<-EOF
			link add gs0 type genevesec ${mode:+mode $mode} $*
			addr add 10.0.0.$h/24 dev gs0
			addr add fd00::$h/64 dev gs0 nodad
			link set gs0 up
		EOF
		gs_gsec h$h set gs0 vni $GS_VNI peer "$peer" \
			route 10.0.0.$h/32=10.0.0.$other/32 \
			route fd00::$h/128=fd00::$other/128 \
			sa rx-spi $rxspi tx-spi $txspi rx-key $rxkey tx-key $txkey
	done
}

# gs_capture NS DEV FILE [FILTER...]: tcpdump in the background, returning
# once it listens; stop it with kill -INT $(jobs -p) and wait.
gs_capture() {
	local ns=$1 dev=$2 file=$3 i
	shift 3
	# (--immediate-mode: each packet as it comes, not a buffer's worth
	# later, so that a capture stopped at once has everything before.)
	ip netns exec "$ns" tcpdump --immediate-mode -U -n -i "$dev" -w "$file" "$@" 2>"$file.log" &
	for i in $(seq 50); do
		grep -q listening "$file.log" 2>/dev/null && return
		sleep 0.2
	done
	gs_fail "tcpdump on $dev did not start"
}

# gs_tunnel_modes MODE1 MODE2 [4|6] [LINK OPTIONS...]: gs_tunnel with
# gs0 in mode MODE1 (l3 or l2) in h1 and MODE2 in h2.
gs_tunnel_modes() {
	local GS_MODES="$1 $2"
	shift 2
	gs_tunnel "$@"
}

# gs_tcp_sink NS ADDRESS PORT: accept one TCP connection in NS and print
# the bytes it carried, counted until EOF (run it in the background).
# (A plain transfer to EOF: iperf3's summary may stop counting while
# retransmitted data is still on its way.)
gs_tcp_sink() {
	ip netns exec "$1" python3 -c '
import socket, sys
s = socket.socket()
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen()
c, _ = s.accept()
n = 0
while d := c.recv(65536):
    n += len(d)
c.sendall(b"k")
print(n)' "$2" "$3"
}

# gs_tcp_send NS ADDRESS PORT BYTES: from NS, as soon as the sink listens,
# BYTES zeros over TCP; fails unless the sink saw them all end.
gs_tcp_send() {
	ip netns exec "$1" python3 -c '
import socket, sys, time
for _ in range(100):
    try:
        s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=60)
        break
    except ConnectionRefusedError:
        time.sleep(0.2)
s.sendall(bytes(int(sys.argv[3])))
s.shutdown(socket.SHUT_WR)
assert s.recv(1) == b"k"' "$2" "$3" "$4"
}

# gs_ping_all NS ADDRESS...: three pings to each address from NS, or fail.
gs_ping_all() {
	local ns=$1 a
	shift
	for a in "$@"; do
		ip netns exec "$ns" ping -c 3 -i 0.2 -W 2 "$a" >/dev/null ||
			gs_fail "ping $a from $ns"
	done
}

# gs_counter NS NAME [VNI]: one counter of a network, by the spec's name
# (e.g. rx_replay_drops).
# (jq, not Python: a Python start costs over a second on the debug kernel
# under emulation, and tests read counters often.)
gs_counter() {
	gs_gsec "$1" show gs0 -j |
		jq -e --arg c "$2" --argjson vni "${3:-$GS_VNI}" \
			'.[0].networks[] | select(.vni == $vni) | .[$c] | numbers'
}

# gs_dev_counter NS NAME: a device counter (rx_malformed, tx_no_route, ...).
gs_dev_counter() {
	gs_gsec "$1" show gs0 -j | jq -e --arg c "$2" '.[0][$c] | numbers'
}
