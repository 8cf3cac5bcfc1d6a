#!/usr/bin/env bash
# Prints the path of a ready-to-run redis-server/valkey-server from Debian's archive, provisioning it
# on first use: `provision-server.sh SUITE PACKAGE`, e.g. `sid valkey-server`, `bookworm-backports
# valkey-server`, or `host redis-server` for the machine's own package (apt-get installed if missing).
#
# A suite's packages live in a debootstrap minbase root under the cache (RECONF_SERVER_CACHE, default
# /var/cache/reconf-agent-servers/<suite>), made once (about 75 s) and reused. The printed wrapper runs
# the binary with that root's own loader and libraries on the host's paths and ports, no chroot, and
# keeps argv[0] semantics: call it (or a symlink to it named *-sentinel) exactly like the real binary.
# A `-backports` suite is a root of its base suite with the package unpacked from backports. Mirror: debootstrap's default, or
# the first URI of the machine's apt sources. Fails with one line on stderr and exit 1.
set -euo pipefail

fail() { echo "provision-server: $*" >&2; exit 1; }

[ $# -eq 2 ] || fail "usage: provision-server.sh SUITE PACKAGE (e.g. sid valkey-server; host redis-server)"
suite=$1 package=$2
case $package in redis-server | valkey-server) ;; *) fail "package must be redis-server or valkey-server, not '$package'" ;; esac
case $suite in *[!a-z0-9-]* | '') fail "suite must be a Debian suite name like sid or bookworm-backports, not '$suite'" ;; esac

apt_install() {
  [ "$(id -u)" = 0 ] || fail "$* is missing and installing it needs root: sudo apt-get install -y $*"
  command -v apt-get >/dev/null || fail "$* is missing and there is no apt-get to install it with"
  echo "provision-server: installing $* with apt-get" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 || fail "apt-get install $* failed"
}

if [ "$suite" = host ]; then
  command -v "$package" >/dev/null || apt_install "$package"
  command -v "$package" || fail "$package still not on PATH after installing it"
  exit 0
fi

cache=${RECONF_SERVER_CACHE:-/var/cache/reconf-agent-servers}
root=$cache/$suite
wrapper=$cache/bin/$suite/$package
log=$cache/$suite.log

ready() { [ -x "$root/usr/bin/$package" ] && [ -e "$root/lib64/ld-linux-x86-64.so.2" ]; }

mirror() {
  local uri
  uri=$(grep -h -o -E '^URIs:[[:space:]]*[^[:space:]]+' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v -- '-security' | head -1 | awk '{print $2}' || true)
  [ -n "$uri" ] || uri=$(grep -h -o -E '^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?[^[:space:]]+' /etc/apt/sources.list 2>/dev/null | grep -v -- '-security' | head -1 | awk '{print $NF}' || true)
  echo "$uri"
}

# Adds PACKAGE from a backports suite to a base-suite root: apt-get resolves what the root lacks
# against the root's dpkg status (private lists, nothing of the machine's apt touched) and the .debs
# are unpacked with dpkg-deb, so no maintainer script runs (none starts a server on 6379).
add_backport() {
  local dir=$1 apt=$cache/$suite.apt m
  m=$(mirror)
  [ -n "$m" ] || fail "no Debian mirror in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list to fetch $suite from"
  rm -rf "$apt"
  mkdir -p "$apt/lists/partial" "$apt/archives/partial"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' "$m" "${suite%-backports}" "$m" "$suite" >"$apt/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent -o "Dir::State::Lists=$apt/lists"
    -o "Dir::Cache::Archives=$apt/archives" -o "Dir::State::Status=$dir/var/lib/dpkg/status" -o APT::Sandbox::User=root -qq)
  apt-get "${opts[@]}" update >>"$log" 2>&1 || fail "apt-get update for $suite failed (log $log)"
  apt-get "${opts[@]}" install -y --download-only --no-install-recommends -t "$suite" "$package" >>"$log" 2>&1 ||
    fail "downloading $package from $suite failed (log $log)"
  for deb in "$apt"/archives/*.deb; do dpkg-deb -x "$deb" "$dir" || fail "unpacking $deb failed"; done
  rm -rf "$apt"
}

provision() {
  command -v debootstrap >/dev/null || apt_install debootstrap
  [ "$(id -u)" = 0 ] || fail "provisioning $suite needs root (debootstrap); run as root once, or set RECONF_SERVER_CACHE to a provisioned cache"
  local base=$suite include=(--include=valkey-server,redis-server) tmp=$root.tmp
  case $suite in *-backports) base=${suite%-backports} include=() ;; esac
  rm -rf "$tmp"
  echo "provision-server: debootstrap $base into $root (first run only, 75 s or more; log $log)" >&2
  # shellcheck disable=SC2046 # the mirror is optional: empty means debootstrap's default
  if ! debootstrap --variant=minbase "${include[@]}" "$base" "$tmp" $(mirror) >"$log" 2>&1; then
    rm -rf "$tmp"
    fail "debootstrap of $base failed: $(grep -E '^[EW]:' "$log" | tail -1) (log $log)"
  fi
  [ "$base" = "$suite" ] || add_backport "$tmp"
  rm -rf "$root"
  mv "$tmp" "$root"
}

mkdir -p "$cache"
exec 9>"$cache/$suite.lock"
flock 9
ready || provision
ready || fail "$suite has no $package (looked for $root/usr/bin/$package)"

mkdir -p "$(dirname "$wrapper")"
cat >"$wrapper.tmp" <<WRAP
#!/bin/sh
# $package from Debian $suite, run with its own loader and libraries (made by test/servers/provision-server.sh).
exec "$root/lib64/ld-linux-x86-64.so.2" --library-path "$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu" --argv0 "\$0" "$root/usr/bin/$package" "\$@"
WRAP
chmod +x "$wrapper.tmp"
mv "$wrapper.tmp" "$wrapper"
"$wrapper" --version >/dev/null 2>&1 || fail "$wrapper does not run: $("$wrapper" --version 2>&1 | head -1)"
echo "$wrapper"
