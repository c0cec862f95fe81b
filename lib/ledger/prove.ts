// Merkle proofs out of the database, for exports: inclusion of stored entries in a signed checkpoint,
// and consistency between two checkpoints. Both need the leaf hashes of the whole tree; they are read in
// keyset pages of the `hash` column (32 bytes a row), folded into block roots (lib/ledger/proof-tree)
// and never held all at once. Complete blocks never change (the ledger is append-only), so their
// roots are remembered per database and workspace and later proofs only read what was appended since.
import { and, desc, eq, gt, lte } from "drizzle-orm";
import type { Database } from "@/db/client";
import { checkpoints, events } from "@/db/schema";
import { checkpointNow } from "./append";
import type { Ledger } from "./context";
import { leafHash } from "./merkle";
import { blockRootsOf, BlockedTree, DEFAULT_BLOCK_LEAVES, type LeafReader } from "./proof-tree";

const LEAF_PAGE = 10_000;

/** Leaf hashes of a workspace's tree, read from the stored entry hashes by seq (leaf i is seq i + 1). */
export function leafReader(db: Database, workspaceId: string): LeafReader {
  return async function* (lo, hi) {
    for (let next = lo; next < hi; ) {
      const upTo = Math.min(next + LEAF_PAGE, hi);
      const rows = await db
        .select({ seq: events.seq, hash: events.hash })
        .from(events)
        .where(and(eq(events.workspaceId, workspaceId), gt(events.seq, next), lte(events.seq, upTo)))
        .orderBy(events.seq);
      rows.forEach((row, k) => {
        if (Number(row.seq) !== next + k + 1) throw new LedgerProofError(`entry ${next + k + 1} is missing from the ledger`);
      });
      if (rows.length !== upTo - next) throw new LedgerProofError(`entry ${next + rows.length + 1} is missing from the ledger`);
      yield rows.map((row) => leafHash(row.hash));
      next = upTo;
    }
  };
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
