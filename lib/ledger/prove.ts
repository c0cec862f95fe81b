// Merkle proofs out of the database, for exports: inclusion of stored entries in a signed checkpoint,
// and consistency between two checkpoints. Both need the leaf hashes of the whole tree; they are read in
// pages by seq (PostgreSQL hashes each stored entry hash into its leaf), folded into block roots
// (lib/ledger/proof-tree) and never held all at once. Complete blocks never change (the ledger is append-only), so their
// roots are remembered per database and workspace and later proofs only read what was appended since.
import { and, count, desc, eq, gt, lte, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { checkpoints, events } from "@/db/schema";
import { checkpointNow } from "./append";
import type { Ledger } from "./context";
import { blockRootsOf, BlockedTree, DEFAULT_BLOCK_LEAVES, type LeafReader } from "./proof-tree";

// 1,024 leaves a query: 32 KiB of hashes, 64 KiB as the bytea's text on the wire, small enough for
// V8's young generation (a string over 128 KiB goes straight to the old one and waits for a full collection).
const LEAF_PAGE = 1024;

/**
 * Leaf hashes of a workspace's tree, read from the stored entry hashes by seq (leaf i is seq i + 1).
 * PostgreSQL computes each leaf (merkle.ts leafHash: SHA-256(0x00 ‖ entry hash)) and sends a page of
 * them as one bytea in seq order: a million leaves are a thousand Buffers, not a million rows of them.
 */
export function leafReader(db: Database, workspaceId: string): LeafReader {
  return async function* (lo, hi) {
    for (let next = lo; next < hi; ) {
      const upTo = Math.min(next + LEAF_PAGE, hi);
      const range = and(eq(events.workspaceId, workspaceId), gt(events.seq, next), lte(events.seq, upTo));
      const [page] = await db
        .select({
          n: count(),
          leaves: sql<Buffer | null>`string_agg(sha256(decode('00', 'hex') || ${events.hash}), ''::bytea order by ${events.seq})`.mapWith(events.hash),
        })
        .from(events)
        .where(range);
      // seq is unique within a workspace, so a full count means every entry of the range is there.
      if (page.n !== upTo - next) throw new LedgerProofError(`entry ${await firstMissing(db, workspaceId, next, upTo)} is missing from the ledger`);
      yield page.leaves!;
      next = upTo;
    }
  };
}

/** The first seq in (after, upTo] that has no entry. */
async function firstMissing(db: Database, workspaceId: string, after: number, upTo: number): Promise<number> {
  const rows = await db
    .select({ seq: events.seq })
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), gt(events.seq, after), lte(events.seq, upTo)))
    .orderBy(events.seq);
  const gap = rows.findIndex((row, k) => row.seq !== after + k + 1);
  return after + (gap === -1 ? rows.length : gap) + 1;
}

/** The stored entries do not match a signed checkpoint: no proof can be honest, so none is made. */
export class LedgerProofError extends Error {
  override name = "LedgerProofError";
  static is(error: unknown): error is LedgerProofError {
    return error instanceof Error && error.name === "LedgerProofError";
  }
}

const completeBlocks = new WeakMap<Database, Map<string, Buffer[]>>();

/**
 * The tree of a workspace's first `size` entries, ready to prove. When `expectedRoot` is given (a
 * signed checkpoint's), the stored hashes must fold to it, else LedgerProofError.
 */
export async function openLedgerTree(db: Database, workspaceId: string, size: number, expectedRoot?: Buffer, blockLeaves = DEFAULT_BLOCK_LEAVES) {
  const read = leafReader(db, workspaceId);
  let known = completeBlocks.get(db);
  if (!known) completeBlocks.set(db, (known = new Map()));
  const cacheKey = `${workspaceId}\0${blockLeaves}`;
  const full = Math.floor(size / blockLeaves);
  const cached = (known.get(cacheKey) ?? []).slice(0, full);
  const roots = await blockRootsOf(read, size, blockLeaves, cached);
  const tree = new BlockedTree(size, blockLeaves, roots, read);
  if (expectedRoot && !tree.root.equals(expectedRoot)) {
    throw new LedgerProofError(`the stored entries 1–${size} do not match the signed checkpoint at size ${size}; run a verification`);
  }
  // Remember complete blocks only once they are known to fold to a signed root.
  if (full > (known.get(cacheKey)?.length ?? 0)) known.set(cacheKey, roots.slice(0, full));
  return tree;
}

export interface StoredCheckpoint {
  treeSize: number;
  root: Buffer;
  keyId: string;
  note: string;
  createdAt: Date;
}

function toStored(row: typeof checkpoints.$inferSelect): StoredCheckpoint {
  return { treeSize: Number(row.treeSize), root: row.rootHash, keyId: row.keyId, note: row.note, createdAt: row.createdAt };
}

/** The newest signed checkpoint of a workspace, after signing one of the head if anything is unsigned. */
export async function currentCheckpoint(ledger: Ledger, workspaceId: string): Promise<StoredCheckpoint | null> {
  await checkpointNow(ledger, workspaceId);
  const [row] = await ledger.db
    .select()
    .from(checkpoints)
    .where(eq(checkpoints.workspaceId, workspaceId))
    .orderBy(desc(checkpoints.treeSize))
    .limit(1);
  return row ? toStored(row) : null;
}

/** The signed checkpoint at exactly this size, if there is one. */
export async function checkpointAt(db: Database, workspaceId: string, treeSize: number): Promise<StoredCheckpoint | null> {
  const [row] = await db
    .select()
    .from(checkpoints)
    .where(and(eq(checkpoints.workspaceId, workspaceId), eq(checkpoints.treeSize, treeSize)));
  return row ? toStored(row) : null;
}
