#!/usr/bin/env bash
# How many copies of a blob does the relay's memory hold after the blob was uploaded, downloaded once
# and burned (issue 15 item 2)? Starts sector main with the launcher on a free port and a temporary
# PARAMANT_DATA, stores a 5 MiB blob made of a repeated 33-byte marker (binary or JSON form), downloads
# it, runs a full GC, takes a core dump of the relay (gdb's gcore) and counts the marker in it, split
# into the Java heap and native mappings, plus the copies in live heap objects (a heap dump).
#
# usage: bench/relay/burn-residue.sh [binary|json]   (needs gdb, python3, curl and the JDK's jcmd)
# The relay is stopped and every file removed on exit; the core (~1 GB) is never kept.
set -euo pipefail
mode=${1:-binary}
[[ $mode == binary || $mode == json ]] || { echo "usage: $0 [binary|json]" >&2; exit 2; }
for tool in gcore python3 curl jcmd; do
  command -v "$tool" >/dev/null || { echo "$0: $tool is needed (gcore: apt-get install gdb)" >&2; exit 2; }
done
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d /tmp/burn-residue.XXXXXX)
export PARAMANT_DATA=$work/data PARAMANT_ENV_FILE='' ADMIN_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
export PARAMANT_PORT_MAIN=$((30000 + RANDOM % 20000))
cleanup() { "$REPO/server-config/paramant" down main >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
"$REPO/server-config/paramant" up main >/dev/null
key=$("$REPO/server-config/paramant" user add --label burn --plan pro --email burn@example.org 2>/dev/null |
  grep -oE '[A-Za-z0-9_-]{30,}' | head -n 1)
base=http://127.0.0.1:$PARAMANT_PORT_MAIN
until [[ $(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $key" "$base/v2/monitor") == 200 ]]; do sleep 0.5; done

MARKER='PARAMANT-BURN-MARKER-0123456789!!'
python3 - "$work" "$MARKER" <<'PY'
import base64, hashlib, json, sys
work, marker = sys.argv[1], sys.argv[2].encode()
data = (marker * (5 * 1024 * 1024 // len(marker) + 1))[:5 * 1024 * 1024]
open(f"{work}/blob", "wb").write(data)
digest = hashlib.sha256(data).hexdigest()
open(f"{work}/hash", "w").write(digest)
open(f"{work}/blob.json", "w").write(json.dumps({"hash": digest, "payload": base64.b64encode(data).decode()}))
PY
hash=$(cat "$work/hash")
if [[ $mode == binary ]]; then
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $key" -H 'Content-Type: application/octet-stream' \
    -H "X-Paramant-Hash: $hash" --data-binary "@$work/blob" "$base/v2/inbound")
else
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $key" -H 'Content-Type: application/json' \
    --data-binary "@$work/blob.json" "$base/v2/inbound")
fi
[[ $status == 200 ]] || { echo "upload answered $status" >&2; exit 1; }
curl -s -o "$work/out" -H "X-Api-Key: $key" "$base/v2/outbound/$hash"
cmp -s "$work/out" "$work/blob" || { echo "the download differs from the upload" >&2; exit 1; }
rm -f "$work/blob" "$work/out" "$work/blob.json"

pid=$(cat "$PARAMANT_DATA/run/main.pid")
jcmd "$pid" GC.run >/dev/null
jcmd "$pid" GC.heap_dump "$work/live.hprof" >/dev/null # live objects only
heap=$(jcmd "$pid" GC.heap_info | grep -oE '\[0x[0-9a-f]+, 0x[0-9a-f]+\)' | head -n 1 | tr -d '[),')
cp "/proc/$pid/maps" "$work/maps"
gcore -o "$work/core" "$pid" >/dev/null 2>&1
python3 - "$work/core.$pid" "$work/maps" "$work/live.hprof" "$MARKER" $heap "$mode" <<'PY'
import collections, mmap, struct, sys
core, maps_file, hprof, marker, heap_lo, heap_hi, mode = sys.argv[1:8]
marker = marker.encode(); heap_lo = int(heap_lo, 16); heap_hi = int(heap_hi, 16)
def occurrences(path):
    with open(path, "rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        i = mm.find(marker)
        while i >= 0:
            yield mm, i
            i = mm.find(marker, i + 1)
maps = []
for line in open(maps_file):
    lo, hi = (int(x, 16) for x in line.split()[0].split("-"))
    maps.append((lo, hi, line.split()[5] if len(line.split()) > 5 else "anonymous"))
segments = None
where = collections.Counter()
for mm, i in occurrences(core):
    if segments is None:  # ELF64 core: PT_LOAD segments map file offsets to addresses
        phoff, = struct.unpack_from("<Q", mm, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", mm, 0x36)
        segments = []
        for k in range(phnum):
            p_type, _, p_offset, p_vaddr, _, p_filesz, _, _ = struct.unpack_from("<IIQQQQQQ", mm, phoff + k * phentsize)
            if p_type == 1 and p_filesz:
                segments.append((p_offset, p_filesz, p_vaddr))
    for offset, size, vaddr in segments:
        if offset <= i < offset + size:
            address = vaddr + i - offset
            if heap_lo <= address < heap_hi:
                where["Java heap"] += 1
            else:
                name = next((n for lo, hi, n in maps if lo <= address < hi), "?")
                where["native (" + name + ")"] += 1
            break
live = sum(1 for _ in occurrences(hprof))
total = sum(where.values())
print(f"{mode}: {total} copies of the 33-byte marker ({total * len(marker)} bytes) in the relay's memory after the burn")
for name, n in where.most_common():
    print(f"  {n:6d}  {name}")
print(f"  of the heap's: {live} in live objects (heap dump), the rest in freed heap memory")
PY
