# shellcheck shell=bash disable=SC2034
# Shared by iproute2-patch/build, test and refresh (sourced, not run).
#
# Fetches Debian's iproute2 source once per source version into
#   ${GENEVESEC_CACHE:-~/.cache/genevesec}/iproute2/src/VERSION/
# Set IPROUTE2_VERSION to a Debian source version (e.g. 6.1.0-3) to use
# that one instead of apt's candidate.

IP2_PATCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IP2_REPO=$(cd "$IP2_PATCH_DIR/.." && pwd)
IP2_CACHE=${GENEVESEC_CACHE:-$HOME/.cache/genevesec}/iproute2
IP2_PREFIX=$IP2_REPO/build/iproute2
IP2_SRC_LIST=/etc/apt/sources.list.d/genevesec-src.list
IP2_SUITE=bookworm

ip2_say() { printf 'iproute2-patch: %s\n' "$*" >&2; }
ip2_die() { printf 'iproute2-patch: error: %s\n' "$*" >&2; exit 1; }

# Is there a deb-src entry for the suite's main component, one-line
# (sources.list) or deb822 (*.sources) style?
ip2_have_deb_src() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		grep -qE "^[[:space:]]*deb-src[[:space:]]+(\[[^]]*\][[:space:]]+)?[^[:space:]]+[[:space:]]+${IP2_SUITE}[[:space:]].*\bmain\b" "$f" &&
			return 0
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk -v suite="$IP2_SUITE" '
			function check() { if (t && s && c) found = 1; t = s = c = 0 }
			/^[[:space:]]*$/ { check(); next }
			tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb-src") t = 1 }
			tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == suite) s = 1 }
			tolower($1) == "components:" { for (i = 2; i <= NF; i++) if ($i == "main") c = 1 }
			tolower($1) == "enabled:" && tolower($2) == "no" { t = 0; s = 0 }
			END { check(); exit !found }' "$f" && return 0
	done
	return 1
}

# The mirror and keyring of the existing "deb" entry for the suite, as
# "URI KEYRING" (KEYRING may be empty).
ip2_find_mirror() {
	local f line
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		line=$(awk -v suite="$IP2_SUITE" '
			function check() {
				if (t && s && c && uri != "" && !done) { print uri, key; done = 1 }
				t = s = c = 0; uri = key = ""
			}
			/^[[:space:]]*$/ { check(); next }
			tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") t = 1 }
			tolower($1) == "uris:" { uri = $2 }
			tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == suite) s = 1 }
			tolower($1) == "components:" { for (i = 2; i <= NF; i++) if ($i == "main") c = 1 }
			tolower($1) == "signed-by:" { key = $2 }
			END { check() }' "$f")
		[ -n "$line" ] && { echo "$line"; return 0; }
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		line=$(sed -nE "s/^[[:space:]]*deb[[:space:]]+(\[([^]]*)\][[:space:]]+)?([^[:space:]]+)[[:space:]]+${IP2_SUITE}[[:space:]].*\bmain\b.*/\3 \2/p" "$f" |
			head -n1)
		if [ -n "$line" ]; then
			local uri opts key=
			read -r uri opts <<<"$line"
			[[ $opts =~ signed-by=([^[:space:]]+) ]] && key=${BASH_REMATCH[1]}
			echo "$uri $key"
			return 0
		fi
	done
	echo "http://deb.debian.org/debian "
}

# Make sure apt knows the suite's source packages.
ip2_ensure_deb_src() {
	if ! ip2_have_deb_src; then
		[ "$(id -u)" = 0 ] ||
			ip2_die "no deb-src entry for $IP2_SUITE main: run as root to add $IP2_SRC_LIST"
		local uri key opts=
		read -r uri key < <(ip2_find_mirror)
		[ -n "$key" ] && opts="[signed-by=$key] "
		ip2_say "adding $IP2_SRC_LIST (deb-src $uri $IP2_SUITE main)"
		cat >"$IP2_SRC_LIST" <<-EOF
		# Added by genevesec's iproute2-patch/build for "apt-get source iproute2".
		deb-src $opts$uri $IP2_SUITE main
		EOF
		IP2_NEED_UPDATE=1
	fi
	if [ "${IP2_NEED_UPDATE:-0}" = 1 ] || ! apt-cache showsrc iproute2 2>/dev/null | grep -q '^Package: iproute2$'; then
		[ "$(id -u)" = 0 ] || ip2_die "apt does not know the iproute2 source package: run as root (apt-get update)"
		ip2_say "apt-get update"
		apt-get update -q >&2 || ip2_die "apt-get update failed"
		IP2_NEED_UPDATE=0
	fi
}

# The source version "apt-get source iproute2" fetches (or IPROUTE2_VERSION).
ip2_src_version() {
	local spec=iproute2 v
	[ -n "${IPROUTE2_VERSION:-}" ] && spec=iproute2=$IPROUTE2_VERSION
	v=$(apt-get source --print-uris -qq "$spec" 2>/dev/null |
		sed -nE "s/^'[^']*' iproute2_([^ ]+)\.dsc .*/\1/p" | head -n1)
	[ -n "$v" ] || return 1
	echo "$v"
}

# Make sure the source of version $1 is unpacked in the cache; print the
# unpacked tree's path.
ip2_fetch_source() {
	local version=$1 dir=$IP2_CACHE/src/$1 tmp tree
	if [ -f "$dir/.complete" ]; then
		cat "$dir/.complete"
		return 0
	fi
	ip2_say "fetching iproute2 $version source into $dir"
	mkdir -p "$IP2_CACHE/src"
	tmp=$(mktemp -d "$IP2_CACHE/src/.fetch.XXXXXX")
	# -o APT::Sandbox::User=root: the cache is root's, the _apt user
	# cannot write it.
	if ! (cd "$tmp" && apt-get source -q -o APT::Sandbox::User=root \
		"iproute2=$version" >fetch.log 2>&1); then
		cat "$tmp/fetch.log" >&2
		rm -rf "$tmp"
		ip2_die "apt-get source iproute2=$version failed"
	fi
	tree=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d -name 'iproute2-*' | head -n1)
	if [ -z "$tree" ] || [ ! -f "$tree/ip/iplink.c" ]; then
		rm -rf "$tmp"
		ip2_die "apt-get source left no iproute2 tree"
	fi
	rm -rf "$dir"
	mv "$tmp" "$dir"
	echo "$dir/$(basename "$tree")" >"$dir/.complete"
	cat "$dir/.complete"
}

# The version to use: apt's, after making sure apt knows the sources; or,
# when apt cannot answer, the only version in the cache.
ip2_resolve_version() {
	local v d cached=()
	if [ -n "${IPROUTE2_VERSION:-}" ] && [ -f "$IP2_CACHE/src/$IPROUTE2_VERSION/.complete" ]; then
		echo "$IPROUTE2_VERSION"
		return 0
	fi
	if ip2_have_deb_src && v=$(ip2_src_version); then
		echo "$v"
		return 0
	fi
	ip2_ensure_deb_src
	if v=$(ip2_src_version); then
		echo "$v"
		return 0
	fi
	for d in "$IP2_CACHE"/src/*/; do
		[ -f "$d/.complete" ] && cached+=("$(basename "$d")")
	done
	if [ ${#cached[@]} = 1 ]; then
		ip2_say "apt cannot tell the iproute2 source version; using the cached ${cached[0]}"
		echo "${cached[0]}"
		return 0
	fi
	ip2_die "cannot find the iproute2 source package${IPROUTE2_VERSION:+ version $IPROUTE2_VERSION} (apt-cache showsrc iproute2)"
}

# Hold the cache's lock until the script exits.
ip2_lock() {
	mkdir -p "$IP2_CACHE"
	exec 9>"$IP2_CACHE/lock"
	flock 9 || ip2_die "cannot lock $IP2_CACHE/lock"
}

# The patch files of the series, in order, one a line.
ip2_series() {
	[ -f "$IP2_PATCH_DIR/series" ] || ip2_die "$IP2_PATCH_DIR/series is missing"
	local p
	while read -r p; do
		case $p in '' | '#'*) continue ;; esac
		[ -f "$IP2_PATCH_DIR/$p" ] || ip2_die "series names $p, which is not in $IP2_PATCH_DIR"
		echo "$p"
	done <"$IP2_PATCH_DIR/series"
}
