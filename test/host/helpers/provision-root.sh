#!/bin/sh
# provision-root.sh SUITE ROOT: a minimal Debian SUITE with systemd, dbus and redis-server in
# ROOT, for booting with systemd-nspawn. Idempotent: a finished root carries a stamp naming what
# it was built with, and a root without the current stamp is built again. Runs under flock (see
# nspawn.ts), so parallel test files never build the same root twice. The mirror is
# debootstrap's default. trixie also gets Debian's nodejs and its dependencies downloaded into
# apt's cache (not installed), so the package test's `apt-get install ./reconf-agent_*.deb`
# resolves them from Debian's index inside a guest that has no network.
set -eu
suite=$1
root=$2
include=systemd,systemd-sysv,dbus,redis-server,procps,libstdc++6
stamp="v1 $suite $include"
if [ -f "$root/.reconf-agent-root" ] && [ "$(cat "$root/.reconf-agent-root")" = "$stamp" ]; then
	exit 0
fi
echo "provisioning a Debian $suite root in $root (debootstrap, about 2 min, once)" >&2
rm -rf "$root.partial"
debootstrap --variant=minbase --include="$include" "$suite" "$root.partial" >"$root.log" 2>&1 || {
	tail -n 20 "$root.log" >&2
	exit 1
}
if [ "$suite" != bookworm ]; then
	systemd-nspawn -q -D "$root.partial" --register=no --keep-unit --pipe \
		sh -c 'apt-get clean && apt-get update -qq && apt-get install -y -qq --download-only nodejs' >>"$root.log" 2>&1 || {
		tail -n 20 "$root.log" >&2
		exit 1
	}
fi
echo "$stamp" >"$root.partial/.reconf-agent-root"
rm -rf "$root"
mv "$root.partial" "$root"
