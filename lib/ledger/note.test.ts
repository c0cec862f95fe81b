import { createHash, createPrivateKey, generateKeyPairSync } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { temporaryDirectories } from "@/tests/helpers/temp-dirs";
import {
  checkpointBody,
  formatVerifierKey,
  keyIdFor,
  loadOrCreateSigningKey,
  NoteFormatError,
  openSignedNote,
  parseNote,
  parseVerifierKey,
  rawPublicKey,
  signNote,
  verifyNote,
  verifySignedNote,
} from "./note";

// golang.org/x/mod/sumdb/note note_test.go: the reference implementation's keys and notes.
// Ed25519 is deterministic, so signing the same text with the same seed must give the same bytes.
const PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

/** Go's "PRIVATE+KEY+name+id+base64(0x01 ‖ seed)" as a node KeyObject (PKCS#8 wraps the seed). */
function goSigner(skey: string) {
  const parts = skey.split("+");
  const name = parts[2];
  // The base64 part may itself contain "+".
  const seed = Buffer.from(parts.slice(4).join("+"), "base64").subarray(1);
  const pkcs8 = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
  return { name, privateKey: createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }) };
}

describe("golang.org/x/mod/sumdb/note vectors", () => {
  const peter = goSigner(PETER_SKEY);

  it("derives the published key id and verifier key from the private key", () => {
    expect(keyIdFor("PeterNeumann", rawPublicKey(peter.privateKey))).toBe("c74f20a3");
    expect(formatVerifierKey("PeterNeumann", peter.privateKey)).toBe(PETER_VKEY);
    expect(parseVerifierKey(ENOCH_VKEY).keyId).toBe("af0cfe78");
  });

  it("signs the text into the exact published note", () => {
    expect(signNote(GO_TEXT, peter)).toBe(`${GO_TEXT}\n${PETER_SIG}`);
  });

  it("verifies the published notes, each signature by its own key", () => {
    const both = `${GO_TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    for (const vkey of [PETER_VKEY, ENOCH_VKEY]) {
      const result = verifySignedNote(both, vkey);
      expect(result).toMatchObject({ ok: true, body: GO_TEXT });
    }
    expect(openSignedNote(both).signatures.map((s) => [s.name, s.keyId])).toEqual([
      ["PeterNeumann", "c74f20a3"],
      ["EnochRoot", "af0cfe78"],
    ]);
  });

  it("rejects the mangled signature from the Go tests", () => {
    const bad = `${GO_TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(verifySignedNote(bad, PETER_VKEY)).toEqual({ ok: false, reason: "invalid signature by key PeterNeumann+c74f20a3" });
  });

  it("rejects every malformed message from the Go tests", () => {
    const bad = [
      GO_TEXT,
      `${GO_TEXT}\n`,
      `${GO_TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\x01${GO_TEXT}\n${PETER_SIG}`,
      `\ud800${GO_TEXT}\n${PETER_SIG}`, // Go's "\xff": not valid UTF-8 / Unicode
      `${GO_TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${GO_TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${GO_TEXT}\n${PETER_SIG.repeat(101)}`,
    ];
    for (const text of bad) expect(() => openSignedNote(text)).toThrow(NoteFormatError);
  });

  it("rejects the mangled verifier keys from the Go tests", () => {
    const bytes = [...PETER_VKEY];
    for (let i = 0; i < bytes.length; i++) {
      for (let j = i + 1; j <= bytes.length; j++) {
        if (i === 0 && j === bytes.length) continue;
        expect(() => parseVerifierKey(PETER_VKEY.slice(i, j))).toThrow(NoteFormatError);
      }
      const changed = bytes.map((c, k) => (k === i ? String.fromCharCode(c.charCodeAt(0) + 1) : c)).join("");
      expect(() => parseVerifierKey(changed)).toThrow(NoteFormatError);
    }
    // Go rejects this one for its length; its last base64 group also has stray bits, which we refuse first.
    expect(() => parseVerifierKey("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")).toThrow(/not valid base64/);
    expect(() => parseVerifierKey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")).toThrow(/not an Ed25519 key/);
  });
});

describe("checkpoint notes", () => {
  const key = { name: "warrant", ...generateKeyPairSync("ed25519") };
  const verifierKey = formatVerifierKey(key.name, key.publicKey);
  const root = createHash("sha256").update("root").digest();
  const body = checkpointBody("warrant/ws_1", 42, root);
  const note = signNote(body, key);

  it("writes the tlog-checkpoint body and an em-dash signature line", () => {
    expect(body).toBe(`warrant/ws_1\n42\n${root.toString("base64")}\n`);
    const keyId = verifierKey.split("+")[1];
    const blob = Buffer.from(note.split("\n").at(-2)!.split(" ")[2], "base64");
    expect(note.startsWith(`${body}\n\u2014 warrant `)).toBe(true);
    expect(blob.subarray(0, 4).toString("hex")).toBe(keyId);
    expect(blob).toHaveLength(68);
  });

  it("round-trips: what is signed is what verifies and parses", () => {
    const result = verifyNote(note, verifierKey);
    expect(result).toMatchObject({ ok: true, body, origin: "warrant/ws_1", size: 42, extensions: [] });
    expect(result.ok && result.root.equals(root)).toBe(true);
    expect(parseNote(note)).toMatchObject({ origin: "warrant/ws_1", size: 42, signatures: [{ name: "warrant" }] });
  });

  it("fails when any byte of the body changes", () => {
    for (let i = 0; i < body.length - 1; i++) {
      const changed = note.slice(0, i) + (note[i] === "A" ? "B" : "A") + note.slice(i + 1);
      expect(verifyNote(changed, verifierKey).ok).toBe(false);
    }
    expect(verifyNote(note.replace("\n42\n", "\n43\n"), verifierKey)).toEqual({ ok: false, reason: "invalid signature by key " + verifierKey.split("+", 2).join("+") });
  });

  it("fails when any byte of the signature changes", () => {
    const line = note.split("\n").at(-2)!;
    const blob = Buffer.from(line.split(" ")[2], "base64");
    for (let i = 4; i < blob.length; i++) {
      const bad = Buffer.from(blob);
      bad[i] ^= 0x01;
      const text = note.replace(line, `\u2014 warrant ${bad.toString("base64")}`);
      expect(verifyNote(text, verifierKey)).toMatchObject({ ok: false, reason: expect.stringMatching(/^invalid signature/) });
    }
  });

  it("fails for a different key, even one with the same name", () => {
    const other = formatVerifierKey("warrant", generateKeyPairSync("ed25519").publicKey);
    expect(verifyNote(note, other)).toMatchObject({ ok: false, reason: expect.stringMatching(/^no signature by key warrant\+/) });
    const renamed = formatVerifierKey("someone-else", key.publicKey);
    expect(verifyNote(note, renamed).ok).toBe(false);
  });

  it("accepts extension lines and other parties' cosignatures", () => {
    const witness = { name: "witness.example", ...generateKeyPairSync("ed25519") };
    const extended = signNote(`${body}extra data\n`, key);
    const cosigned = extended + signNote(`${body}extra data\n`, witness).split("\n\n")[1];
    expect(verifyNote(cosigned, verifierKey)).toMatchObject({ ok: true, extensions: ["extra data"] });
    expect(verifyNote(cosigned, formatVerifierKey(witness.name, witness.publicKey)).ok).toBe(true);
  });

  it.each([
    ["no blank line", "a\nb\n", /no blank line between its body and its signatures/],
    ["no signatures", `${body}\n\n`, /the note has no signature lines/],
    ["a missing final newline", note.slice(0, -1), /does not end with a newline/],
    ["a carriage return", note.replace("\n42", "\r\n42"), /control character U\+000d/],
    ["a hyphen instead of the em dash", note.replace("\u2014", "-"), /signature line 1 does not start with an em dash/],
    ["a key name with a space", note.replace("\u2014 warrant ", "\u2014 war rant "), /signature line 1 is not "— <key name> <base64>"/],
    ["bad base64", note.replace(/ (\S+)\n$/, " ***\n"), /the signature on signature line 1 is not valid base64/],
    ["a too-short signature", note.replace(/ (\S+)\n$/, " AAAA\n"), /too short to hold a key id/],
    ["a size with a leading zero", signNote("o\n042\nAAAA\n", key), /tree size "042" is not a decimal integer/],
    ["a negative size", signNote("o\n-1\nAAAA\n", key), /tree size "-1"/],
    ["a 31-byte root", signNote(`o\n1\n${Buffer.alloc(31).toString("base64")}\n`, key), /root hash is 31 bytes, not 32/],
    ["no root line", signNote("o\n1\n", key), /an origin, a size and a root hash line/],
    ["an empty origin", signNote(`\n1\n${root.toString("base64")}\n`, key), /origin is empty/],
    ["an empty extension line", signNote(`o\n1\n${root.toString("base64")}\nx\n\n`, key), /a checkpoint extension line is empty/],
  ])("refuses a note with %s, saying why", (_what, text, message) => {
    expect(() => parseNote(text)).toThrow(message);
    expect(verifyNote(text, verifierKey)).toMatchObject({ ok: false, reason: expect.stringMatching(message) });
  });

  it("refuses to build a checkpoint it could not parse back", () => {
    expect(() => checkpointBody("two\nlines", 1, root)).toThrow(/one non-empty line/);
    expect(() => checkpointBody("o", -1, root)).toThrow(/non-negative safe integer/);
    expect(() => checkpointBody("o", 1, Buffer.alloc(3))).toThrow(/32 bytes/);
    expect(() => signNote("no newline", key)).toThrow(/does not end with a newline/);
  });
});

describe("loadOrCreateSigningKey", () => {
  const dirs = temporaryDirectories("warrant-key-");
  const tempDir = dirs.make;
  afterEach(dirs.removeAll);

  it("generates a key once, writes it with mode 0600, says so, and reuses it", () => {
    const dataDir = path.join(tempDir(), "nested", "data");
    const log = vi.fn();
    const first = loadOrCreateSigningKey({ dataDir, log });
    const file = path.join(dataDir, "signing-key.pem");
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toBe(
      `generated a new Ed25519 checkpoint signing key at ${file}; back it up, it is what proves checkpoints`,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.name).toBe("warrant");
    expect(first.verifierKey).toBe(`warrant+${first.keyId}+${Buffer.concat([Buffer.from([1]), rawPublicKey(first.publicKey)]).toString("base64")}`);

    const second = loadOrCreateSigningKey({ dataDir, log });
    expect(log).toHaveBeenCalledTimes(1);
    expect(second.verifierKey).toBe(first.verifierKey);
    const note = signNote(checkpointBody("o", 1, Buffer.alloc(32)), second);
    expect(verifyNote(note, first.verifierKey).ok).toBe(true);
  });

  it("uses the configured key name in the key id", () => {
    const dataDir = tempDir();
    const a = loadOrCreateSigningKey({ dataDir, log: () => {}, name: "acme.example/warrant" });
    expect(a.verifierKey.startsWith(`acme.example/warrant+${a.keyId}+`)).toBe(true);
    expect(parseVerifierKey(a.verifierKey).keyId).toBe(a.keyId);
  });

  it("prefers a key from the environment, as PEM or base64 PKCS#8, and writes no file", () => {
    const dataDir = tempDir();
    const { privateKey } = generateKeyPairSync("ed25519");
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const der = (privateKey.export({ type: "pkcs8", format: "der" }) as Buffer).toString("base64");
    const log = vi.fn();
    const fromPem = loadOrCreateSigningKey({ envKey: pem, dataDir, log });
    const fromDer = loadOrCreateSigningKey({ envKey: der, dataDir, log });
    expect(fromDer.verifierKey).toBe(fromPem.verifierKey);
    expect(fromPem.verifierKey).toBe(formatVerifierKey("warrant", privateKey));
    expect(existsSync(path.join(dataDir, "signing-key.pem"))).toBe(false);
    expect(log).not.toHaveBeenCalled();
  });

  it("refuses a key that is not Ed25519 or not a key at all", () => {
    const dataDir = tempDir();
    const x25519 = generateKeyPairSync("x25519").privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    expect(() => loadOrCreateSigningKey({ envKey: x25519, dataDir, log: () => {} })).toThrow(/must be Ed25519, got x25519/);
    expect(() => loadOrCreateSigningKey({ envKey: "not a key", dataDir, log: () => {} })).toThrow(/neither a PEM nor a base64 PKCS#8/);
    writeFileSync(path.join(dataDir, "signing-key.pem"), "garbage");
    expect(() => loadOrCreateSigningKey({ dataDir, log: () => {} })).toThrow(/signing-key\.pem: the signing key is neither/);
    expect(readFileSync(path.join(dataDir, "signing-key.pem"), "utf8")).toBe("garbage");
  });
});
