import { createHash } from "node:crypto";
import { canonicalize } from "./jcs";
import { sha256 } from "./sha256";

/** The hashed envelope of one ledger entry (DESIGN §4). `seq` is a decimal string: JCS numbers are doubles. */
export interface LedgerRecord {
  v: 1;
  workspace: string;
  seq: string;
  id: string;
  receivedAt: string;
  event: Record<string, unknown>;
}

const LEAF_DOMAIN = Buffer.from("warrant-leaf-v1\0", "utf8");

/** Each workspace's chain starts from its own genesis, so a row cannot be moved to another chain unnoticed. */
export function genesisHash(workspaceId: string): Buffer {
  return createHash("sha256").update("warrant-genesis-v1").update(workspaceId, "utf8").digest();
}

/** hash = SHA-256("warrant-leaf-v1\0" ‖ prev_hash ‖ UTF-8(record)). */
export function entryHash(prevHash: Buffer, record: string): Buffer {
  // One buffer, hashed in one call (lib/ledger/sha256.ts).
  const input = Buffer.allocUnsafe(LEAF_DOMAIN.length + prevHash.length + Buffer.byteLength(record, "utf8"));
  LEAF_DOMAIN.copy(input, 0);
  prevHash.copy(input, LEAF_DOMAIN.length);
  input.write(record, LEAF_DOMAIN.length + prevHash.length, "utf8");
  return sha256(input);
}

export function encodeRecord(record: LedgerRecord): string {
  return canonicalize(record);
}

/**
 * The same text as encodeRecord, built around an event that is already canonical: the envelope's
 * keys in JCS order (event, id, receivedAt, seq, v, workspace) and JCS strings, which are exactly
 * JSON.stringify's. Saves canonicalising each event twice on the append path; tested for equality.
 */
export function encodeRecordAround(canonicalEventText: string, envelope: Omit<LedgerRecord, "event" | "v">): string {
  return `{"event":${canonicalEventText},"id":${JSON.stringify(envelope.id)},"receivedAt":${JSON.stringify(envelope.receivedAt)},"seq":${JSON.stringify(envelope.seq)},"v":1,"workspace":${JSON.stringify(envelope.workspace)}}`;
}

/** The canonical text of an event alone: two submissions of one id are the same event iff these are equal. */
export function canonicalEvent(event: unknown): string {
  return canonicalize(event);
}
