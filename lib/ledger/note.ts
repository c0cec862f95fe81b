// Signed checkpoints in the C2SP formats (c2sp.org/signed-note, c2sp.org/tlog-checkpoint), so the
// notes Warrant publishes can be checked by any tool of the transparency-log ecosystem, not only
// by Warrant: a body of "origin\nsize\nbase64(root)\n", a blank line, then one line per signature,
// "— <key name> base64(key id ‖ Ed25519 signature)".
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const ALG_ED25519 = 0x01;
const SIGNATURE_PREFIX = "\u2014 "; // em dash, space
const MAX_SIGNATURES = 100; // as golang.org/x/mod/sumdb/note, so a note cannot make a verifier do unbounded work
export const SIGNING_KEY_FILE = "signing-key.pem";

/** A note or verifier key that does not follow the signed-note or checkpoint grammar. */
export class NoteFormatError extends Error {
  override name = "NoteFormatError";
}

export interface NoteSignature {
  name: string;
  /** 8 lower-case hex digits. */
  keyId: string;
  signature: Buffer;
}
export interface SignedNote {
  /** The signed text, ending in a newline. */
  body: string;
  signatures: NoteSignature[];
}
export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  /** Optional lines after the root; Warrant writes none but must accept them. */
  extensions: string[];
}
export type ParsedNote = SignedNote & Checkpoint;
export type NoteVerification = ({ ok: true } & ParsedNote) | { ok: false; reason: string };

export interface NoteSigner {
  name: string;
  privateKey: KeyObject;
}
export interface SigningKey extends NoteSigner {
  publicKey: KeyObject;
  keyId: string;
  /** "name+keyid+base64(0x01 ‖ public key)": all a third party needs to check a note. */
  verifierKey: string;
}

// Standard padded base64, decoded strictly: Buffer.from(…, "base64") skips junk, which would let
// two different texts carry the same signature.
function decodeBase64(text: string, what: string): Buffer {
  const bytes = Buffer.from(text, "base64");
  if (text.length === 0 || bytes.toString("base64") !== text) throw new NoteFormatError(`${what} is not valid base64`);
  return bytes;
}

const isValidKeyName = (name: string) => name.length > 0 && !/[\s+]/u.test(name);

function checkText(text: string, what: string): void {
  // Any control character but newline is refused (a \r would make the signed bytes ambiguous).
  const bad = /[\u0000-\u0009\u000b-\u001f\u007f]/.exec(text);
  if (bad) throw new NoteFormatError(`${what} contains control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (/\p{Cs}/u.test(text)) throw new NoteFormatError(`${what} is not valid Unicode (lone surrogate)`);
  if (!text.endsWith("\n")) throw new NoteFormatError(`${what} does not end with a newline`);
}

/** The tlog-checkpoint body: origin, decimal tree size, base64 root hash, each on its own line. */
export function checkpointBody(origin: string, size: number, root: Buffer): string {
  if (origin.length === 0 || origin.includes("\n")) throw new RangeError("a checkpoint origin is one non-empty line");
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`tree size must be a non-negative safe integer, got ${size}`);
  if (root.length !== 32) throw new RangeError(`a root hash is 32 bytes, got ${root.length}`);
  return `${origin}\n${size}\n${root.toString("base64")}\n`;
}

/** The raw 32-byte Ed25519 public key. */
export function rawPublicKey(key: KeyObject): Buffer {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== "ed25519") throw new TypeError("checkpoint keys must be Ed25519");
  return Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url");
}

/** C2SP key id: the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key), as hex. */
export function keyIdFor(name: string, publicKey: Buffer): string {
  const hash = createHash("sha256").update(`${name}\n`).update(Buffer.from([ALG_ED25519])).update(publicKey);
  return hash.digest().subarray(0, 4).toString("hex");
}

export function formatVerifierKey(name: string, publicKey: KeyObject): string {
  if (!isValidKeyName(name)) throw new RangeError(`key name ${JSON.stringify(name)} must be non-empty, without spaces or "+"`);
  const raw = rawPublicKey(publicKey);
  return `${name}+${keyIdFor(name, raw)}+${Buffer.concat([Buffer.from([ALG_ED25519]), raw]).toString("base64")}`;
}

/** Reads "name+keyid+base64(0x01 ‖ key)", checking the key id matches the key. */
export function parseVerifierKey(verifierKey: string): { name: string; keyId: string; publicKey: KeyObject } {
  const [name, keyId, ...rest] = verifierKey.split("+");
  const fail = (why: string) => new NoteFormatError(`verifier key ${why}`);
  if (rest.length === 0 || !isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(keyId)) throw fail('is not "name+keyid+key"');
  const key = decodeBase64(rest.join("+"), "verifier key material");
  if (key.length !== 33 || key[0] !== ALG_ED25519) throw fail("is not an Ed25519 key (algorithm 0x01, 32 bytes)");
  if (keyIdFor(name, key.subarray(1)) !== keyId) throw fail(`id ${keyId} does not match its name and key`);
  try {
    const x = key.subarray(1).toString("base64url");
    return { name, keyId, publicKey: createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" }) };
  } catch {
    throw fail("holds bytes that are not an Ed25519 public key");
  }
}

/** Signs `body` and returns the whole note. */
export function signNote(body: string, signer: NoteSigner): string {
  checkText(body, "the note body");
  if (!isValidKeyName(signer.name)) throw new RangeError(`key name ${JSON.stringify(signer.name)} is not valid`);
  const keyId = Buffer.from(keyIdFor(signer.name, rawPublicKey(signer.privateKey)), "hex");
  const signature = sign(null, Buffer.from(body, "utf8"), signer.privateKey);
  return `${body}\n${SIGNATURE_PREFIX}${signer.name} ${Buffer.concat([keyId, signature]).toString("base64")}\n`;
}

/** Splits a C2SP signed note into its body and signature lines, without checking any signature. */
export function openSignedNote(text: string): SignedNote {
  checkText(text, "the note");
  // The signatures follow the last blank line; the body keeps its own final newline.
  const split = text.lastIndexOf("\n\n");
  if (split < 0) throw new NoteFormatError("the note has no blank line between its body and its signatures");
  const body = text.slice(0, split + 1);
  const signatureText = text.slice(split + 2, -1);
  if (signatureText.length === 0) throw new NoteFormatError("the note has no signature lines");
  const lines = signatureText.split("\n");
  if (lines.length > MAX_SIGNATURES) throw new NoteFormatError(`the note has more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line, i): NoteSignature => {
    const where = `signature line ${i + 1}`;
    if (!line.startsWith(SIGNATURE_PREFIX)) throw new NoteFormatError(`${where} does not start with an em dash and a space`);
    const parts = line.slice(SIGNATURE_PREFIX.length).split(" ");
    if (parts.length !== 2 || !isValidKeyName(parts[0])) throw new NoteFormatError(`${where} is not "— <key name> <base64>"`);
    const bytes = decodeBase64(parts[1], `the signature on ${where}`);
    if (bytes.length < 5) throw new NoteFormatError(`${where} is too short to hold a key id and a signature`);
    return { name: parts[0], keyId: bytes.subarray(0, 4).toString("hex"), signature: bytes.subarray(4) };
  });
  return { body, signatures };
}

/** Reads a tlog-checkpoint body. */
export function parseCheckpointBody(body: string): Checkpoint {
  checkText(body, "the checkpoint body");
  const [origin, size, root, ...extensions] = body.slice(0, -1).split("\n");
  if (root === undefined) throw new NoteFormatError("a checkpoint has an origin, a size and a root hash line");
  if (origin.length === 0) throw new NoteFormatError("the checkpoint origin is empty");
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new NoteFormatError(`the tree size ${JSON.stringify(size)} is not a decimal integer without leading zeros`);
  }
  const hash = decodeBase64(root, "the root hash");
  if (hash.length !== 32) throw new NoteFormatError(`the root hash is ${hash.length} bytes, not 32`);
  if (extensions.some((line) => line.length === 0)) throw new NoteFormatError("a checkpoint extension line is empty");
  return { origin, size: Number(size), root: hash, extensions };
}

export function parseNote(text: string): ParsedNote {
  const note = openSignedNote(text);
  return { ...note, ...parseCheckpointBody(note.body) };
}

type Refusal = { ok: false; reason: string };

/** Runs a check, turning a format error into a reason: a bad note is an answer, not a crash. */
function attempt<T>(check: () => T): T | Refusal {
  try {
    return check();
  } catch (error) {
    if (error instanceof NoteFormatError) return { ok: false, reason: error.message };
    throw error;
  }
}

/**
 * Checks a note carries a valid signature by `verifierKey`, returning what it says. Only the
 * signature of that key counts; others (say, witnesses' cosignatures) are left alone.
 */
export function verifySignedNote(text: string, verifierKey: string): ({ ok: true } & SignedNote) | Refusal {
  return attempt(() => {
    const key = parseVerifierKey(verifierKey);
    const note = openSignedNote(text);
    const mine = note.signatures.filter((s) => s.name === key.name && s.keyId === key.keyId);
    if (mine.length === 0) return { ok: false, reason: `no signature by key ${key.name}+${key.keyId}` };
    const body = Buffer.from(note.body, "utf8");
    const valid = (s: NoteSignature) => s.signature.length === 64 && verify(null, body, key.publicKey, s.signature);
    if (!mine.every(valid)) return { ok: false, reason: `invalid signature by key ${key.name}+${key.keyId}` };
    return { ok: true as const, ...note };
  });
}

/** verifySignedNote, then reads the body as a checkpoint. */
export function verifyNote(text: string, verifierKey: string): NoteVerification {
  return attempt(() => {
    const verified = verifySignedNote(text, verifierKey);
    return verified.ok ? { ...verified, ...parseCheckpointBody(verified.body) } : verified;
  });
}

/** An Ed25519 private key from PEM or from base64 PKCS#8 DER. */
export function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    key = trimmed.startsWith("-----BEGIN")
      ? createPrivateKey(trimmed)
      : createPrivateKey({ key: Buffer.from(trimmed, "base64"), format: "der", type: "pkcs8" });
  } catch (error) {
    throw new Error(`the signing key is neither a PEM nor a base64 PKCS#8 private key (${(error as Error).message})`);
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new Error(`the signing key must be Ed25519, got ${key.asymmetricKeyType ?? "an unknown type"}`);
  }
  return key;
}

/**
 * The checkpoint signing key: `envKey` if given, else `<dataDir>/signing-key.pem`, else a new key
 * written there (mode 0600). Never stored in the database, so whoever can rewrite the database
 * still cannot sign.
 */
export function loadOrCreateSigningKey(options: {
  envKey?: string;
  dataDir: string;
  name?: string;
  log: (message: string) => void;
}): SigningKey {
  const name = options.name ?? "warrant";
  const file = path.join(options.dataDir, SIGNING_KEY_FILE);
  const privateKey = options.envKey
    ? parsePrivateKey(options.envKey)
    : (readKeyFile(file) ?? createKeyFile(file, options.log));
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdFor(name, rawPublicKey(publicKey));
  return { name, privateKey, publicKey, keyId, verifierKey: formatVerifierKey(name, publicKey) };
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

function readKeyFile(file: string): KeyObject | undefined {
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw error;
  }
  try {
    return parsePrivateKey(pem);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

function createKeyFile(file: string, log: (message: string) => void): KeyObject {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  try {
    // "wx": if another process created the key first, use theirs rather than overwrite it.
    writeFileSync(file, pem, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if (errorCode(error) === "EEXIST") return readKeyFile(file) as KeyObject;
    throw error;
  }
  chmodSync(file, 0o600); // the mode above is filtered by the umask; be explicit
  log(`generated a new Ed25519 checkpoint signing key at ${file}; back it up, it is what proves checkpoints`);
  return privateKey;
}
