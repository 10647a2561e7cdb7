#!/usr/bin/env bash
# send-latency.sh: wall and CPU time of `bin/paramant send` of a small file, N runs: median, p90, min, max
# (docs/PERFORMANCE.md, "CLI start-up"). Each run is a fresh JVM, as a user's command is.
#
#   bench/cli/send-latency.sh [--runs N] [--size BYTES] [--warmup N] [-- EXTRA_PARAMANT_ARGS...]
#
# Against the relay of $PARAMANT_RELAY with the account of $PARAMANT_KEY when both are set; otherwise it
# starts its own main relay (server-config/paramant up main) with PARAMANT_DATA in a temporary directory,
# adds an account, and stops that relay (by its pid file, through `down`) when done. A device is
# registered in a temporary state directory first; sends go to that same device, which receives each
# transfer after its (timed) send, untimed. bin/paramant's own settings pass through unchanged, e.g.
# PARAMANT_CDS=off or PARAMANT_CLI_JAVA_OPTS= (docs/cli.md, "Start-up") to measure without them. Every
# run must exit 0, or the script stops.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=20
SIZE=1024
WARMUP=2
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --size) SIZE=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [--runs N] [--size BYTES] [--warmup N] [-- PARAMANT_ARGS...]" >&2; exit 2 ;;
  esac
done

WORK=$(mktemp -d /tmp/paramant-cli-bench.XXXXXX)
OWN_RELAY=
cleanup() {
  if [[ -n $OWN_RELAY ]]; then
    PARAMANT_DATA=$WORK/data "$REPO/server-config/paramant" down main >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -z ${PARAMANT_RELAY:-} || -z ${PARAMANT_KEY:-} ]]; then
  OWN_RELAY=1
  export PARAMANT_DATA=$WORK/data
  export ADMIN_TOKEN=${ADMIN_TOKEN:-bench-cli-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}
  "$REPO/server-config/paramant" up main >&2
  PARAMANT_KEY=$("$REPO/server-config/paramant" user add --label "clibench" --plan enterprise \
    --email bench@example.com | tail -n 1)
  PARAMANT_RELAY=http://127.0.0.1:${PARAMANT_PORT_MAIN:-3000}/
  # a fresh account reaches the relay through its users.json reload: wait until the key is known
  sleep 3
fi
export PARAMANT_KEY PARAMANT_RELAY
export PARAMANT_DEVICE=bench-$$
STATE=$WORK/state
head -c "$SIZE" /dev/urandom >"$WORK/file.bin"
mkdir -p "$WORK/inbox"

"$REPO/bin/paramant" keys register --state-dir "$STATE" >/dev/null

# wall and CPU (user + system, of the JVM and its threads) per run, in ms; CPU time is what a loaded
# machine distorts least
walls=()
cpus=()
TIMEFORMAT='%3R %3U %3S'
for ((i = 0; i < WARMUP + RUNS; i++)); do
  { time "$REPO/bin/paramant" send "$WORK/file.bin" --state-dir "$STATE" "$@" >"$WORK/out" 2>"$WORK/err"; } \
    2>"$WORK/time" || {
    echo "run $i failed:" >&2
    cat "$WORK/err" >&2
    exit 1
  }
  read -r real user sys <"$WORK/time"
  # untimed: fetch the blob back, so that the runs never reach the account's quota of stored blobs
  "$REPO/bin/paramant" receive --hash "$(cat "$WORK/out")" -o "$WORK/inbox/" --state-dir "$STATE" \
    >/dev/null 2>&1 || { echo "receive after run $i failed" >&2; exit 1; }
  rm -f "$WORK/inbox/"*
  if ((i >= WARMUP)); then
    walls+=("$(awk -v r="$real" 'BEGIN { printf "%d", r * 1000 }')")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')")
  fi
done

summary() { # median, p90 (nearest rank), min, max of the numbers given
  local sorted
  sorted=$(printf '%s\n' "$@" | sort -n)
  pick() {
    local rank=$(((RUNS * $1 + 99) / 100))
    ((rank >= 1)) || rank=1
    sed -n "${rank}p" <<<"$sorted"
  }
  echo "median $(pick 50) ms, p90 $(pick 90) ms, min $(head -n1 <<<"$sorted") ms, max $(tail -n1 <<<"$sorted") ms"
}
echo "paramant send, $SIZE bytes, $RUNS runs (+$WARMUP warm-up), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  wall: $(summary "${walls[@]}")"
echo "  cpu:  $(summary "${cpus[@]}")"
