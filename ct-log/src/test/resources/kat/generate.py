#!/usr/bin/env python3
"""Generates the known-answer values in this directory from the written specification (PROTOCOL.md,
"CT log"), independently of the Java code: RFC 9162 Merkle tree hashes with SHA3-256, the version 1
and version 2 leaf bytes, device bindings and key fingerprints, and the signed messages of a tree head and of a witness cosignature. Run once; the tests pin the output.

    python3 generate.py   # rewrites sha3-256-roots.json and log-entries.json, prints the STH and cosignature messages

The ML-DSA-65 values in tree-head.json and cosignature.json (key id of a fixed seed, one signature) come from Bouncy Castle
1.87 and are pinned the same way; see README.md.
"""
import hashlib
import json
import struct

H = lambda data: hashlib.sha3_256(data).digest()


def mth(leaves):
    """RFC 9162 section 2.1.1, recursively as written."""
    if not leaves:
        return H(b"")
    if len(leaves) == 1:
        return H(b"\x00" + leaves[0])
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return H(b"\x01" + mth(leaves[:k]) + mth(leaves[k:]))


# The same 8 inputs as the RFC 6962 vectors in ../merkle/rfc6962-roots.json.
inputs = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
          "606162636465666768696a6b6c6d6e6f"]
leaves = [bytes.fromhex(h) for h in inputs]
roots = {
    "hash": "SHA3-256",
    "scheme": "RFC 9162 (Paramant CT log)",
    "leaf_inputs_hex": inputs,
    "root_hash_by_tree_size_hex": [mth(leaves[:n]).hex() for n in range(9)],
}
with open("sha3-256-roots.json", "w") as out:
    json.dump(roots, out, indent=2)
    out.write("\n")

TYPES = {"transfer": 1, "pubkey": 2, "did": 3, "ack": 4, "notary": 5, "audit": 6}
VERSION_2 = {"pubkey", "notary", "audit"}


def binding(namespace, device_id):
    ns, dev = namespace.encode("ascii"), device_id.encode("ascii")
    return H(b"paramant/ct/device/v1" + bytes([len(ns)]) + ns + bytes([len(dev)]) + dev)


def leaf_bytes(type_, subject, sector, inserted_at, detail):
    version = 2 if type_ in VERSION_2 else 1
    out = struct.pack(">BBQB", version, TYPES[type_], inserted_at, len(sector)) + sector.encode("ascii")
    if type_ == "did":
        return out + struct.pack(">H", len(subject)) + subject.encode("ascii")
    out += bytes.fromhex(subject)
    if type_ == "pubkey":
        out += bytes.fromhex(detail["binding"])
    elif type_ == "notary":
        out += bytes.fromhex(detail["signer_binding"]) + bytes.fromhex(detail["signer_fingerprint"])
        out += struct.pack(">Q", detail["signed_at"])
    elif type_ == "audit":
        out += struct.pack(">Q", detail["seq"]) + bytes.fromhex(detail["audit_id_hash"])
    return out


# Fingerprint of a fixed key set: ml_kem 1184 bytes of 0x11, p256 0x04 then 64 bytes of 0x22,
# ml_dsa 1952 bytes of 0x33 (PROTOCOL.md: SHA3-256 over the concatenation, absent keys omitted).
ML_KEM, P256, ML_DSA = b"\x11" * 1184, b"\x04" + b"\x22" * 64, b"\x33" * 1952
fingerprints = [
    {"keys": "ml_kem", "fingerprint_hex": H(ML_KEM).hex()},
    {"keys": "ml_kem+p256", "fingerprint_hex": H(ML_KEM + P256).hex()},
    {"keys": "ml_kem+p256+ml_dsa", "fingerprint_hex": H(ML_KEM + P256 + ML_DSA).hex()},
]
bindings = [
    {"namespace": ns, "device_id": dev, "binding_hex": binding(ns, dev).hex()}
    for ns, dev in [("team:radiology", "ct-scanner-1"), ("account:alice", "laptop"),
                    ("account:a", "x" * 128)]
]
BOUND = binding("team:radiology", "ct-scanner-1").hex()
entries = [
    ("transfer", bytes(range(32)).hex(), "main", 1764144000000, None),
    ("pubkey", H(ML_KEM + P256 + ML_DSA).hex(), "health", 1764144000001, {"binding": BOUND}),
    ("did", "did:paramant:abcdefghijklmnopqrstuvwxyz234567", "finance", 1764144000002, None),
    ("ack", hashlib.sha256(b"paramant").hexdigest(), "iot", 0, None),
    ("notary", hashlib.sha256(b"contract.pdf").hexdigest(), "legal", 1764144000003,
     {"signer_binding": BOUND, "signer_fingerprint": H(ML_KEM + P256 + ML_DSA).hex(),
      "signed_at": 1764143999000}),
    ("audit", H(b"chain head").hex(), "main", 1764144060000,
     {"seq": 41, "audit_id_hash": hashlib.sha256(b"audit id").hexdigest()}),
]
cases = []
for type_, subject, sector, inserted_at, detail in entries:
    encoded = leaf_bytes(type_, subject, sector, inserted_at, detail)
    case = {"type": type_, "subject": subject, "sector": sector, "inserted_at": inserted_at}
    if detail:
        case["detail"] = detail
    case.update({"leaf_hex": encoded.hex(), "leaf_hash_hex": H(b"\x00" + encoded).hex()})
    cases.append(case)
with open("log-entries.json", "w") as out:
    json.dump({"hash": "SHA3-256", "entries": cases, "bindings": bindings,
               "fingerprints": fingerprints}, out, indent=2)
    out.write("\n")

# The tree head of tree-head.json: size 8 over the 8 inputs above.
message = b"paramant/ct/sth/v1" + struct.pack(">QQ", 8, 1764144000000) + mth(leaves)
print("signed_message_hex", message.hex())

# The cosignature of cosignature.json: a witness cosigns that same head (size 8, the root above) of
# the log whose key is the one of tree-head.json, for the origin below, at cosigned_at_ms below.
LOG_KEY_ID = bytes.fromhex("1800725067e388d837d911fe4f66101cc1961b1bb755030dc574272cfb00013f")
ORIGIN = "https://relay.example.org"
origin = ORIGIN.encode("ascii")
cosign = (b"paramant/ct/cosign/v1" + bytes([len(origin)]) + origin + LOG_KEY_ID
          + struct.pack(">Q", 8) + mth(leaves) + struct.pack(">Q", 1764144030000))
print("cosign_signed_message_hex", cosign.hex())
