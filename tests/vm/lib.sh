# Shared paths and helpers for the VM tooling (sourced, not executed).
# shellcheck shell=bash

GS_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GS_CACHE=${GENEVESEC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/genevesec}
# The debug kernels' source: Debian's linux-source-6.12, installed, or
# with GS_KSERIES=7.2 Debian unstable's linux-source-7.2 (mainline),
# fetched into the cache and never installed (tests/vm/fetch-unstable).
GS_KSERIES=${GS_KSERIES:-6.12}
GS_KSRC_PKG=linux-source-$GS_KSERIES

gs_die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

gs_ksrc_deb() {
	"$GS_REPO/tests/vm/fetch-unstable" deb "$GS_KSRC_PKG"
}

gs_ksrc_version() {
	if [ "$GS_KSERIES" = 6.12 ]; then
		dpkg-query -W -f='${Version}' "$GS_KSRC_PKG" 2>/dev/null ||
			gs_die "$GS_KSRC_PKG is not installed (run: make deps)"
	else
		dpkg-deb -f "$(gs_ksrc_deb)" Version
	fi
}

# The Debian kernel a stock run boots: the 6.12 one that `apt-get install
# linux-image-6.12-amd64` gives, or with GS_STOCK=6.1 Debian 12's default
# kernel, the 6.1 one that linux-image-amd64 gives.
gs_stock_release() {
	local v
	if [ "${GS_STOCK:-6.12}" = 6.1 ]; then
		v=$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null |
			grep -o 'linux-image-6\.1\.[^ ,]*-amd64' | head -n1)
		[ -n "$v" ] || gs_die "linux-image-amd64 (6.1) is not installed (run: make deps)"
	else
		v=$(dpkg-query -W -f='${Depends}' linux-image-6.12-amd64 2>/dev/null |
			grep -o 'linux-image-6\.12[^ ,]*-amd64' | head -n1)
		[ -n "$v" ] || gs_die "linux-image-6.12-amd64 is not installed (run: make deps)"
	fi
	echo "${v#linux-image-}"
}

# The extracted kernel source of GS_KSERIES, cached.
gs_ksrc_dir() {
	local ver dir
	ver=$(gs_ksrc_version)
	dir=$GS_CACHE/linux-source-$ver
	if [ ! -e "$dir/.extracted" ]; then
		mkdir -p "$GS_CACHE"
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp"
		if [ "$GS_KSERIES" = 6.12 ]; then
			tar -xf "/usr/src/$GS_KSRC_PKG.tar.xz" -C "$dir.tmp" --strip-components=1
		else
			dpkg-deb --fsys-tarfile "$(gs_ksrc_deb)" |
				tar -xO "./usr/src/$GS_KSRC_PKG.tar.xz" |
				tar -xJ -C "$dir.tmp" --strip-components=1
		fi || gs_die "cannot extract the $GS_KSRC_PKG source"
		touch "$dir.tmp/.extracted"
		mv "$dir.tmp" "$dir"
	fi
	echo "$dir"
}
