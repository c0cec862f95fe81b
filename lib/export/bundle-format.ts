// The export bundle: one UTF-8 file of JSON lines (docs/verification.md). Shared by the writer
// (bundle.ts) and the offline verifier (verify-bundle.ts) so the two cannot drift apart.
//
// Every line is JSON.stringify of an object whose first key is "kind", in the key order the builders
// below fix, so that
//   - `grep '^{"kind":"event",' bundle.jsonl | sha256sum` reproduces the manifest's digest of a section;
//   - a verifier can insist that each line is exactly what re-serialising its parsed value gives,
//     which pins any changed byte to its line.
import type { ExportFilter } from "./query";

export const BUNDLE_FORMAT = "warrant-bundle";
export const BUNDLE_VERSION = 1;

/** Sections, in the order they appear; each is a run of lines of that kind. */
export const SECTIONS = ["header", "key", "checkpoint", "consistency", "segment", "event"] as const;
export type Section = (typeof SECTIONS)[number];

export type BundleMode = "contiguous" | "filtered";

export interface HeaderLine {
  kind: "header";
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  workspace: string;
  mode: BundleMode;
  filter: ExportFilter;
  generatedAt: string;
  /** Tree size of the checkpoint every event is proven against. */
  checkpoint: number;
}

export interface KeyLine {
  kind: "key";
  /** C2SP verifier key: name+keyid+base64(0x01 ‖ Ed25519 public key). */
  verifierKey: string;
  name: string;
  keyId: string;
}

export interface CheckpointLine {
  kind: "checkpoint";
  /** "covering": what the events are proven against; "previous": an earlier bundle's, for consistency. */
  role: "covering" | "previous";
  treeSize: number;
  /** The C2SP signed note, verbatim. */
  note: string;
}

export interface ConsistencyLine {
  kind: "consistency";
  from: number;
  to: number;
  /** RFC 6962 PROOF(from, D[to]), hex. */
  proof: string[];
}

export interface InclusionProofJson {
  treeSize: number;
  leafIndex: number;
  /** RFC 6962 audit path, deepest sibling first, hex. */
  path: string[];
}

/** Contiguous bundles: the run of the chain the events are, and where it starts and ends. */
export interface SegmentLine {
  kind: "segment";
  firstSeq: number;
  /** firstSeq − 1 when the segment is empty. */
  lastSeq: number;
  /** prev_hash of entry firstSeq (the genesis hash when firstSeq is 1); null when empty. */
  startPrevHash: string | null;
  /** hash of entry lastSeq; null when empty. */
  endHash: string | null;
  /** Inclusion of entry lastSeq in the covering checkpoint; null when empty. */
  proof: InclusionProofJson | null;
}

export interface EventLine {
  kind: "event";
  seq: number;
  /** seq of the bundle's previous event (0 for the first): a dropped or moved line is named by its neighbour. */
  after: number;
  id: string;
  hash: string;
  prevHash: string;
  /** The canonical record that was hashed, verbatim, as a JSON string (so every JSON parser returns its exact text). */
  record: string;
  /** Filtered bundles: inclusion of this entry in the covering checkpoint. */
  proof?: InclusionProofJson;
}

export interface ManifestLine {
  kind: "manifest";
  counts: Record<Section, number>;
  /** SHA-256 (hex) of each section's lines, each with its trailing "\n". */
  sha256: Record<Section, string>;
}

/** Last line: a C2SP signed note, by the ledger's key, over the SHA-256 of every byte before this line. */
export interface SignatureLine {
  kind: "signature";
  sha256: string;
  note: string;
}

export type BundleLine = HeaderLine | KeyLine | CheckpointLine | ConsistencyLine | SegmentLine | EventLine | ManifestLine | SignatureLine;

const inclusion = (p: InclusionProofJson): InclusionProofJson => ({ treeSize: p.treeSize, leafIndex: p.leafIndex, path: p.path });

/** The one serialisation of each line kind (fixed key order, no spaces). */
export function serializeLine(line: BundleLine): string {
  switch (line.kind) {
    case "header":
      return JSON.stringify({
        kind: line.kind,
        format: line.format,
        version: line.version,
        workspace: line.workspace,
        mode: line.mode,
        filter: line.filter,
        generatedAt: line.generatedAt,
        checkpoint: line.checkpoint,
      });
    case "key":
      return JSON.stringify({ kind: line.kind, verifierKey: line.verifierKey, name: line.name, keyId: line.keyId });
    case "checkpoint":
      return JSON.stringify({ kind: line.kind, role: line.role, treeSize: line.treeSize, note: line.note });
    case "consistency":
      return JSON.stringify({ kind: line.kind, from: line.from, to: line.to, proof: line.proof });
    case "segment":
      return JSON.stringify({
        kind: line.kind,
        firstSeq: line.firstSeq,
        lastSeq: line.lastSeq,
        startPrevHash: line.startPrevHash,
        endHash: line.endHash,
        proof: line.proof && inclusion(line.proof),
      });
    case "event":
      return JSON.stringify({
        kind: line.kind,
        seq: line.seq,
        after: line.after,
        id: line.id,
        hash: line.hash,
        prevHash: line.prevHash,
        record: line.record,
        ...(line.proof ? { proof: inclusion(line.proof) } : {}),
      });
    case "manifest":
      return JSON.stringify({
        kind: line.kind,
        counts: Object.fromEntries(SECTIONS.map((s) => [s, line.counts[s]])),
        sha256: Object.fromEntries(SECTIONS.map((s) => [s, line.sha256[s]])),
      });
    case "signature":
      return JSON.stringify({ kind: line.kind, sha256: line.sha256, note: line.note });
  }
}

/** The body the signature line signs: an origin that no checkpoint can have, and a digest that no tree size can parse as. */
export function signatureBody(workspace: string, sha256Hex: string): string {
  return `${BUNDLE_FORMAT}/${workspace}\nsha256:${sha256Hex}\n`;
}
