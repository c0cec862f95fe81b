// The offline verifier of export bundles: no database, no network, no clock. Fed one line at a time
// (constant memory), it checks everything docs/verification.md lists and names each problem by line,
// event seq and check. `npx warrant verify-bundle FILE` is a thin shell around it.
import { createHash, type Hash } from "node:crypto";
import { entryHash, genesisHash } from "@/lib/ledger/chain";
import { checkpointOrigin } from "@/lib/ledger/context";
import { leafHash, verifyConsistency, verifyInclusion } from "@/lib/ledger/merkle";
import { parseVerifierKey, verifyNote, verifySignedNote } from "@/lib/ledger/note";
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  type BundleMode,
  type InclusionProofJson,
  SECTIONS,
  type Section,
  signatureBody,
} from "./bundle-format";
import { type ExportFilter, eventMatches, exportFilterSchema } from "./query";
import type { BundleCheck, BundleProblem, BundleReport, VerifyBundleOptions } from "./verify-bundle-report";

export { type BundleCheck, type BundleProblem, type BundleReport, formatReport, type VerifyBundleOptions } from "./verify-bundle-report";

const HEX64 = /^[0-9a-f]{64}$/;
const isSeq = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const isHexList = (a: unknown): a is string[] => Array.isArray(a) && a.every((h) => typeof h === "string" && HEX64.test(h));
const fromHex = (h: string) => Buffer.from(h, "hex");

type Json = Record<string, unknown>;

interface Known {
  treeSize: number;
  root: Buffer;
  note: string;
}

export class BundleVerifier {
  private readonly problems: BundleProblem[] = [];
  private more = 0;
  private readonly warnings: string[] = [];
  private readonly maxProblems: number;
  private lineNo = 0;
  private section = -1; // index into SECTIONS of the last section seen
  private readonly digests = new Map<Section, Hash>(SECTIONS.map((s) => [s, createHash("sha256")]));
  private readonly counts = Object.fromEntries(SECTIONS.map((s) => [s, 0])) as Record<Section, number>;
  private readonly all = createHash("sha256");
  private workspace: string | null = null;
  private mode: BundleMode | null = null;
  private filter: ExportFilter = {};
  private headerCheckpoint = 0;
  private key: BundleReport["key"] = null;
  private covering: Known | null = null;
  private previous: Known | null = null;
  private consistencyChecked = false;
  private segment: { firstSeq: number; lastSeq: number; startPrevHash: string | null; endHash: string | null } | null = null;
  private events = 0;
  private firstSeq: number | null = null;
  private last: { seq: number; hash: string } | null = null;
  private manifestSeen = false;
  private digestBeforeSignature: string | null = null;
  private signatureSeen = false;

  constructor(private readonly options: VerifyBundleOptions = {}) {
    this.maxProblems = options.maxProblems ?? 50;
  }

  private problem(check: BundleCheck, message: string, seq?: number) {
    if (this.problems.length >= this.maxProblems) {
      this.more += 1;
      return;
    }
    this.problems.push({ check, line: this.lineNo || undefined, ...(seq !== undefined ? { seq } : {}), message });
  }

  private where(seq?: number) {
    return seq === undefined ? `line ${this.lineNo}` : `event seq ${seq} (line ${this.lineNo})`;
  }

  /** One line of the file, without its "\n". */
  line(raw: Buffer | string): void {
    this.lineNo += 1;
    const bytes = typeof raw === "string" ? Buffer.from(raw, "utf8") : raw;
    const text = bytes.toString("utf8");
    let value: Json;
    try {
      value = JSON.parse(text) as Json;
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
    } catch {
      this.hashLine(bytes, null);
      // Name the event if its seq is still legible.
      const legible = /^\{"kind":"event","seq":(\d+),/.exec(text);
      const seq = legible ? Number(legible[1]) : undefined;
      this.problem("format", `${this.where(seq)} is not a JSON object${text.length === 0 ? " (an empty line)" : ""}`, seq);
      return;
    }
    const kind = value.kind;
    const seq = kind === "event" && isSeq(value.seq) ? value.seq : undefined;
    if (JSON.stringify(value) !== text) {
      this.problem("format", `${this.where(seq)} is not byte-for-byte what the writer produces (a character was changed, re-escaped or added)`, seq);
    }
    if (this.signatureSeen) {
      this.problem("order", `line ${this.lineNo} follows the signature line, which must be last`);
      return;
    }
    if (kind === "signature") {
      this.digestBeforeSignature = this.all.copy().digest("hex");
      this.signatureSeen = true;
      this.onSignature(value);
      return;
    }
    this.hashLine(bytes, typeof kind === "string" && (SECTIONS as readonly string[]).includes(kind) ? (kind as Section) : null);
    if (kind === "manifest") return this.onManifest(value);
    if (typeof kind !== "string" || !(SECTIONS as readonly string[]).includes(kind)) {
      this.problem("format", `line ${this.lineNo} has an unknown kind ${JSON.stringify(kind)}`);
      return;
    }
    const index = SECTIONS.indexOf(kind as Section);
    if (this.manifestSeen || index < this.section) {
      this.problem("order", `${this.where(seq)}: a ${kind} line cannot come after the ${this.manifestSeen ? "manifest" : `${SECTIONS[this.section]} section`}`, seq);
    }
    if (this.lineNo === 1 && kind !== "header") this.problem("header", `line 1 is a ${kind} line; a bundle starts with its header`);
    this.section = Math.max(this.section, index);
    switch (kind as Section) {
      case "header":
        return this.onHeader(value);
      case "key":
        return this.onKey(value);
      case "checkpoint":
        return this.onCheckpoint(value);
      case "consistency":
        return this.onConsistency(value);
      case "segment":
        return this.onSegment(value);
      case "event":
        return this.onEvent(value);
    }
  }

  private hashLine(bytes: Buffer, section: Section | null) {
    const withNewline = Buffer.concat([bytes, Buffer.from("\n")]);
    if (section) {
      this.digests.get(section)!.update(withNewline);
      this.counts[section] += 1;
    }
    if (!this.signatureSeen) this.all.update(withNewline);
  }

  private onHeader(h: Json) {
    if (this.workspace !== null) return this.problem("header", `line ${this.lineNo}: a second header`);
    if (this.lineNo !== 1) this.problem("header", `the header is on line ${this.lineNo}, not line 1`);
    if (h.format !== BUNDLE_FORMAT || h.version !== BUNDLE_VERSION) {
      return this.problem("header", `line 1: not a ${BUNDLE_FORMAT} version ${BUNDLE_VERSION} file (format ${JSON.stringify(h.format)}, version ${JSON.stringify(h.version)})`);
    }
    if (typeof h.workspace !== "string" || h.workspace.length === 0) return this.problem("header", "line 1: the header names no workspace");
    this.workspace = h.workspace;
    if (h.mode !== "contiguous" && h.mode !== "filtered") this.problem("header", `line 1: unknown mode ${JSON.stringify(h.mode)}`);
    else this.mode = h.mode;
    const filter = exportFilterSchema.safeParse(h.filter);
    if (!filter.success) this.problem("header", `line 1: the filter is not valid (${filter.error.issues[0]?.message})`);
    else this.filter = filter.data;
    if (this.mode === "contiguous" && Object.keys(this.filter).some((k) => k !== "fromSeq" && k !== "toSeq")) {
      this.problem("header", "line 1: a contiguous bundle can only be bounded by seq");
    }
    if (!isSeq(h.checkpoint)) this.problem("header", "line 1: the header's checkpoint is not a tree size");
    else this.headerCheckpoint = h.checkpoint;
  }

  private onKey(k: Json) {
    if (this.key) return this.problem("key", `line ${this.lineNo}: a second key`);
    if (typeof k.verifierKey !== "string") return this.problem("format", `line ${this.lineNo}: the key line has no verifierKey`);
    try {
      const parsed = parseVerifierKey(k.verifierKey);
      if (parsed.name !== k.name || parsed.keyId !== k.keyId) {
        this.problem("key", `line ${this.lineNo}: the key's name and id (${String(k.name)}, ${String(k.keyId)}) do not match the verifier key (${parsed.name}, ${parsed.keyId})`);
      }
      const trusted = this.options.trustedKey !== undefined && this.options.trustedKey.trim() === k.verifierKey;
      if (this.options.trustedKey !== undefined && !trusted) {
        let expected = "the key you gave";
        try {
          const t = parseVerifierKey(this.options.trustedKey.trim());
          expected = `${t.name}+${t.keyId}`;
        } catch {}
        this.problem("key", `line ${this.lineNo}: the bundle is signed by key ${parsed.name}+${parsed.keyId}, not by the trusted key ${expected}`);
      }
      this.key = { name: parsed.name, keyId: parsed.keyId, verifierKey: k.verifierKey, trusted };
    } catch (error) {
      this.problem("key", `line ${this.lineNo}: ${(error as Error).message}`);
    }
  }

  private onCheckpoint(c: Json) {
    const role = c.role;
    if (role !== "covering" && role !== "previous") return this.problem("format", `line ${this.lineNo}: checkpoint role ${JSON.stringify(role)} is neither covering nor previous`);
    if ((role === "covering" && this.covering) || (role === "previous" && this.previous)) return this.problem("checkpoint", `line ${this.lineNo}: a second ${role} checkpoint`);
    if (!isSeq(c.treeSize) || typeof c.note !== "string") return this.problem("format", `line ${this.lineNo}: a checkpoint line needs treeSize and note`);
    if (!this.key) return this.problem("checkpoint", `line ${this.lineNo}: the ${role} checkpoint at size ${c.treeSize} cannot be checked: no valid key line before it`);
    const verified = verifyNote(c.note, this.key.verifierKey);
    if (!verified.ok) return this.problem("checkpoint", `line ${this.lineNo}: the ${role} checkpoint at size ${c.treeSize}: ${verified.reason}`);
    if (this.workspace !== null && verified.origin !== checkpointOrigin(this.workspace)) {
      return this.problem("checkpoint", `line ${this.lineNo}: the ${role} checkpoint is for ${verified.origin}, not ${checkpointOrigin(this.workspace)}`);
    }
    if (verified.size !== c.treeSize) return this.problem("checkpoint", `line ${this.lineNo}: the line says size ${c.treeSize} but the signed note says ${verified.size}`);
    const known = { treeSize: verified.size, root: verified.root, note: c.note };
    if (role === "covering") {
      this.covering = known;
      if (verified.size !== this.headerCheckpoint) this.problem("checkpoint", `line ${this.lineNo}: the header names checkpoint ${this.headerCheckpoint}, the covering checkpoint is ${verified.size}`);
    } else {
      this.previous = known;
    }
  }

  private onConsistency(c: Json) {
    if (this.consistencyChecked) return this.problem("consistency", `line ${this.lineNo}: a second consistency proof`);
    this.consistencyChecked = true;
    if (!isSeq(c.from) || !isSeq(c.to) || !isHexList(c.proof)) return this.problem("format", `line ${this.lineNo}: a consistency line needs from, to and a list of hex hashes`);
    if (!this.previous || !this.covering) return this.problem("consistency", `line ${this.lineNo}: a consistency proof needs a previous and a covering checkpoint before it`);
    if (c.from !== this.previous.treeSize || c.to !== this.covering.treeSize) {
      return this.problem("consistency", `line ${this.lineNo}: the proof is from ${c.from} to ${c.to}, the checkpoints are ${this.previous.treeSize} and ${this.covering.treeSize}`);
    }
    if (!verifyConsistency(c.from, c.to, this.previous.root, this.covering.root, c.proof.map(fromHex))) {
      this.problem("consistency", `line ${this.lineNo}: the checkpoint at size ${c.to} is not proven to extend the one at size ${c.from} (the consistency proof fails)`);
    }
  }

  private onSegment(s: Json) {
    if (this.segment) return this.problem("segment", `line ${this.lineNo}: a second segment`);
    if (this.mode !== "contiguous") return this.problem("segment", `line ${this.lineNo}: a segment line in a ${String(this.mode)} bundle`);
    if (!isSeq(s.firstSeq) || !isSeq(s.lastSeq) || s.firstSeq < 1 || s.lastSeq < s.firstSeq - 1) {
      return this.problem("format", `line ${this.lineNo}: the segment needs firstSeq ≥ 1 and lastSeq ≥ firstSeq − 1`);
    }
    const empty = s.lastSeq === s.firstSeq - 1;
    const hashOrNull = (h: unknown) => (typeof h === "string" && HEX64.test(h) ? h : null);
    this.segment = { firstSeq: s.firstSeq, lastSeq: s.lastSeq, startPrevHash: hashOrNull(s.startPrevHash), endHash: hashOrNull(s.endHash) };
    if (empty) return;
    if (!this.segment.startPrevHash || !this.segment.endHash) return this.problem("segment", `line ${this.lineNo}: the segment's startPrevHash or endHash is missing`);
    if (s.firstSeq === 1 && this.workspace && this.segment.startPrevHash !== genesisHash(this.workspace).toString("hex")) {
      this.problem("segment", `line ${this.lineNo}: the segment starts at entry 1 but startPrevHash is not the genesis hash of ${this.workspace}`);
    }
    if (!this.covering) return this.problem("segment", `line ${this.lineNo}: no covering checkpoint to prove the segment against`);
    const proof = s.proof as InclusionProofJson | null;
    if (!proof || proof.treeSize !== this.covering.treeSize || proof.leafIndex !== s.lastSeq - 1 || !isHexList(proof.path)) {
      return this.problem("segment", `line ${this.lineNo}: the segment's proof is not for entry ${s.lastSeq} in the checkpoint at size ${this.covering.treeSize}`);
    }
    if (!verifyInclusion(leafHash(fromHex(this.segment.endHash)), s.lastSeq - 1, this.covering.treeSize, proof.path.map(fromHex), this.covering.root)) {
      this.problem("segment", `line ${this.lineNo}: endHash is not entry ${s.lastSeq} of the signed checkpoint at size ${this.covering.treeSize} (its inclusion proof fails)`);
    }
  }

  private onEvent(e: Json) {
    if (!isSeq(e.seq) || e.seq < 1 || !isSeq(e.after) || typeof e.id !== "string" || typeof e.record !== "string" || typeof e.hash !== "string" || typeof e.prevHash !== "string" || !HEX64.test(e.hash) || !HEX64.test(e.prevHash)) {
      return this.problem("format", `line ${this.lineNo}: an event line needs seq, after, id, hash and prevHash (64 hex digits) and record`, isSeq(e.seq) ? e.seq : undefined);
    }
    const seq = e.seq;
    const at = this.where(seq);
    this.events += 1;
    this.firstSeq ??= seq;
    const before = this.last;
    this.last = { seq, hash: e.hash };

    // Sequence: strictly increasing, each line naming the one before it.
    if (before && seq <= before.seq) this.problem("sequence", `${at} comes after seq ${before.seq}: events are out of order or repeated`, seq);
    else if (e.after !== (before?.seq ?? 0)) {
      this.problem(
        "sequence",
        before && e.after > before.seq
          ? `${at} follows event seq ${e.after}, which is missing from the bundle (the previous line is seq ${before.seq})`
          : `${at} says it follows seq ${e.after}, but the previous event line is ${before ? `seq ${before.seq}` : "none"}`,
        seq,
      );
    }

    // The record: the entry it claims to be, and its hash.
    let record: Json;
    try {
      record = JSON.parse(e.record) as Json;
    } catch {
      return this.problem("record", `${at}: the record is not valid JSON`, seq);
    }
    if (record.workspace !== this.workspace || record.seq !== String(seq) || record.id !== e.id || record.v !== 1) {
      this.problem("record", `${at}: the record is ${String(record.workspace)} #${String(record.seq)} (${String(record.id)}), not ${this.workspace} #${seq} (${e.id})`, seq);
    }
    if (!entryHash(fromHex(e.prevHash), e.record).equals(fromHex(e.hash))) {
      this.problem("hash", `${at}: SHA-256 of prevHash and record is not its hash (the record, hash or prevHash was changed)`, seq);
    }
    const mismatch = typeof record.event === "object" && record.event !== null ? eventMatches(this.filter, seq, record.event as Json) : "the record has no event";
    if (mismatch) this.problem("filter", `${at}: does not match the bundle's filter (${mismatch})`, seq);

    if (this.mode === "contiguous") this.checkChained(e, seq, before);
    else this.checkIncluded(e, seq);
  }

  private checkChained(e: Json, seq: number, before: { seq: number; hash: string } | null) {
    const at = this.where(seq);
    if (!this.segment) return this.problem("segment", `${at}: a contiguous bundle needs a segment line before its events`, seq);
    if (!before) {
      if (seq !== this.segment.firstSeq) this.problem("sequence", `${at}: the segment starts at seq ${this.segment.firstSeq}, so entries ${this.segment.firstSeq}–${seq - 1} are missing`, seq);
      if (e.prevHash !== this.segment.startPrevHash) this.problem("link", `${at}: prevHash is not the segment's startPrevHash`, seq);
      return;
    }
    if (seq > before.seq + 1) this.problem("sequence", `${at}: entr${seq - before.seq > 2 ? `ies ${before.seq + 1}–${seq - 1} are` : `y ${before.seq + 1} is`} missing`, seq);
    else if (seq === before.seq + 1 && e.prevHash !== before.hash) this.problem("link", `${at}: prevHash is not the hash of event seq ${before.seq}`, seq);
  }

  private checkIncluded(e: Json, seq: number) {
    const at = this.where(seq);
    if (!this.covering) return this.problem("inclusion", `${at}: no covering checkpoint to prove the event against`, seq);
    const proof = e.proof as InclusionProofJson | undefined;
    if (!proof || !isHexList(proof.path)) return this.problem("inclusion", `${at}: the event has no inclusion proof`, seq);
    if (proof.treeSize !== this.covering.treeSize || proof.leafIndex !== seq - 1) {
      return this.problem("inclusion", `${at}: the proof is for leaf ${String(proof.leafIndex)} of a tree of ${String(proof.treeSize)}, not leaf ${seq - 1} of ${this.covering.treeSize}`, seq);
    }
    if (!verifyInclusion(leafHash(fromHex(e.hash as string)), seq - 1, this.covering.treeSize, proof.path.map(fromHex), this.covering.root)) {
      this.problem("inclusion", `${at}: its inclusion proof does not lead to the root of the signed checkpoint at size ${this.covering.treeSize}`, seq);
    }
  }

  private onManifest(m: Json) {
    if (this.manifestSeen) return this.problem("manifest", `line ${this.lineNo}: a second manifest`);
    this.manifestSeen = true;
    const counts = (m.counts ?? {}) as Record<string, unknown>;
    const sha256 = (m.sha256 ?? {}) as Record<string, unknown>;
    for (const section of SECTIONS) {
      if (counts[section] !== this.counts[section]) {
        this.problem("manifest", `line ${this.lineNo}: the manifest counts ${String(counts[section])} ${section} line(s), the bundle has ${this.counts[section]}`);
      }
      const digest = this.digests.get(section)!.copy().digest("hex");
      if (sha256[section] !== digest) this.problem("manifest", `line ${this.lineNo}: the SHA-256 of the ${section} section is ${digest}, the manifest says ${String(sha256[section])}`);
    }
  }

  private onSignature(s: Json) {
    if (!this.manifestSeen) this.problem("order", `line ${this.lineNo}: the signature comes before the manifest`);
    const digest = this.digestBeforeSignature!;
    if (s.sha256 !== digest) this.problem("signature", `line ${this.lineNo}: the SHA-256 of lines 1–${this.lineNo - 1} is ${digest}, the signature line says ${String(s.sha256)}`);
    if (typeof s.note !== "string" || !this.key || !this.workspace) return this.problem("signature", `line ${this.lineNo}: cannot check the signature (no note, key or workspace)`);
    const verified = verifySignedNote(s.note, this.key.verifierKey);
    if (!verified.ok) return this.problem("signature", `line ${this.lineNo}: ${verified.reason}`);
    if (verified.body !== signatureBody(this.workspace, digest)) {
      this.problem("signature", `line ${this.lineNo}: the signed note is for other bytes than these lines 1–${this.lineNo - 1}`);
    }
  }

  /** Call after the last line. */
  finish(): BundleReport {
    this.lineNo = 0;
    if (this.workspace === null && this.problems.length === 0) this.problem("header", "the file has no header line");
    if (!this.manifestSeen) this.problem("truncated", "the bundle ends without its manifest: it was cut short or its last lines removed");
    else if (!this.signatureSeen) this.problem("truncated", "the bundle ends without its signature line");
    if (!this.key) this.problem("key", "the bundle has no valid key line");
    if (this.events > 0 && !this.covering) this.problem("checkpoint", "the bundle has events but no covering checkpoint");
    if (this.mode === "contiguous" && this.segment) {
      const expected = this.segment.lastSeq - this.segment.firstSeq + 1;
      if (this.last && this.last.seq < this.segment.lastSeq) {
        this.problem("sequence", `the segment ends at seq ${this.segment.lastSeq} but the last event is seq ${this.last.seq}: entries ${this.last.seq + 1}–${this.segment.lastSeq} are missing`);
      } else if (this.last && this.last.seq === this.segment.lastSeq && this.last.hash !== this.segment.endHash) {
        this.problem("segment", `the last event's hash is not the segment's endHash`);
      } else if (!this.last && expected > 0) {
        this.problem("sequence", `the segment holds ${expected} entries but the bundle has no events`);
      }
    } else if (this.mode === "contiguous" && !this.segment) {
      this.problem("segment", "a contiguous bundle needs a segment line");
    }
    const prev = this.options.previous;
    if (prev && this.covering) {
      const same = prev.treeSize === this.covering.treeSize && prev.rootHash === this.covering.root.toString("hex");
      const extended = this.previous && this.consistencyChecked && this.previous.treeSize === prev.treeSize && this.previous.root.toString("hex") === prev.rootHash;
      if (!same && !extended) {
        this.problem("consistency", `the bundle does not prove that its checkpoint (size ${this.covering.treeSize}) extends the previous bundle's (size ${prev.treeSize})`);
      }
    }
    if (this.previous && !this.consistencyChecked) this.problem("consistency", "the bundle has a previous checkpoint but no consistency proof");
    if (this.key && !this.key.trusted) {
      this.warnings.push(`the key ${this.key.name}+${this.key.keyId} was taken from the bundle itself; compare it with the one published at /api/v1/ledger/public-key (or pass it with --key)`);
    }
    if (this.mode === "filtered") this.warnings.push("a filtered bundle proves each event it holds is in the ledger; it cannot prove no other event matched the filter");
    return {
      ok: this.problems.length === 0,
      problems: this.problems,
      moreProblems: this.more,
      warnings: this.warnings,
      workspace: this.workspace,
      mode: this.mode,
      events: this.events,
      firstSeq: this.firstSeq,
      lastSeq: this.last?.seq ?? null,
      checkpoint: this.covering && { treeSize: this.covering.treeSize, rootHash: this.covering.root.toString("hex") },
      previousCheckpoint: this.previous && { treeSize: this.previous.treeSize, rootHash: this.previous.root.toString("hex") },
      key: this.key,
    };
  }
}

/** Splits a bundle into lines: every line ends in "\n"; a missing final newline is a cut-short file. */
export function* bundleLines(bytes: Buffer): Generator<Buffer> {
  let start = 0;
  for (let end = bytes.indexOf(10, start); end !== -1; end = bytes.indexOf(10, start)) {
    yield bytes.subarray(start, end);
    start = end + 1;
  }
  if (start < bytes.length) yield bytes.subarray(start);
}

/** Verifies a whole bundle held in memory (tests, small files); the CLI streams instead. */
export function verifyBundle(bytes: Buffer | string, options: VerifyBundleOptions = {}): BundleReport {
  const verifier = new BundleVerifier(options);
  for (const line of bundleLines(typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes)) verifier.line(line);
  return verifier.finish();
}
