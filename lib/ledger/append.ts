import { and, eq, inArray, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { chainHeads, checkpoints, events, type NewEventRow } from "@/db/schema";
import { columnsOf } from "@/lib/events/columns";
import type { WarrantEvent } from "@/lib/events/schema";
import { canonicalEvent, encodeRecord, entryHash, genesisHash } from "./chain";
import { checkpointOrigin, type Ledger } from "./context";
import { appendToFrontier, decodeFrontier, encodeFrontier, frontierRoot, leafHash } from "./merkle";
import { checkpointBody, signNote } from "./note";

export interface AppendedEvent {
  id: string;
  seq: number;
  hash: string;
  duplicate: boolean;
}

/** The same id was sent again with a different body: refusing it keeps the id an idempotency key. */
export class LedgerConflictError extends Error {
  // Next bundles server code per entry point, so one class can exist twice in a process and
  // `instanceof` fails across bundles; `LedgerConflictError.is` checks a brand instead.
  readonly brand = "warrant.LedgerConflictError";
  static is(error: unknown): error is LedgerConflictError {
    return (error as { brand?: string } | null)?.brand === "warrant.LedgerConflictError";
  }

  constructor(
    readonly ids: string[],
    readonly batchIndex: number,
  ) {
    super(`event id ${ids.join(", ")} was already stored with a different body`);
  }
}

// One multi-row INSERT may carry at most 65,534 parameters; events have 24 columns.
const INSERT_CHUNK = 2000;

interface PendingCheckpoint {
  workspaceId: string;
  treeSize: number;
  note: string;
}

/**
 * The only write path of the ledger. Appends each batch in order, in one transaction: every batch is
 * stored whole or, if any batch conflicts, nothing is. Returns one result list per batch, in input order.
 */
export async function appendBatches(
  ledger: Ledger,
  workspaceId: string,
  batches: WarrantEvent[][],
  options: { receivedAt?: Date } = {},
): Promise<AppendedEvent[][]> {
  const published: PendingCheckpoint[] = [];
  const results = await ledger.db.transaction(async (tx) => {
    const head = await lockHead(tx, workspaceId);
    const receivedAt = (options.receivedAt ?? new Date()).toISOString();
    const ids = [...new Set(batches.flat().map((e) => e.id))];
    const stored = await storedEvents(tx, workspaceId, ids);

    let { seq, hash } = head;
    let frontier = decodeFrontier(head.frontier);
    const rows: NewEventRow[] = [];
    const appended: { seq: number; event: WarrantEvent }[] = [];
    const seen = new Map<string, { canonical: string; result: AppendedEvent }>(stored);
    const out = batches.map((batch, batchIndex) =>
      batch.map((event) => {
        const canonical = canonicalEvent(event);
        const earlier = seen.get(event.id);
        if (earlier) {
          if (earlier.canonical !== canonical) throw new LedgerConflictError([event.id], batchIndex);
          return { ...earlier.result, duplicate: true };
        }
        seq += 1;
        const record = encodeRecord({ v: 1, workspace: workspaceId, seq: String(seq), id: event.id, receivedAt, event });
        const prevHash = hash;
        hash = entryHash(prevHash, record);
        frontier = appendToFrontier(frontier, seq - 1, leafHash(hash));
        rows.push(toRow(workspaceId, seq, event, record, receivedAt, prevHash, hash));
        appended.push({ seq, event });
        const result = { id: event.id, seq, hash: hash.toString("hex"), duplicate: false };
        seen.set(event.id, { canonical, result });
        return result;
      }),
    );

    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await tx.insert(events).values(rows.slice(i, i + INSERT_CHUNK));
    }
    if (rows.length > 0) {
      await ledger.project?.(tx, workspaceId, appended);
      const due = checkpointDue(ledger, head, seq);
      const checkpoint = due ? await insertCheckpoint(tx, ledger, workspaceId, seq, frontier) : null;
      if (checkpoint) published.push(checkpoint);
      await tx
        .update(chainHeads)
        .set({
          seq,
          hash,
          frontier: encodeFrontier(frontier),
          updatedAt: new Date(),
          ...(checkpoint ? { checkpointSeq: seq, checkpointAt: new Date() } : {}),
        })
        .where(eq(chainHeads.workspaceId, workspaceId));
    }
    return out;
  });
  await publishAll(ledger, published);
  return results;
}

export async function appendEvents(ledger: Ledger, workspaceId: string, batch: WarrantEvent[], options: { receivedAt?: Date } = {}) {
  const [results] = await appendBatches(ledger, workspaceId, [batch], options);
  return results;
}

/** Signs a checkpoint of the current head now, if anything was appended since the last one. */
export async function checkpointNow(ledger: Ledger, workspaceId: string): Promise<number | null> {
  const published: PendingCheckpoint[] = [];
  await ledger.db.transaction(async (tx) => {
    const head = await lockHead(tx, workspaceId);
    if (head.seq === 0 || head.seq === head.checkpointSeq) return;
    const checkpoint = await insertCheckpoint(tx, ledger, workspaceId, head.seq, decodeFrontier(head.frontier));
    published.push(checkpoint);
    await tx
      .update(chainHeads)
      .set({ checkpointSeq: head.seq, checkpointAt: new Date() })
      .where(eq(chainHeads.workspaceId, workspaceId));
  });
  await publishAll(ledger, published);
  return published[0]?.treeSize ?? null;
}

interface LockedHead {
  seq: number;
  hash: Buffer;
  frontier: Buffer;
  checkpointSeq: number;
  checkpointAt: Date | null;
}

// The chain head row is the per-workspace append lock: appends to one workspace serialise here,
// appends to different workspaces never meet.
async function lockHead(tx: Transaction, workspaceId: string): Promise<LockedHead> {
  await tx
    .insert(chainHeads)
    .values({ workspaceId, seq: 0, hash: genesisHash(workspaceId), frontier: Buffer.alloc(0) })
    .onConflictDoNothing();
  const [head] = await tx.select().from(chainHeads).where(eq(chainHeads.workspaceId, workspaceId)).for("update");
  return { ...head, seq: Number(head.seq), checkpointSeq: Number(head.checkpointSeq) };
}

async function storedEvents(tx: Transaction, workspaceId: string, ids: string[]) {
  const found = new Map<string, { canonical: string; result: AppendedEvent }>();
  for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
    const rows = await tx
      .select({ id: events.id, seq: events.seq, record: events.record, hash: events.hash })
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), inArray(events.id, ids.slice(i, i + INSERT_CHUNK))));
    for (const row of rows) {
      // Compare against the hashed record, never the jsonb copy: jsonb reorders keys and normalises numbers.
      const canonical = canonicalEvent((JSON.parse(row.record) as { event: unknown }).event);
      found.set(row.id, { canonical, result: { id: row.id, seq: Number(row.seq), hash: row.hash.toString("hex"), duplicate: true } });
    }
  }
  return found;
}

function toRow(
  workspaceId: string,
  seq: number,
  event: WarrantEvent,
  record: string,
  receivedAt: string,
  prevHash: Buffer,
  hash: Buffer,
): NewEventRow {
  const c = columnsOf(event);
  return {
    workspaceId,
    seq,
    id: event.id,
    type: event.type,
    occurredAt: new Date(c.occurredAt),
    receivedAt: new Date(receivedAt),
    caseId: c.caseId,
    journey: c.journey,
    channel: c.channel,
    actorType: c.actorType,
    actorId: c.actorId,
    aiVersion: c.aiVersion,
    action: c.action,
    autonomy: c.autonomy,
    confidence: c.confidence,
    parentId: c.parentId,
    outcome: c.outcome,
    customerRef: c.customerRef,
    amount: c.amount === null ? null : String(c.amount),
    currency: c.currency,
    record,
    body: sql`${record}::jsonb -> 'event'`,
    prevHash,
    hash,
  };
}

function checkpointDue(ledger: Ledger, head: LockedHead, newSeq: number): boolean {
  if (newSeq - head.checkpointSeq >= ledger.checkpointEvery) return true;
  // A chain never signed yet is left to the count rule and the background timer (lib/server-tasks).
  if (!head.checkpointAt) return false;
  return Date.now() - head.checkpointAt.getTime() >= ledger.checkpointIntervalMs;
}

async function insertCheckpoint(
  tx: Transaction,
  ledger: Ledger,
  workspaceId: string,
  treeSize: number,
  frontier: Buffer[],
): Promise<PendingCheckpoint> {
  const root = frontierRoot(frontier, treeSize);
  const note = signNote(checkpointBody(checkpointOrigin(workspaceId), treeSize, root), ledger.key);
  // clock_timestamp(), not now(): now() is the transaction's start, and a transaction that waited for
  // the chain lock started before the one it waited for committed. Signing order must be real order.
  await tx.insert(checkpoints).values({ workspaceId, treeSize, rootHash: root, keyId: ledger.key.keyId, note, createdAt: sql`clock_timestamp()` });
  return { workspaceId, treeSize, note };
}

// Publishing happens after commit: an external copy must never describe a tree the database rolled back.
async function publishAll(ledger: Ledger, pending: PendingCheckpoint[]) {
  for (const { workspaceId, treeSize, note } of pending) {
    await ledger.sink.publish(workspaceId, treeSize, note).catch((error: Error) => {
      ledger.log(`could not publish checkpoint ${workspaceId}@${treeSize} outside the database: ${error.message}`);
    });
  }
}
