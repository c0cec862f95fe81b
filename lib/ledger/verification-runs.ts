// Verification runs, recorded: "when was this ledger last verified, by whom, and what was found" is a
// question an auditor asks, so every run (page, API, CLI) appends a row to `verifications`.
import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type VerificationRow, verifications } from "@/db/schema";
import type { Ledger } from "./context";
import { verifyLedger, type VerifyResult } from "./verify";

export interface VerificationRun {
  id: number;
  workspace: string;
  startedAt: string;
  finishedAt: string;
  actor: string;
  via: string;
  ok: boolean;
  checked: number;
  headSeq: number;
  headHash: string;
  checkpointsVerified: number;
  firstBadSeq: number | null;
  kind: string | null;
  reason: string | null;
  warnings: string[];
}

export function toVerificationRun(row: VerificationRow): VerificationRun {
  return {
    id: Number(row.id),
    workspace: row.workspaceId,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt.toISOString(),
    actor: row.actor,
    via: row.via,
    ok: row.ok,
    checked: Number(row.checked),
    headSeq: Number(row.headSeq),
    headHash: row.headHash,
    checkpointsVerified: row.checkpointsVerified,
    firstBadSeq: row.firstBadSeq === null ? null : Number(row.firstBadSeq),
    kind: row.kind,
    reason: row.reason,
    warnings: row.warnings,
  };
}

export interface Verifier {
  /** An email for a person, `apikey:<prefix>` for a key, `cli` for the command line. */
  actor: string;
  via: "page" | "api" | "cli";
}

/** Verifies a workspace's ledger and records the run; the result is returned even if recording it fails. */
export async function runVerification(
  ledger: Ledger,
  workspaceId: string,
  who: Verifier,
  onProgress?: (progress: { checked: number; total: number }) => void | Promise<void>,
): Promise<{ result: VerifyResult; run: VerificationRun | null }> {
  const startedAt = new Date();
  const result = await verifyLedger(ledger, workspaceId, { onProgress });
  try {
    const [row] = await ledger.db
      .insert(verifications)
      .values({
        workspaceId,
        startedAt,
        actor: who.actor.slice(0, 320),
        via: who.via,
        ok: result.ok,
        checked: result.checked,
        headSeq: result.head.seq,
        headHash: result.head.hash,
        checkpointsVerified: result.checkpoints.verified,
        firstBadSeq: result.firstBadSeq ?? null,
        kind: result.kind ?? null,
        reason: result.reason ?? null,
        warnings: result.warnings,
      })
      .returning();
    return { result, run: toVerificationRun(row) };
  } catch (error) {
    ledger.log(`could not record the verification of ${workspaceId}: ${(error as Error).message}`);
    return { result, run: null };
  }
}

/** The latest run per workspace. */
export async function latestVerifications(db: Database, workspaceIds: string[]): Promise<Map<string, VerificationRun>> {
  const found = new Map<string, VerificationRun>();
  if (workspaceIds.length === 0) return found;
  const rows = await db
    .selectDistinctOn([verifications.workspaceId])
    .from(verifications)
    .where(inArray(verifications.workspaceId, workspaceIds))
    .orderBy(verifications.workspaceId, desc(verifications.id));
  for (const row of rows) found.set(row.workspaceId, toVerificationRun(row));
  return found;
}

/** A workspace's runs, newest first, paged by id. */
export async function listVerifications(db: Database, workspaceId: string, options: { before?: number; limit?: number } = {}) {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 500);
  const rows = await db
    .select()
    .from(verifications)
    .where(and(eq(verifications.workspaceId, workspaceId), options.before ? lt(verifications.id, options.before) : undefined))
    .orderBy(desc(verifications.id))
    .limit(limit);
  return rows.map(toVerificationRun);
}
