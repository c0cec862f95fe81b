// An export in two steps: plan (everything that can fail, and the numbers the response headers and the
// progress bar need), then stream. The route answers an error before sending a byte, and a stream
// that starts is one that can finish.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accessLog, chainHeads } from "@/db/schema";
import { appendAccessLog } from "@/lib/auth/access-log";
import type { Ledger } from "@/lib/ledger/context";
import { checkpointAt, currentCheckpoint, openLedgerTree, type StoredCheckpoint } from "@/lib/ledger/prove";
import { bundleChunks, type BundlePlan } from "./bundle";
import { ChunkBuffer } from "./chunks";
import { csvHeader, csvRow } from "./csv";
import { type ExportFilter, type ExportFormat, type ExportQuery, exportFilename, filterOf, isContiguous } from "./query";
import { countExport, csvPages, ledgerPages } from "./read";

export const EXPORT_LOG_ACTION = "export.events";

/** A request that cannot be exported as asked; `field` names the query parameter at fault. */
export class ExportRefusal extends Error {
  override name = "ExportRefusal";
  static is(error: unknown): error is ExportRefusal {
    return error instanceof Error && error.name === "ExportRefusal";
  }
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface ExportPlan {
  workspace: string;
  format: ExportFormat;
  filter: ExportFilter;
  /** Events the export contains. */
  total: number;
  /** Nothing after this seq is exported: the head when planned, or the covering checkpoint's size. */
  upTo: number;
  filename: string;
  contentType: string;
  bundle: BundlePlan | null;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8; header=present",
  bundle: "application/x-ndjson; charset=utf-8",
};

async function headSeq(db: Database, workspaceId: string): Promise<number> {
  const [head] = await db.select({ seq: chainHeads.seq }).from(chainHeads).where(eq(chainHeads.workspaceId, workspaceId));
  return head ? Number(head.seq) : 0;
}

/** The checkpoint the last bundle of this workspace was proven against, from the access log. */
async function lastBundleCheckpoint(db: Database, workspaceId: string): Promise<number | null> {
  const [row] = await db
    .select({ details: accessLog.details })
    .from(accessLog)
    .where(and(eq(accessLog.workspaceId, workspaceId), eq(accessLog.action, EXPORT_LOG_ACTION), sql`${accessLog.details} ->> 'format' = 'bundle'`))
    .orderBy(desc(accessLog.id))
    .limit(1);
  const size = (row?.details as { checkpoint?: unknown } | undefined)?.checkpoint;
  return typeof size === "number" && size > 0 ? size : null;
}

async function previousCheckpoint(ledger: Ledger, workspaceId: string, since: number | undefined, current: StoredCheckpoint): Promise<StoredCheckpoint | null> {
  if (since !== undefined) {
    if (since > current.treeSize) throw new ExportRefusal(`the newest checkpoint has size ${current.treeSize}; since cannot be larger`, "since");
    const found = await checkpointAt(ledger.db, workspaceId, since);
    if (!found) throw new ExportRefusal(`there is no signed checkpoint at size ${since} in workspace ${workspaceId}`, "since");
    return found;
  }
  const last = await lastBundleCheckpoint(ledger.db, workspaceId);
  if (last === null || last >= current.treeSize) return null;
  return checkpointAt(ledger.db, workspaceId, last);
}

export async function planExport(ledger: Ledger, workspaceId: string, query: ExportQuery, now = new Date()): Promise<ExportPlan> {
  const filter = filterOf(query);
  const base = { workspace: workspaceId, format: query.format, filter, filename: exportFilename(workspaceId, query.format, filter, now), contentType: CONTENT_TYPES[query.format] };
  if (query.format !== "bundle") {
    const upTo = await headSeq(ledger.db, workspaceId);
    return { ...base, upTo, total: await countExport(ledger.db, workspaceId, filter, upTo), bundle: null };
  }
  // Sign the head first, so the bundle covers everything stored until now.
  const checkpoint = await currentCheckpoint(ledger, workspaceId);
  const upTo = checkpoint?.treeSize ?? 0;
  const previous = checkpoint ? await previousCheckpoint(ledger, workspaceId, query.since, checkpoint) : null;
  if (query.since !== undefined && !checkpoint) throw new ExportRefusal("the workspace has no signed checkpoint yet", "since");
  const tree = checkpoint ? await openLedgerTree(ledger.db, workspaceId, checkpoint.treeSize, checkpoint.root) : null;
  const bundle: BundlePlan = { workspace: workspaceId, filter, mode: isContiguous(filter) ? "contiguous" : "filtered", checkpoint, previous, tree, generatedAt: now };
  return { ...base, upTo, total: await countExport(ledger.db, workspaceId, filter, upTo), bundle };
}

/** The export's text, chunk by chunk. */
export function exportChunks(ledger: Ledger, plan: ExportPlan): AsyncGenerator<string> {
  if (plan.bundle) return bundleChunks(ledger, plan.bundle);
  return plan.format === "csv" ? csvChunks(ledger, plan) : jsonlChunks(ledger, plan);
}

async function* jsonlChunks(ledger: Ledger, plan: ExportPlan): AsyncGenerator<string> {
  const chunks = new ChunkBuffer();
  for await (const page of ledgerPages(ledger.db, plan.workspace, plan.filter, plan.upTo)) {
    // The record is canonical JSON: embedded as it is, its bytes stay exactly those that were hashed.
    for (const r of page) {
      const full = chunks.add(`{"seq":${r.seq},"id":${JSON.stringify(r.id)},"hash":"${r.hash}","prevHash":"${r.prevHash}","record":${r.record}}\n`);
      if (full) yield full;
    }
  }
  const rest = chunks.rest();
  if (rest) yield rest;
}

async function* csvChunks(ledger: Ledger, plan: ExportPlan): AsyncGenerator<string> {
  const chunks = new ChunkBuffer();
  chunks.add(csvHeader());
  for await (const page of csvPages(ledger.db, plan.workspace, plan.filter, plan.upTo)) {
    for (const r of page) {
      const full = chunks.add(csvRow(r));
      if (full) yield full;
    }
  }
  const rest = chunks.rest();
  if (rest) yield rest;
}

/** One access-log entry per export: who exported what, and what it was proven against. */
export async function logExport(db: Database, plan: ExportPlan, who: { actor: string; ip?: string | null; via: string }) {
  await appendAccessLog(db, {
    workspaceId: plan.workspace,
    actor: who.actor,
    action: EXPORT_LOG_ACTION,
    target: plan.filename,
    ip: who.ip ?? null,
    details: {
      format: plan.format,
      via: who.via,
      events: plan.total,
      upToSeq: plan.upTo,
      ...(plan.bundle ? { checkpoint: plan.bundle.checkpoint?.treeSize ?? 0, mode: plan.bundle.mode } : {}),
      // A flat string: the access log shows details as text.
      ...(Object.keys(plan.filter).length ? { filter: Object.entries(plan.filter).map(([k, v]) => `${k}=${v}`).join(" ") } : {}),
    },
  });
}
