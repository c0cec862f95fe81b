import { and, asc, eq, gt } from "drizzle-orm";
import { chainHeads, checkpoints, events } from "@/db/schema";
import { entryHash, genesisHash } from "./chain";
import { checkpointOrigin, type Ledger } from "./context";
import { appendToFrontier, frontierRoot, leafHash, type Frontier } from "./merkle";
import { verifyNote } from "./note";

export type BreakKind =
  | "gap" // a seq is missing: a row was deleted
  | "out-of-order" // a seq appears where another was expected: rows inserted or swapped
  | "misplaced" // the record names another workspace, seq or id than its row: a moved or copied row
  | "unreadable" // the record is not JSON
  | "broken-link" // prev_hash is not the hash of the entry before
  | "hash-mismatch" // the record was edited after it was hashed
  | "checkpoint-root" // the rows do not hash to the root a signed checkpoint recorded at that size
  | "checkpoint-signature" // a checkpoint's signature does not verify with this ledger's key
  | "checkpoint-mismatch" // the database's checkpoint differs from, or lacks, its external copy
  | "checkpoint-order" // tree sizes went down between successive checkpoints
  | "truncated"; // a checkpoint or the head describes entries that are no longer there

export interface VerifyResult {
  ok: boolean;
  workspace: string;
  /** Entries whose hash was recomputed. */
  checked: number;
  head: { seq: number; hash: string };
  checkpoints: { database: number; external: number | null; verified: number };
  firstBadSeq?: number;
  kind?: BreakKind;
  reason?: string;
  warnings: string[];
}

const PAGE = 2000;

interface KnownRoot {
  root: Buffer;
  source: "database" | "external";
}

/**
 * Recomputes a workspace's chain from the stored `record` text alone, streaming it in pages (constant
 * memory), and checks it against every signed checkpoint, in the database and outside it.
 */
export async function verifyLedger(
  ledger: Ledger,
  workspaceId: string,
  options: { onProgress?: (progress: { checked: number; total: number }) => void | Promise<void> } = {},
): Promise<VerifyResult> {
  const warnings: string[] = [];
  const [storedHead] = await ledger.db.select().from(chainHeads).where(eq(chainHeads.workspaceId, workspaceId));
  const dbCheckpoints = await ledger.db
    .select()
    .from(checkpoints)
    .where(eq(checkpoints.workspaceId, workspaceId))
    .orderBy(asc(checkpoints.createdAt), asc(checkpoints.treeSize));
  const external = await ledger.sink.list(workspaceId);

  const base = {
    workspace: workspaceId,
    checkpoints: { database: dbCheckpoints.length, external: external?.length ?? null, verified: 0 },
    warnings,
  };
  let checked = 0;
  let lastHash = genesisHash(workspaceId);
  const fail = (firstBadSeq: number, kind: BreakKind, reason: string): VerifyResult => ({
    ...base,
    ok: false,
    checked,
    head: { seq: checked, hash: lastHash.toString("hex") },
    firstBadSeq,
    kind,
    reason,
  });

  // 1. Every checkpoint must carry a valid signature and agree with its external copy.
  const roots = new Map<number, KnownRoot>();
  const missingInDb: number[] = [];
  let previousSize = 0;
  for (const cp of dbCheckpoints) {
    const size = Number(cp.treeSize);
    const check = checkNote(ledger, workspaceId, cp.note, size);
    if (!check.ok) return fail(lowerBound(roots, size), "checkpoint-signature", `checkpoint at size ${size}: ${check.reason}`);
    if (!check.root.equals(cp.rootHash)) {
      return fail(lowerBound(roots, size), "checkpoint-mismatch", `checkpoint at size ${size}: root column differs from the signed note`);
    }
    if (size < previousSize) {
      return fail(size + 1, "checkpoint-order", `checkpoint at size ${size} was signed after one at size ${previousSize}`);
    }
    previousSize = size;
    roots.set(size, { root: check.root, source: "database" });
  }
  if (external === null) {
    warnings.push("the checkpoint sink cannot be read back; only signatures protect the checkpoints");
  } else {
    for (const copy of external) {
      const check = checkNote(ledger, workspaceId, copy.note, copy.treeSize);
      if (!check.ok) {
        warnings.push(`external checkpoint ${copy.treeSize}: ${check.reason}; ignored`);
        continue;
      }
      const inDb = dbCheckpoints.find((cp) => Number(cp.treeSize) === copy.treeSize);
      if (!inDb) {
        // Keep walking with the external root: a rewritten or truncated tail is then named precisely.
        roots.set(copy.treeSize, { root: check.root, source: "external" });
        missingInDb.push(copy.treeSize);
        continue;
      }
      if (inDb.note !== copy.note) {
        return fail(lowerBound(roots, copy.treeSize), "checkpoint-mismatch", `checkpoint at size ${copy.treeSize} differs from its external copy`);
      }
    }
    for (const cp of dbCheckpoints) {
      if (!external.some((copy) => copy.treeSize === Number(cp.treeSize))) {
        warnings.push(`checkpoint at size ${cp.treeSize} has no external copy (was the sink unavailable?)`);
      }
    }
  }

  // 2. Walk the chain, recomputing every hash and the Merkle tree, and compare at each checkpoint size.
  let frontier: Frontier = [];
  let verifiedCheckpoints = 0;
  let lastGoodCheckpoint = 0;
  for (;;) {
    const page = await ledger.db
      .select({ seq: events.seq, id: events.id, record: events.record, prevHash: events.prevHash, hash: events.hash })
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), gt(events.seq, checked)))
      .orderBy(asc(events.seq))
      .limit(PAGE);
    for (const row of page) {
      const seq = Number(row.seq);
      const expected = checked + 1;
      if (seq !== expected) {
        return seq > expected
          ? fail(expected, "gap", `entry ${expected} is missing (the next stored entry is ${seq})`)
          : fail(expected, "out-of-order", `entry ${seq} appears where ${expected} was expected`);
      }
      let record: { workspace?: unknown; seq?: unknown; id?: unknown };
      try {
        record = JSON.parse(row.record);
      } catch {
        return fail(seq, "unreadable", `entry ${seq}: the stored record is not valid JSON`);
      }
      if (record.workspace !== workspaceId || record.seq !== String(seq) || record.id !== row.id) {
        return fail(seq, "misplaced", `entry ${seq}: the record belongs to ${String(record.workspace)} #${String(record.seq)} (${String(record.id)})`);
      }
      if (!row.prevHash.equals(lastHash)) {
        return fail(seq, "broken-link", `entry ${seq}: prev_hash does not match the hash of entry ${seq - 1}`);
      }
      const computed = entryHash(lastHash, row.record);
      if (!computed.equals(row.hash)) {
        return fail(seq, "hash-mismatch", `entry ${seq}: the record does not hash to the stored hash (edited after it was written)`);
      }
      frontier = appendToFrontier(frontier, checked, leafHash(computed));
      lastHash = computed;
      checked = seq;
      const signed = roots.get(seq);
      if (signed) {
        if (!frontierRoot(frontier, seq).equals(signed.root)) {
          return fail(lastGoodCheckpoint + 1, "checkpoint-root", `entries ${lastGoodCheckpoint + 1}–${seq} do not match the signed checkpoint at size ${seq}`);
        }
        verifiedCheckpoints += 1;
        lastGoodCheckpoint = seq;
      }
    }
    // The head's seq is only an estimate of the total (verification never trusts it), good enough for a progress bar.
    await options.onProgress?.({ checked, total: Math.max(checked, storedHead ? Number(storedHead.seq) : 0) });
    if (page.length < PAGE) break;
  }

  // 3. Nothing signed or recorded may lie beyond what is still there.
  const beyond = [...roots.keys()].filter((size) => size > checked).sort((a, b) => a - b)[0];
  if (beyond !== undefined) {
    return fail(checked + 1, "truncated", `a signed checkpoint covers ${beyond} entries but only ${checked} remain`);
  }
  const headSeq = storedHead ? Number(storedHead.seq) : 0;
  if (headSeq > checked) return fail(checked + 1, "truncated", `the chain head records ${headSeq} entries but only ${checked} remain`);
  if (storedHead && headSeq === checked && !storedHead.hash.equals(lastHash)) {
    warnings.push("the chain head's hash differs from the recomputed one");
  }
  if (missingInDb.length > 0) {
    return fail(lowerBound(roots, missingInDb[0]), "checkpoint-mismatch", `checkpoint at size ${missingInDb[0]} exists outside the database but is missing from it`);
  }
  if (headSeq < checked) warnings.push(`the chain head records ${headSeq} entries but ${checked} are stored`);

  return {
    ...base,
    ok: true,
    checked,
    head: { seq: checked, hash: lastHash.toString("hex") },
    checkpoints: { ...base.checkpoints, verified: verifiedCheckpoints },
  };
}

function checkNote(ledger: Ledger, workspaceId: string, note: string, size: number) {
  const verified = verifyNote(note, ledger.key.verifierKey);
  if (!verified.ok) return { ok: false as const, reason: verified.reason };
  if (verified.origin !== checkpointOrigin(workspaceId)) return { ok: false as const, reason: `origin is ${verified.origin}` };
  if (verified.size !== size) return { ok: false as const, reason: `note says size ${verified.size}` };
  return { ok: true as const, root: verified.root };
}

// The smallest seq a failing checkpoint can implicate: one past the largest smaller checkpoint.
function lowerBound(roots: Map<number, KnownRoot>, size: number): number {
  const below = [...roots.keys()].filter((s) => s < size);
  return below.length ? Math.max(...below) + 1 : 1;
}
