// The ledger proof of one event (DESIGN §4, §7): its place in the hash chain, the signed checkpoint that
// covers it, and an RFC 6962 inclusion proof against that checkpoint's root, plus the check of all three.
import { and, asc, eq, gte } from "drizzle-orm";
import type { Database } from "@/db/client";
import { checkpoints, events } from "@/db/schema";
import { entryHash, genesisHash } from "@/lib/ledger/chain";
import { checkpointOrigin, type Ledger } from "@/lib/ledger/context";
import { leafHash, verifyInclusion } from "@/lib/ledger/merkle";
import { LedgerProofError, openLedgerTree } from "@/lib/ledger/prove";
import { verifyNote } from "@/lib/ledger/note";

export interface EventProof {
  seq: number;
  /** Hex SHA-256 entry hashes, as stored. */
  hash: string;
  prevHash: string;
  /** SHA-256(0x00 ‖ hash): the event's leaf in the Merkle tree. */
  leafHash: string;
  /** The first signed checkpoint whose tree contains this entry (tree size ≥ seq), if one exists yet. */
  checkpoint: {
    treeSize: number;
    rootHash: string;
    keyId: string;
    signedAt: string;
    /** The C2SP signed note, verbatim: checkable with the public key at /api/v1/ledger/public-key. */
    note: string;
  } | null;
  /** RFC 6962 audit path of leaf `leafIndex` (= seq − 1) in the checkpoint's tree, sibling hashes bottom-up. */
  inclusion: { leafIndex: number; treeSize: number; path: string[] } | null;
  /** The public key that signs checkpoints ("name+keyid+base64"). */
  verifierKey: string;
}

export type CheckStatus = "pass" | "fail" | "pending";
export interface Check {
  status: CheckStatus;
  detail: string;
}

export interface EventVerification {
  /** verified: all checks pass; partial: hash and link pass, no checkpoint covers the event yet; failed: any check failed. */
  status: "verified" | "partial" | "failed";
  ok: boolean;
  summary: string;
  checks: { hash: Check; link: Check; checkpoint: Check };
  checkedAt: string;
}

export interface ProvenEvent {
  proof: EventProof;
  verification: EventVerification;
}

/** Thrown when the event id is not in the workspace's ledger. */
export class EventNotFoundError extends Error {
  readonly brand = "warrant.EventNotFoundError";
  static is(error: unknown): error is EventNotFoundError {
    return (error as { brand?: string } | null)?.brand === "warrant.EventNotFoundError";
  }
  constructor(readonly eventId: string) {
    super(`no event with id ${eventId} in this workspace`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isEventId = (id: string) => UUID.test(id);

interface EntryRow {
  seq: number;
  id: string;
  record: string;
  prevHash: Buffer;
  hash: Buffer;
}

async function entryById(db: Database, workspaceId: string, eventId: string): Promise<EntryRow | null> {
  if (!isEventId(eventId)) return null;
  const [row] = await db
    .select({ seq: events.seq, id: events.id, record: events.record, prevHash: events.prevHash, hash: events.hash })
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.id, eventId.toLowerCase())));
  return row ? { ...row, seq: Number(row.seq) } : null;
}

async function hashAt(db: Database, workspaceId: string, seq: number): Promise<Buffer | null> {
  const [row] = await db.select({ hash: events.hash }).from(events).where(and(eq(events.workspaceId, workspaceId), eq(events.seq, seq)));
  return row?.hash ?? null;
}

async function prevHashAt(db: Database, workspaceId: string, seq: number): Promise<Buffer | null> {
  const [row] = await db.select({ prevHash: events.prevHash }).from(events).where(and(eq(events.workspaceId, workspaceId), eq(events.seq, seq)));
  return row?.prevHash ?? null;
}

async function coveringCheckpoint(db: Database, workspaceId: string, seq: number) {
  const [row] = await db
    .select()
    .from(checkpoints)
    .where(and(eq(checkpoints.workspaceId, workspaceId), gte(checkpoints.treeSize, seq)))
    .orderBy(asc(checkpoints.treeSize))
    .limit(1);
  return row ? { ...row, treeSize: Number(row.treeSize) } : null;
}

/**
 * The inclusion path of leaf `index` in the tree of the first `treeSize` entries, or null when stored
 * entries are missing. Built like export proofs (lib/ledger/prove.ts): the roots of complete blocks of
 * EXPLAIN_BLOCK_LEAVES entries are kept once computed (the ledger is append-only), so a proof reads the
 * leaf's own block and the tail, not the whole ledger. The leaf's block is always read afresh, so a changed entry
 * near it still fails the check; and a path built from changed entries cannot reach the signed root.
 */
// Smaller than an export's blocks: an explanation proves one entry, so each proof reads at most two
// blocks of 1,024 hashes (its own and the tail) while a support agent waits.
const EXPLAIN_BLOCK_LEAVES = 1024;

async function inclusionPath(db: Database, workspaceId: string, treeSize: number, index: number): Promise<Buffer[] | null> {
  try {
    const tree = await openLedgerTree(db, workspaceId, treeSize, undefined, EXPLAIN_BLOCK_LEAVES);
    return await tree.inclusionProof(index);
  } catch (error) {
    if (LedgerProofError.is(error)) return null;
    throw error;
  }
}

const hex = (b: Buffer) => b.toString("hex");

/**
 * The proof of one event and its verification: recomputes the entry hash from the stored `record` and
 * `prev_hash`, checks the links to the entries before and after, and checks the inclusion proof against
 * the covering checkpoint's signed root. Throws EventNotFoundError.
 */
export async function proveEvent(db: Database, ledger: Pick<Ledger, "key">, workspaceId: string, eventId: string): Promise<ProvenEvent> {
  const entry = await entryById(db, workspaceId, eventId);
  if (!entry) throw new EventNotFoundError(eventId);
  const { seq } = entry;

  // 1. The record hashes to the stored hash, and names this workspace, seq and id.
  const recomputed = entryHash(entry.prevHash, entry.record);
  let placement: string | null = null;
  try {
    const record = JSON.parse(entry.record) as { workspace?: unknown; seq?: unknown; id?: unknown };
    if (record.workspace !== workspaceId || record.seq !== String(seq) || record.id !== entry.id) {
      placement = `the record belongs to ${String(record.workspace)} #${String(record.seq)}, not to this entry`;
    }
  } catch {
    placement = "the stored record is not valid JSON";
  }
  const hashCheck: Check = placement
    ? { status: "fail", detail: `Entry ${seq}: ${placement}.` }
    : recomputed.equals(entry.hash)
      ? { status: "pass", detail: `The stored record hashes to ${hex(recomputed).slice(0, 16)}…, the hash recorded for entry ${seq}.` }
      : {
          status: "fail",
          detail: `The stored record hashes to ${hex(recomputed).slice(0, 16)}…, not to the recorded ${hex(entry.hash).slice(0, 16)}…: it was changed after it was written.`,
        };

  // 2. prev_hash is the hash of the entry before (or the workspace's genesis), and the entry after points here.
  const expectedPrev = seq === 1 ? genesisHash(workspaceId) : await hashAt(db, workspaceId, seq - 1);
  const nextPrev = await prevHashAt(db, workspaceId, seq + 1);
  let linkCheck: Check;
  if (!expectedPrev) linkCheck = { status: "fail", detail: `Entry ${seq - 1}, which this one follows, is missing.` };
  else if (!expectedPrev.equals(entry.prevHash))
    linkCheck = { status: "fail", detail: `The previous-hash field does not match the hash of entry ${seq - 1}: the chain is broken here.` };
  else if (nextPrev && !nextPrev.equals(entry.hash))
    linkCheck = { status: "fail", detail: `Entry ${seq + 1} does not point back to this entry's hash: this entry or its hash was replaced.` };
  else
    linkCheck = {
      status: "pass",
      detail: `${seq === 1 ? "It follows the workspace's genesis hash" : `It points back to entry ${seq - 1}`}${nextPrev ? `, and entry ${seq + 1} points back to it` : ""}.`,
    };

  // 3. A signed checkpoint covers it, and the inclusion proof of the recomputed leaf reaches its signed root.
  const cp = await coveringCheckpoint(db, workspaceId, seq);
  let checkpointCheck: Check;
  let inclusion: EventProof["inclusion"] = null;
  if (!cp) {
    checkpointCheck = { status: "pending", detail: `No signed checkpoint covers entry ${seq} yet; the next one will (checkpoints are signed every few minutes).` };
  } else {
    const note = verifyNote(cp.note, ledger.key.verifierKey);
    const path = await inclusionPath(db, workspaceId, cp.treeSize, seq - 1);
    if (path) inclusion = { leafIndex: seq - 1, treeSize: cp.treeSize, path: path.map(hex) };
    if (!note.ok) checkpointCheck = { status: "fail", detail: `The checkpoint at size ${cp.treeSize} does not carry a valid signature: ${note.reason}.` };
    else if (note.origin !== checkpointOrigin(workspaceId) || note.size !== cp.treeSize || !note.root.equals(cp.rootHash))
      checkpointCheck = { status: "fail", detail: `The checkpoint at size ${cp.treeSize} does not match its signed note.` };
    else if (!inclusion) checkpointCheck = { status: "fail", detail: `Entries are missing below ${cp.treeSize}, so no inclusion proof can be built.` };
    else {
      const included = verifyInclusion(leafHash(recomputed), seq - 1, cp.treeSize, inclusion.path.map((h) => Buffer.from(h, "hex")), note.root);
      checkpointCheck = included
        ? {
            status: "pass",
            detail: `The signed checkpoint of ${cp.treeSize.toLocaleString("en-GB")} entries (key ${cp.keyId}) includes this entry: the ${inclusion.path.length}-step inclusion proof reaches its root.`,
          }
        : { status: "fail", detail: `The inclusion proof does not reach the root signed at size ${cp.treeSize}: this entry is not the one that was signed.` };
    }
  }

  const checks = { hash: hashCheck, link: linkCheck, checkpoint: checkpointCheck };
  const failed = Object.values(checks).filter((c) => c.status === "fail");
  const status = failed.length > 0 ? "failed" : checkpointCheck.status === "pending" ? "partial" : "verified";
  const summary =
    status === "failed"
      ? `Verification failed: ${failed[0].detail}`
      : status === "partial"
        ? "The record matches its hash and its place in the chain; no signed checkpoint covers it yet."
        : `Verified: the record matches its hash, its place in the chain and the signed checkpoint of ${cp!.treeSize.toLocaleString("en-GB")} entries.`;

  return {
    proof: {
      seq,
      hash: hex(entry.hash),
      prevHash: hex(entry.prevHash),
      leafHash: hex(leafHash(entry.hash)),
      checkpoint: cp ? { treeSize: cp.treeSize, rootHash: hex(cp.rootHash), keyId: cp.keyId, signedAt: cp.createdAt.toISOString(), note: cp.note } : null,
      inclusion,
      verifierKey: ledger.key.verifierKey,
    },
    verification: { status, ok: status !== "failed", summary, checks, checkedAt: new Date().toISOString() },
  };
}

/** The verification of one event alone (the "verify this event" action). */
export async function verifyEvent(db: Database, ledger: Pick<Ledger, "key">, workspaceId: string, eventId: string): Promise<EventVerification & { seq: number; eventId: string }> {
  const { proof, verification } = await proveEvent(db, ledger, workspaceId, eventId);
  return { eventId: eventId.toLowerCase(), seq: proof.seq, ...verification };
}
