# Kernel reports in the test VM: what counts as one, and how to find the
# ones that appeared since a mark, so that a boot running many things can
# say which of them a report came from. Sourced by tests/vm/guest-init and
# by the runners that share a boot (tests/selftests/run, tests/splat/run).
# shellcheck shell=bash

GS_REPORT_PATTERN='WARNING:|BUG:|Oops|general protection|Kernel panic|KASAN|UBSAN|'
GS_REPORT_PATTERN+='circular locking|lock held|INFO: rcu|INFO: task|suspected memory leak|'
GS_REPORT_PATTERN+='unreferenced object|kernel BUG|Call Trace|'
GS_REPORT_PATTERN+='unregister_netdevice: waiting for|ref_tracker|blocked for more than'
# Taints expected here: O (out of tree), E (unsigned) and N (KUnit ran).
GS_TAINT_OK=$((4096 | 8192 | 262144))
GS_KMEMLEAK=/sys/kernel/debug/kmemleak

# gs_reports_mark: remember where the kernel log and the taint are now
# (sets GS_MARK_LINES and GS_MARK_TAINT).
gs_reports_mark() {
	GS_MARK_LINES=$(dmesg | wc -l)
	read -r GS_MARK_TAINT </proc/sys/kernel/tainted
}

# gs_reports_since_mark [--leaks]: print what was reported since the mark
# (and, with --leaks, what kmemleak finds now); status 1 when anything was.
# kmemleak reports an object older than 5 s the second time a scan finds it
# unreferenced (the first scan only notes its contents): --leaks waits 6 s
# and scans twice, about 23 s on the debug kernel under emulation.
gs_reports_since_mark() {
	local found=0 log taint
	log=$(dmesg | tail -n +"$((GS_MARK_LINES + 1))")
	if grep -qE "$GS_REPORT_PATTERN" <<<"$log"; then
		echo "$log"
		found=1
	fi
	read -r taint </proc/sys/kernel/tainted
	if [ $(((taint & ~GS_MARK_TAINT) & ~GS_TAINT_OK)) != 0 ]; then
		echo "kernel taint: $taint (was $GS_MARK_TAINT)"
		found=1
	fi
	if [ "${1:-}" = --leaks ] && [ -w $GS_KMEMLEAK ]; then
		sleep 6
		echo scan >$GS_KMEMLEAK
		echo scan >$GS_KMEMLEAK
		if [ -s $GS_KMEMLEAK ]; then
			cat $GS_KMEMLEAK
			echo clear >$GS_KMEMLEAK
			found=1
		fi
	fi
	return $found
}
