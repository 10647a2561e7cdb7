#!/usr/bin/env bash
# How long do the units take to start, how much CPU does that cost, and how much memory do they keep
# (issue 15 item 4)? Starts the units with the launcher in a temporary PARAMANT_DATA on ports 19001-19005
# (sectors) and 19200 (console), so that nothing on the default ports is disturbed; prints the wall time
# until every unit answers GET /health (`up` returns then), the CPU time of the JVMs (user + system, from
# /proc/PID/stat), their RSS when ready and after IDLE seconds (also split into anonymous and file-backed
# pages, and the PSS), and the load average before and after; then stops them and removes the directory.
#
# usage: bench/relay/boot-units.sh [UNIT...]     (default: all six)
# Environment: IDLE (seconds, default 60), PARAMANT_JAVA_OPTS, PARAMANT_PROFILE. Run "before" and "after"
# alternately: the load of a shared machine moves a lot.
set -uo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
IDLE=${IDLE:-60}
export PARAMANT_ENV_FILE=''
ADMIN_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
export ADMIN_TOKEN PARAMANT_PORT_MAIN=19001 PARAMANT_PORT_HEALTH=19002 PARAMANT_PORT_FINANCE=19003
export PARAMANT_PORT_LEGAL=19004 PARAMANT_PORT_IOT=19005 PARAMANT_PORT_ADMIN=19200
PARAMANT_DATA=$(mktemp -d /tmp/boot-units.XXXXXX)
export PARAMANT_DATA
cleanup() { "$REPO/server-config/paramant" down "$@" >/dev/null 2>&1 || true; rm -rf "$PARAMANT_DATA"; }
trap 'cleanup "$@"' EXIT

rss() { # PID: RSS (anonymous, file-backed, PSS) in MiB
  local pss
  pss=$(awk '/^Pss:/ { printf "%d", $2 / 1024 }' "/proc/$1/smaps_rollup")
  awk -v pss="$pss" '/^VmRSS/ { r = $2 } /^RssAnon/ { a = $2 } /^RssFile/ { f = $2 }
    END { printf "%d (anon %d, file %d, pss %d)", r / 1024, a / 1024, f / 1024, pss }' "/proc/$1/status"
}

load0=$(cut -d' ' -f1 /proc/loadavg)
t0=$(date +%s%N)
"$REPO/server-config/paramant" up "$@" >"$PARAMANT_DATA/up.out" 2>&1 || { cat "$PARAMANT_DATA/up.out" >&2; exit 1; }
t1=$(date +%s%N)
ticks=0
declare -A ready=()
pids=()
for f in "$PARAMANT_DATA"/run/*.pid; do
  unit=$(basename "$f" .pid)
  pid=$(cat "$f")
  pids+=("$unit:$pid")
  read -r -a stat < <(cut -d')' -f2- "/proc/$pid/stat")
  ticks=$((ticks + stat[11] + stat[12]))
  ready[$unit]=$(awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
done
sleep "$IDLE"
load1=$(cut -d' ' -f1 /proc/loadavg)
printf 'units answer in %.1f s; CPU of the JVMs %.1f s; load %s -> %s\n' \
  "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$(echo "$ticks / $(getconf CLK_TCK)" | bc -l)" "$load0" "$load1"
for up in "${pids[@]}"; do
  printf '  %-8s RSS ready %s MiB, after %s s idle %s MiB\n' "${up%%:*}" "${ready[${up%%:*}]}" "$IDLE" "$(rss "${up#*:}")"
done
