# Shared paths and helpers for the VM tooling (sourced, not executed).
# shellcheck shell=bash

GS_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GS_CACHE=${GENEVESEC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/genevesec}
GS_KSRC_TARBALL=/usr/src/linux-source-6.12.tar.xz
GS_KSRC_PKG=linux-source-6.12

gs_die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

gs_ksrc_version() {
	dpkg-query -W -f='${Version}' "$GS_KSRC_PKG" 2>/dev/null ||
		gs_die "$GS_KSRC_PKG is not installed (run: make deps)"
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

# Extracted kernel source for the installed linux-source-6.12, cached.
gs_ksrc_dir() {
	local ver dir
	ver=$(gs_ksrc_version)
	dir=$GS_CACHE/linux-source-$ver
	if [ ! -e "$dir/.extracted" ]; then
		mkdir -p "$GS_CACHE"
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp"
		tar -xf "$GS_KSRC_TARBALL" -C "$dir.tmp" --strip-components=1 ||
			gs_die "cannot extract $GS_KSRC_TARBALL"
		touch "$dir.tmp/.extracted"
		mv "$dir.tmp" "$dir"
	fi
	echo "$dir"
}
