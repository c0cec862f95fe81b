#!/usr/bin/env python3
"""An independent verifier of Warrant export bundles, written from docs/verification.md alone.

Python's standard library plus the `openssl` command (for Ed25519, OpenSSL 1.1.1 or later). It exists to
show the format is documented well enough to check without Warrant's code; `npx warrant verify-bundle`
does the same checks and names each problem more precisely.

    python3 docs/examples/verify_bundle.py BUNDLE [VERIFIER_KEY]
"""
import base64, hashlib, json, os, subprocess, sys, tempfile

sha256 = lambda *parts: hashlib.sha256(b"".join(parts)).digest()
leaf = lambda entry: sha256(b"\x00", entry)
node = lambda l, r: sha256(b"\x01", l, r)


def ed25519_ok(public_key: bytes, message: bytes, signature: bytes) -> bool:
    spki = bytes.fromhex("302a300506032b6570032100") + public_key  # SubjectPublicKeyInfo for Ed25519
    with tempfile.TemporaryDirectory() as d:
        for name, data in (("k", spki), ("m", message), ("s", signature)):
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        cmd = ["openssl", "pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey", f"{d}/k", "-rawin", "-in", f"{d}/m", "-sigfile", f"{d}/s"]
        return subprocess.run(cmd, capture_output=True).returncode == 0


def parse_key(verifier_key: str):
    name, key_id, material = verifier_key.split("+", 2)
    raw = base64.b64decode(material, validate=True)
    assert raw[0] == 1 and len(raw) == 33, "not an Ed25519 verifier key"
    assert sha256(name.encode() + b"\n", raw[:1], raw[1:])[:4].hex() == key_id, "key id does not match the key"
    return name, key_id, raw[1:]


def open_note(note: str, key) -> str:
    """Returns the signed body if one signature line is by `key` and verifies."""
    name, key_id, public_key = key
    split = note.rindex("\n\n")
    body, signatures = note[: split + 1], note[split + 2 : -1].split("\n")
    for line in signatures:
        signer, sig = line[2:].split(" ")  # "— <name> <base64>"
        raw = base64.b64decode(sig, validate=True)
        if signer == name and raw[:4].hex() == key_id:
            assert ed25519_ok(public_key, body.encode(), raw[4:]), f"bad signature by {name}+{key_id}"
            return body
    raise AssertionError(f"no signature by {name}+{key_id}")


def verify_inclusion(leaf_hash: bytes, index: int, size: int, path, root: bytes) -> bool:  # RFC 9162 2.1.3.2
    fn, sn, r = index, size - 1, leaf_hash
    for p in path:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = node(p, r)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(m: int, n: int, old_root: bytes, new_root: bytes, proof) -> bool:  # RFC 9162 2.1.4.2
    if m == n:
        return not proof and old_root == new_root
    if m & (m - 1) == 0:
        proof = [old_root] + proof
    fn, sn = m - 1, n - 1
    while fn % 2 == 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


def main(path: str, trusted_key: str | None) -> None:
    data = open(path, "rb").read()
    assert data.endswith(b"\n"), "the file is cut short"
    raw_lines = data[:-1].split(b"\n")
    lines = [json.loads(l) for l in raw_lines]
    header, key_line = lines[0], lines[1]
    assert header["kind"] == "header" and header["format"] == "warrant-bundle" and header["version"] == 1
    ws = header["workspace"]
    if trusted_key:
        assert key_line["verifierKey"] == trusted_key, "the bundle is not signed by the trusted key"
    key = parse_key(key_line["verifierKey"])

    # Sections: their digests and counts, then the signature over every byte before the last line.
    sections = {s: hashlib.sha256() for s in ("header", "key", "checkpoint", "consistency", "segment", "event")}
    counts = dict.fromkeys(sections, 0)
    for raw, line in zip(raw_lines[:-2], lines[:-2]):
        sections[line["kind"]].update(raw + b"\n")
        counts[line["kind"]] += 1
    manifest, signature = lines[-2], lines[-1]
    assert manifest["counts"] == counts, "line counts differ from the manifest"
    assert manifest["sha256"] == {k: h.hexdigest() for k, h in sections.items()}, "a section's digest differs"
    digest = hashlib.sha256(b"".join(l + b"\n" for l in raw_lines[:-1])).hexdigest()
    assert open_note(signature["note"], key) == f"warrant-bundle/{ws}\nsha256:{digest}\n", "the signature is for other bytes"

    # Checkpoints: signed by the key, for this workspace.
    roots = {}
    for cp in (l for l in lines if l["kind"] == "checkpoint"):
        origin, size, root = open_note(cp["note"], key).rstrip("\n").split("\n")[:3]
        assert origin == f"warrant/{ws}" and int(size) == cp["treeSize"]
        roots[cp["role"]] = (int(size), base64.b64decode(root))
    size, root = roots["covering"]
    assert size == header["checkpoint"]
    for c in (l for l in lines if l["kind"] == "consistency"):
        old_size, old_root = roots["previous"]
        assert verify_consistency(old_size, size, old_root, root, [bytes.fromhex(h) for h in c["proof"]]), "consistency proof fails"

    # Events: each record hashes to its hash; contiguous bundles chain, filtered ones prove inclusion.
    events = [l for l in lines if l["kind"] == "event"]
    previous = None
    for e in events:
        record = json.loads(e["record"])
        assert (record["workspace"], record["seq"], record["id"]) == (ws, str(e["seq"]), e["id"]), f"event {e['seq']}: misplaced record"
        h = sha256(b"warrant-leaf-v1\x00", bytes.fromhex(e["prevHash"]), e["record"].encode())
        assert h.hex() == e["hash"], f"event {e['seq']}: the record does not hash to its hash"
        assert previous is None or e["seq"] > previous["seq"], f"event {e['seq']}: out of order"
        if header["mode"] == "contiguous":
            assert previous is None or (e["seq"] == previous["seq"] + 1 and e["prevHash"] == previous["hash"]), f"event {e['seq']}: chain broken"
        else:
            p = e["proof"]
            assert verify_inclusion(leaf(h), e["seq"] - 1, size, [bytes.fromhex(x) for x in p["path"]], root), f"event {e['seq']}: not in the checkpoint"
        previous = e
    if header["mode"] == "contiguous":
        s = next(l for l in lines if l["kind"] == "segment")
        if events:
            assert events[0]["seq"] == s["firstSeq"] and events[0]["prevHash"] == s["startPrevHash"]
            assert events[-1]["seq"] == s["lastSeq"] and events[-1]["hash"] == s["endHash"]
            end = leaf(bytes.fromhex(s["endHash"]))
            assert verify_inclusion(end, s["lastSeq"] - 1, size, [bytes.fromhex(x) for x in s["proof"]["path"]], root), "segment end not in the checkpoint"
            if s["firstSeq"] == 1:
                assert s["startPrevHash"] == sha256(b"warrant-genesis-v1", ws.encode()).hex(), "chain does not start at the genesis hash"
    print(f"ok {path}: {header['mode']} bundle of {ws}, {len(events)} event(s), checkpoint {size}, key {key[0]}+{key[1]}")


if __name__ == "__main__":
    try:
        main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    except (AssertionError, KeyError, ValueError, StopIteration) as error:
        print(f"FAILED {sys.argv[1]}: {error}")
        sys.exit(1)
