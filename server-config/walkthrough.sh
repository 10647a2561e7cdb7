#!/usr/bin/env bash
# The README's curl walkthrough, against running relays (`server-config/paramant up` first):
# create a user, send one 5 MiB blob to the main sector (POST /v2/inbound, octet-stream mode),
# download it once (GET /v2/outbound/{hash}: the same bytes), download it again (404: burned).
# Exits non-zero, saying what differed, on any mismatch. Uses the same configuration as the launcher
# (environment, then .env); PARAMANT_URL overrides the relay to talk to (default: the main sector).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PARAMANT=$HERE/paramant

fail() {
  echo "walkthrough: FAILED: $*" >&2
  exit 1
}
step() { echo "walkthrough: $*"; }

command -v curl >/dev/null || fail "curl is required"
command -v jq >/dev/null || fail "jq is required"

if [[ -z ${PARAMANT_URL:-} ]]; then
  port=$("$PARAMANT" status main | awk '{ for (i = 1; i < NF; i++) if ($i == "port") print $(i + 1) }' || true)
  [[ -n $port ]] || fail "cannot tell the main sector's port from 'paramant status main'"
  PARAMANT_URL=http://127.0.0.1:$port
fi
URL=${PARAMANT_URL%/}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

# 1. an account; its key is printed once
LABEL=walkthrough-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
KEY=$("$PARAMANT" user add --label "$LABEL" --plan pro --email "$LABEL@example.com")
[[ $KEY =~ ^pgp_[0-9a-f]{64}$ ]] || fail "paramant user add printed no pgp_ key"
step "user $LABEL added"

# the relays pick up users.json changes within about a second
for _ in $(seq 1 30); do
  valid=$(curl -s "$URL/v2/check-key" -H "X-Api-Key: $KEY" | jq -r '.valid' 2>/dev/null || true)
  [[ $valid == true ]] && break
  sleep 0.5
done
[[ $valid == true ]] || fail "GET /v2/check-key does not accept the new key after 15 s"
step "GET /v2/check-key: valid"

# 2. one 5 MiB blob (clients pad every blob to exactly 5 MiB)
head -c 5242880 /dev/urandom >blob.bin
HASH=$(sha256sum blob.bin | cut -d' ' -f1)

code=$(curl -s -o inbound.json -w '%{http_code}' -X POST "$URL/v2/inbound" -H "X-Api-Key: $KEY" \
  -H "Content-Type: application/octet-stream" -H "X-Paramant-Hash: $HASH" --data-binary @blob.bin)
[[ $code == 200 ]] || fail "POST /v2/inbound answered $code: $(head -c 300 inbound.json)"
[[ $(jq -r '.ok' inbound.json) == true ]] || fail "POST /v2/inbound: ok is not true: $(head -c 300 inbound.json)"
[[ $(jq -r '.hash' inbound.json) == "$HASH" ]] || fail "POST /v2/inbound: hash differs: $(head -c 300 inbound.json)"
[[ $(jq -r '.size' inbound.json) == 5242880 ]] || fail "POST /v2/inbound: size is not 5242880: $(head -c 300 inbound.json)"
step "POST /v2/inbound: 200, stored $HASH"

# 3. the first download returns exactly the bytes that were sent
code=$(curl -s -o received.bin -w '%{http_code}' "$URL/v2/outbound/$HASH" -H "X-Api-Key: $KEY")
[[ $code == 200 ]] || fail "GET /v2/outbound answered $code: $(head -c 300 received.bin)"
cmp -s blob.bin received.bin || fail "GET /v2/outbound returned other bytes than were sent"
step "GET /v2/outbound: 200, the same 5 MiB"

# 4. the second download finds nothing: the blob was burned
code=$(curl -s -o second.json -w '%{http_code}' "$URL/v2/outbound/$HASH" -H "X-Api-Key: $KEY")
[[ $code == 404 ]] || fail "second GET /v2/outbound answered $code, expected 404: $(head -c 300 second.json)"
step "second GET /v2/outbound: 404 (burned)"

step "passed"
