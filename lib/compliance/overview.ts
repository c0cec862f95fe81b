// What the compliance page shows about one workspace: its chain head, its signed checkpoints, its
// verification runs and the retention in force. Reads heads and indexes only, never scans events.
import { and, desc, eq, lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { chainHeads, checkpoints, events } from "@/db/schema";
import { latestVerifications, listVerifications, type VerificationRun } from "@/lib/ledger/verification-runs";
import { type Retention, retentionOf } from "./retention";

export interface ComplianceOverview {
  workspace: string;
  head: { seq: number; hash: string | null; updatedAt: string | null };
  signedUpTo: number;
  lastCheckpointAt: string | null;
  lastVerification: VerificationRun | null;
  recentVerifications: VerificationRun[];
  retention: Retention;
}

export async function complianceOverview(db: Database, workspaceId: string, retentionMonths: number, now = new Date()): Promise<ComplianceOverview> {
  const [[head], [first], recent] = await Promise.all([
    db.select().from(chainHeads).where(eq(chainHeads.workspaceId, workspaceId)),
    // Entry 1 is the oldest by construction: seq follows arrival.
    db.select({ receivedAt: events.receivedAt }).from(events).where(and(eq(events.workspaceId, workspaceId), eq(events.seq, 1))),
    listVerifications(db, workspaceId, { limit: 5 }),
  ]);
  const seq = head ? Number(head.seq) : 0;
  return {
    workspace: workspaceId,
    head: { seq, hash: seq > 0 ? head.hash.toString("hex") : null, updatedAt: seq > 0 ? head.updatedAt.toISOString() : null },
    signedUpTo: head ? Number(head.checkpointSeq) : 0,
    lastCheckpointAt: head?.checkpointAt?.toISOString() ?? null,
    lastVerification: recent[0] ?? null,
    recentVerifications: recent,
    retention: retentionOf(retentionMonths, now, first?.receivedAt ?? null),
  };
}

export interface CheckpointItem {
  treeSize: number;
  rootHash: string;
  keyId: string;
  createdAt: string;
  note: string;
}

/** Signed checkpoints, newest (largest) first, paged by tree size. */
export async function listCheckpoints(db: Database, workspaceId: string, options: { before?: number; limit?: number } = {}): Promise<CheckpointItem[]> {
  const limit = Math.min(Math.max(options.limit ?? 10, 1), 1000);
  const rows = await db
    .select()
    .from(checkpoints)
    .where(and(eq(checkpoints.workspaceId, workspaceId), options.before ? lt(checkpoints.treeSize, options.before) : undefined))
    .orderBy(desc(checkpoints.treeSize))
    .limit(limit);
  return rows.map((cp) => ({
    treeSize: Number(cp.treeSize),
    // Hex, as the explanation page and the offline verifier print it (the signed note carries it in base64).
    rootHash: cp.rootHash.toString("hex"),
    keyId: cp.keyId,
    createdAt: cp.createdAt.toISOString(),
    note: cp.note,
  }));
}

export { latestVerifications };
