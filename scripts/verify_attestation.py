#!/usr/bin/env python3
"""Verify an auditpack packet's signature without auditpack: the DSSE envelope in
attestation.intoto.jsonl with securesystemslib, the in-toto Statement with
in-toto-attestation, and every subject's SHA-256 against the packet's files.

    python3 scripts/verify_attestation.py PACKET_FOLDER PUBLIC_KEY.pem

Prints one JSON object ({"ok": bool, "problems": [...], "subjects": N, "result": ...});
exit 0 when everything verifies, 1 otherwise.
Needs: pip install "securesystemslib[crypto]" in-toto-attestation
"""
import hashlib
import json
import os
import sys

from cryptography.hazmat.primitives.serialization import load_pem_public_key
from google.protobuf import json_format
from in_toto_attestation.v1 import statement_pb2
from in_toto_attestation.v1.statement import Statement
from securesystemslib.dsse import Envelope
from securesystemslib.signer import SSlibKey


def main(packet, pubkey):
    problems = []
    with open(pubkey, "rb") as f:
        key = SSlibKey.from_crypto(load_pem_public_key(f.read()))
    with open(os.path.join(packet, "attestation.intoto.jsonl")) as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    if len(lines) != 1:
        print(json.dumps({"ok": False, "problems": [f"attestation.intoto.jsonl holds {len(lines)} envelopes, not one"]}))
        return 1
    envelope = Envelope.from_dict(json.loads(lines[0]))
    try:
        envelope.verify([key], 1)
    except Exception as e:  # securesystemslib raises VerificationError on a bad signature
        problems.append(f"signature: {type(e).__name__}: {e}")
    if envelope.payload_type != "application/vnd.in-toto+json":
        problems.append(f"payload type {envelope.payload_type}")
    pb = json_format.Parse(envelope.payload.decode(), statement_pb2.Statement())
    Statement.copy_from_pb(pb).validate()
    listed = set()
    for s in pb.subject:
        listed.add(s.name)
        path = os.path.join(packet, s.name)
        if not os.path.isfile(path) or os.path.islink(path):
            problems.append(f"missing: {s.name}")
            continue
        with open(path, "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != s.digest["sha256"]:
                problems.append(f"altered: {s.name}")
    for top, dirs, files in os.walk(packet, followlinks=False):
        for name in dirs:
            if os.path.islink(os.path.join(top, name)):
                problems.append(f"symbolic link: {os.path.relpath(os.path.join(top, name), packet)}")
        for name in files:
            full = os.path.join(top, name)
            rel = os.path.relpath(full, packet)
            if os.path.islink(full) or not os.path.isfile(full):
                problems.append(f"not a plain file: {rel}")
            elif rel != "attestation.intoto.jsonl" and rel not in listed:
                problems.append(f"unlisted: {rel}")
    predicate = json_format.MessageToDict(pb.predicate)
    print(json.dumps({"ok": not problems, "problems": problems, "subjects": len(pb.subject),
                      "predicateType": pb.predicate_type, "result": predicate.get("result")}))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
