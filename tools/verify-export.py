#!/usr/bin/env python3
"""Reference verifier for Deal Room exports (deal-room.export.v1), written from docs/audit-export-format.md.

Python 3.8+ standard library only, so that an auditor can check an export without Deal Room, Node.js or
anything it ships. Usage:

    python3 tools/verify-export.py EXPORT.jsonl [MORE.jsonl ...] [--receipts FILE ...] [--key KEYS.json]

Prints one sentence per stream, then the findings. Exit 0 when every stream holds, 1 when one does not,
2 when the input cannot be read.
"""
import argparse
import base64
import hashlib
import json
import re
import sys

GENESIS_HASH = "0" * 64
ROUND_CLOSED = re.compile(r"^deal-room\.RoundClosed\.v\d+$")
CLOSING_HELD = re.compile(r"^deal-room\.ClosingHeld\.v\d+$")
ANCHOR_RECORDED = "deal-room.AnchorRecorded.v1"
MAY_START_UNCHAINED = {"access-log"}

# ---------------------------------------------------------------- RFC 8785 (JCS) canonical JSON


def es_number(x):
    """A float as ECMAScript's Number.prototype.toString writes it (RFC 8785 section 3.2.2.3)."""
    if x != x or x in (float("inf"), float("-inf")):
        raise ValueError("NaN and Infinity are not JSON")
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    r = repr(abs(x))
    mantissa, _, exp = r.partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = whole + frac
    point = len(whole) + (int(exp) if exp else 0)
    while digits.startswith("0"):
        digits = digits[1:]
        point -= 1
    digits = digits.rstrip("0")
    k, n = len(digits), point
    if k <= n <= 21:
        out = digits + "0" * (n - k)
    elif 0 < n <= 21:
        out = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        out = (digits if k == 1 else digits[0] + "." + digits[1:]) + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + out


def jcs(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "0" if value == 0 else (str(int(value)) if value.is_integer() and abs(value) < 1e21 else es_number(value))
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(jcs(item) for item in value) + "]"
    if isinstance(value, dict):
        # Keys sorted by their UTF-16 code units, as RFC 8785 section 3.2.3 says.
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + jcs(value[k]) for k in keys) + "}"
    raise ValueError("not a JSON value: %r" % (value,))


def event_hash(event_type, data, metadata_without_hash):
    text = jcs({"type": event_type, "data": data, "metadata": metadata_without_hash})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- Ed25519 verification (RFC 8032)

P = 2 ** 255 - 19
L = 2 ** 252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa = (y1 - x1) * (y2 - x2) % P
    bb = (y1 + x1) * (y2 + x2) % P
    cc = 2 * D * t1 * t2 % P
    dd = 2 * z1 * z2 % P
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(scalar, point):
    result = (0, 1, 1, 0)
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _decode_point(raw):
    if len(raw) != 32:
        return None
    y = int.from_bytes(raw, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P:
        return None
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = P - x
    return (x, y, 1, x * y % P)


def _same(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


_BY = 4 * pow(5, P - 2, P) % P
BASE = _decode_point(_BY.to_bytes(32, "little"))


def ed25519_verify(public_key, message, signature):
    if len(signature) != 64:
        return False
    a = _decode_point(public_key)
    r = _decode_point(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % L
    return _same(_mul(s, BASE), _add(r, _mul(h, a)))


# ---------------------------------------------------------------- keys and signed statements (JWS)


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def thumbprint(x):
    canonical = '{"crv":"Ed25519","kty":"OKP","x":"%s"}' % x
    return base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()


def load_keys(path):
    with open(path, encoding="utf-8") as handle:
        parsed = json.load(handle)
    keys = {}
    for jwk in parsed.get("keys", [parsed]):
        if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or not isinstance(jwk.get("x"), str):
            raise ValueError("a key must be an Ed25519 JWK")
        keys[thumbprint(jwk["x"])] = b64url_decode(jwk["x"])
    return keys


def open_statement(jws, typ, keys):
    """(payload, None) when the JWS holds under a trusted key, else (None, reason)."""
    parts = jws.strip().split(".")
    if len(parts) != 3:
        return None, "is not a JWS compact serialization"
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
    except ValueError:
        return None, "does not decode to JSON"
    if header.get("alg") != "EdDSA":
        return None, "is signed with %s, not EdDSA" % header.get("alg")
    if header.get("typ") != typ:
        return None, "is a %s, not a %s" % (header.get("typ"), typ)
    key = keys.get(header.get("kid"))
    if key is None:
        return None, "is signed by key %s, which is not the deployment's" % header.get("kid")
    if not ed25519_verify(key, (parts[0] + "." + parts[1]).encode("ascii"), b64url_decode(parts[2])):
        return None, "has a signature that does not verify with the deployment's key"
    return payload, None


# ---------------------------------------------------------------- Merkle tree (RFC 9162)


def leaf_hash(leaf):
    text = jcs({"hash": leaf["hash"], "revision": leaf["revision"], "stream": leaf["stream"]})
    return hashlib.sha256(b"\x00" + text.encode("utf-8")).digest()


def _node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def _tree(hashes):
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return _node(_tree(hashes[:k]), _tree(hashes[k:]))


def inclusion_path(leaves, index):
    hashes = [leaf_hash(leaf) for leaf in leaves]
    path = []

    def walk(m, part):
        if len(part) <= 1:
            return
        k = 1
        while k * 2 < len(part):
            k *= 2
        if m < k:
            walk(m, part[:k])
            path.append(_tree(part[k:]).hex())
        else:
            walk(m - k, part[k:])
            path.append(_tree(part[:k]).hex())

    walk(index, hashes)
    return path


def root_from_proof(leaf, index, size, path):
    if not (0 <= index < size):
        return None
    fn, sn, r = index, size - 1, leaf_hash(leaf)
    for sibling in path:
        if sn == 0:
            return None
        p = bytes.fromhex(sibling)
        if fn % 2 == 1 or fn == sn:
            r = _node(p, r)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = _node(r, p)
        fn >>= 1
        sn >>= 1
    return r.hex() if sn == 0 else None


# ---------------------------------------------------------------- the verdict


def label_of(stream):
    return "History" if stream.startswith("round-") else "Access log" if stream == "access-log" else "Stream " + stream


def verify_stream(stream, events, anchors, receipts, keys):
    label = label_of(stream)
    findings = []
    previous, unchained, chained = GENESIS_HASH, 0, False
    for event in events:
        metadata = dict(event.get("metadata") or {})
        recorded = metadata.pop("hash", None)
        if not chained and stream in MAY_START_UNCHAINED and recorded is None and "prevHash" not in metadata:
            unchained += 1
            continue
        chained = True
        if not isinstance(recorded, str) or recorded != event_hash(event["type"], event["data"], metadata):
            findings.append("%s altered at revision %d: its content no longer matches its recorded hash." % (label, event["revision"]))
            break
        if metadata.get("prevHash") != previous:
            findings.append("%s altered at revision %d: it does not chain to the event before it." % (label, event["revision"]))
            break
        previous = recorded

    revisions = [event["revision"] for event in events]
    if revisions and revisions[0] != 0:
        findings.append("%s was deleted and re-created: it starts at revision %d, not 0." % (label, revisions[0]))
    missing = [(a + 1, b - 1) for a, b in zip(revisions, revisions[1:]) if b > a + 1]
    if missing:
        findings.append("%s has gaps: revisions %s missing." % (label, ", ".join("%d-%d" % span for span in missing)))

    hashes = {event["revision"]: (event.get("metadata") or {}).get("hash") for event in events}
    head = revisions[-1] if revisions else None

    def compare(revision, hash_, source):
        if head is None or revision > head:
            return "%s is cut short: %s holds revision %d, but the history ends at revision %s." % (label, source, revision, head)
        if hashes.get(revision) != hash_:
            return "%s differs from %s at revision %d." % (label, source, revision)
        return None

    matched_anchors = matched_receipts = 0
    for anchor in anchors:
        leaf = anchor["leaf"]
        if leaf["stream"] != stream:
            continue
        if keys is None:
            findings.append("An anchor was not checked: no key was given (--key).")
            continue
        payload, reason = open_statement(anchor["statement"], "deal-room-anchor+jws", keys)
        if payload is None:
            findings.append("An anchor was refused: it %s." % reason)
            continue
        proof = anchor["proof"]
        if proof["size"] != payload["size"] or root_from_proof(leaf, proof["index"], proof["size"], proof["path"]) != payload["root"]:
            findings.append("The anchor of %s does not hold this head." % payload["anchoredAt"])
            continue
        problem = compare(leaf["revision"], leaf["hash"], "the anchor of " + payload["anchoredAt"])
        if problem:
            findings.append(problem)
        else:
            matched_anchors += 1
    for receipt in receipts:
        if keys is None:
            findings.append("A receipt was not checked: no key was given (--key).")
            continue
        payload, reason = open_statement(receipt, "deal-room-receipt+jws", keys)
        if payload is None:
            findings.append("A receipt was refused: it %s." % reason)
            continue
        if payload["stream"] != stream:
            continue
        source = "the receipt of " + payload["recordedAt"]
        if payload.get("v") == 2:
            # An investor's receipt names its event by hash alone (no revision, no position).
            revision = next((r for r, h in hashes.items() if h == payload["hash"]), None)
            if revision is None:
                findings.append("%s holds no event with the hash that %s names: it was rewritten or cut short." % (label, source))
                continue
        else:
            revision = payload["revision"]
        problem = compare(revision, payload["hash"], source)
        if problem:
            findings.append(problem)
        else:
            matched_receipts += 1

    closing = next((i for i, event in enumerate(events) if ROUND_CLOSED.match(event["type"])), None)
    if closing is not None:
        seal = (events[closing].get("data") or {}).get("sealedHeadHash")
        before = (events[closing - 1].get("metadata") or {}).get("hash") if closing > 0 else None
        if seal is None or seal != before:
            findings.append("%s is closed, but its seal does not match the history before the closing." % label)

    interim = 0
    for i, event in enumerate(events):
        if not CLOSING_HELD.match(event["type"]):
            continue
        interim += 1
        data = event.get("data") or {}
        seal = data.get("sealedHeadHash")
        before = (events[i - 1].get("metadata") or {}).get("hash") if i > 0 else None
        if seal is None or seal != before:
            number = data.get("closingNumber")
            which = "Closing %d" % number if isinstance(number, int) else "A closing"
            sealed_to = "nothing" if seal is None else str(seal)[:12] + "\u2026"
            findings.append("%s: %s (revision %d) is sealed to %s, which does not match the history before it." % (label, which, event["revision"], sealed_to))

    if findings:
        return findings[0], findings
    parts = ["%d events" % len(events)]
    if interim:
        parts.append("sealed at %d interim closing%s" % (interim, "" if interim == 1 else "s"))
    if closing is not None:
        parts.append("sealed at the close")
    parts.append("matches %d anchor(s)" % matched_anchors if matched_anchors else "not yet anchored")
    if matched_receipts:
        parts.append("matches %d receipt(s)" % matched_receipts)
    return "%s intact: %s." % (label, ", ".join(parts)), []


def main(argv):
    parser = argparse.ArgumentParser(description="Verify Deal Room exports (deal-room.export.v1) without Deal Room.")
    parser.add_argument("exports", nargs="+")
    parser.add_argument("--receipts", action="append", default=[])
    parser.add_argument("--key")
    args = parser.parse_args(argv)
    try:
        keys = load_keys(args.key) if args.key else None
        streams, anchors, anchor_events = {}, [], []
        for path in args.exports:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            if text and not text.endswith("\n"):
                raise ValueError("%s: the last line does not end in a newline (a cut file?)" % path)
            for number, line in enumerate(text.splitlines(), 1):
                record = json.loads(line)
                if record.get("kind") == "event":
                    streams.setdefault(record["stream"], []).append(record)
                    if record["type"] == ANCHOR_RECORDED:
                        anchor_events.append(record)
                elif record.get("kind") == "anchor":
                    anchors.append(record)
                else:
                    raise ValueError("%s line %d is neither an event nor an anchor" % (path, number))
        for event in anchor_events:
            leaves = event["data"]["leaves"]
            for index, leaf in enumerate(leaves):
                if leaf["stream"] in streams:
                    proof = {"index": index, "size": len(leaves), "path": inclusion_path(leaves, index)}
                    anchors.append({"kind": "anchor", "statement": event["data"]["statement"], "leaf": leaf, "proof": proof})
        receipts = []
        for path in args.receipts:
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    line = line.strip()
                    if line:
                        receipts.append(json.loads(line)["receipt"] if line.startswith("{") else line)
    except (OSError, ValueError, KeyError) as error:
        print("error: %s" % error, file=sys.stderr)
        return 2
    if not streams:
        print("error: the files hold no events", file=sys.stderr)
        return 2
    intact = True
    for stream, events in streams.items():
        sentence, findings = verify_stream(stream, events, anchors, receipts, keys)
        print(sentence)
        for finding in findings[1:]:
            print("  also: " + finding)
        intact = intact and not findings
    return 0 if intact else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
