#!/usr/bin/env python3
"""Generates the known-answer values in this directory from the written specification (PROTOCOL.md,
"CT log"), independently of the Java code: RFC 9162 Merkle tree hashes with SHA3-256, the version 1
leaf bytes, and the signed message of a tree head. Run once; the tests pin the output.

    python3 generate.py   # rewrites sha3-256-roots.json and log-entries.json, prints the STH message

The ML-DSA-65 values in tree-head.json (key id of a fixed seed, one signature) come from Bouncy Castle
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

TYPES = {"transfer": 1, "pubkey": 2, "did": 3, "ack": 4}


def leaf_bytes(type_, subject, sector, inserted_at):
    out = struct.pack(">BBQB", 1, TYPES[type_], inserted_at, len(sector)) + sector.encode("ascii")
    if type_ == "did":
        return out + struct.pack(">H", len(subject)) + subject.encode("ascii")
    return out + bytes.fromhex(subject)


entries = [
    ("transfer", bytes(range(32)).hex(), "main", 1764144000000),
    ("pubkey", bytes(range(255, 223, -1)).hex(), "health", 1764144000001),
    ("did", "did:paramant:abcdefghijklmnopqrstuvwxyz234567", "finance", 1764144000002),
    ("ack", hashlib.sha256(b"paramant").hexdigest(), "iot", 0),
]
cases = []
for type_, subject, sector, inserted_at in entries:
    encoded = leaf_bytes(type_, subject, sector, inserted_at)
    cases.append({"type": type_, "subject": subject, "sector": sector, "inserted_at": inserted_at,
                  "leaf_hex": encoded.hex(), "leaf_hash_hex": H(b"\x00" + encoded).hex()})
with open("log-entries.json", "w") as out:
    json.dump({"hash": "SHA3-256", "leaf_version": 1, "entries": cases}, out, indent=2)
    out.write("\n")

# The tree head of tree-head.json: size 8 over the 8 inputs above.
message = b"paramant/ct/sth/v1" + struct.pack(">QQ", 8, 1764144000000) + mth(leaves)
print("signed_message_hex", message.hex())
