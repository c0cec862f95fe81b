// Reads the events an export selects in keyset pages by seq: one page in memory at a time, however
// large the export, and no transaction held open while the client downloads.
import { and, count, eq, gt, gte, lte, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { rowsOf, type Database } from "@/db/client";
import { events } from "@/db/schema";
import type { ExportFilter } from "./query";

export const EXPORT_PAGE = 2000;

function conditions(workspaceId: string, filter: ExportFilter, upTo: number): SQL[] {
  const where: SQL[] = [eq(events.workspaceId, workspaceId), lte(events.seq, Math.min(upTo, filter.toSeq ?? upTo))];
  if (filter.fromSeq !== undefined) where.push(gte(events.seq, filter.fromSeq));
  // Instants go to PostgreSQL as text: a JS Date would drop their microseconds.
  if (filter.from !== undefined) where.push(sql`${events.occurredAt} >= ${filter.from}::timestamptz`);
  if (filter.to !== undefined) where.push(sql`${events.occurredAt} < ${filter.to}::timestamptz`);
  if (filter.journey !== undefined) where.push(eq(events.journey, filter.journey));
  if (filter.caseId !== undefined) where.push(eq(events.caseId, filter.caseId));
  if (filter.type !== undefined) where.push(eq(events.type, filter.type));
  if (filter.actorType !== undefined) where.push(eq(events.actorType, filter.actorType));
  if (filter.actorId !== undefined) where.push(eq(events.actorId, filter.actorId));
  return where;
}

/** How many events the export will contain (for the progress bar and the Content headers). */
export async function countExport(db: Database, workspaceId: string, filter: ExportFilter, upTo: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(events)
    .where(and(...conditions(workspaceId, filter, upTo)));
  return Number(row?.n ?? 0);
}

/** What every format needs: the entry as the ledger holds it. */
export interface LedgerRow {
  seq: number;
  id: string;
  record: string;
  hash: Buffer;
  prevHash: Buffer;
}

/** The query columns too, as text, for CSV. Instants are UTC with microseconds. */
export interface CsvRow extends LedgerRow {
  type: string;
  occurredAt: string;
  receivedAt: string;
  caseId: string;
  journey: string;
  channel: string;
  actorType: string;
  actorId: string;
  aiVersion: string | null;
  action: string | null;
  autonomy: string | null;
  confidence: string | null;
  amount: string | null;
  currency: string | null;
  parentId: string | null;
  outcome: string | null;
  customerRef: string | null;
}

const utc = (column: SQLWrapper) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Pages of ledger rows matching the filter, in seq order, up to and including seq `upTo`. */
export async function* ledgerPages(db: Database, workspaceId: string, filter: ExportFilter, upTo: number): AsyncGenerator<LedgerRow[]> {
  let last = 0;
  for (;;) {
    const rows = await db
      .select({ seq: events.seq, id: events.id, record: events.record, hash: events.hash, prevHash: events.prevHash })
      .from(events)
      .where(and(...conditions(workspaceId, filter, upTo), gt(events.seq, last)))
      .orderBy(events.seq)
      .limit(EXPORT_PAGE);
    if (rows.length === 0) return;
    const page = rows.map((r) => ({ ...r, seq: Number(r.seq) }));
    yield page;
    last = page[page.length - 1].seq;
    if (rows.length < EXPORT_PAGE) return;
  }
}

/** Pages with the query columns as well, for CSV. */
export async function* csvPages(db: Database, workspaceId: string, filter: ExportFilter, upTo: number): AsyncGenerator<CsvRow[]> {
  let last = 0;
  for (;;) {
    const where = and(...conditions(workspaceId, filter, upTo), gt(events.seq, last));
    const rows = rowsOf<Record<string, unknown>>(
      await db.execute(sql`
        select seq, id, type, ${utc(events.occurredAt)} as occurred_at, ${utc(events.receivedAt)} as received_at, case_id, journey,
          channel, actor_type, actor_id, ai_version, action, autonomy, confidence::text as confidence, amount::text as amount,
          currency, parent_id, outcome, customer_ref, record, prev_hash, hash
        from ${events} where ${where} order by seq limit ${EXPORT_PAGE}`),
    );
    if (rows.length === 0) return;
    const page = rows.map(toCsvRow);
    yield page;
    last = page[page.length - 1].seq;
    if (rows.length < EXPORT_PAGE) return;
  }
}

const bytes = (value: unknown): Buffer => (Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array));
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function toCsvRow(r: Record<string, unknown>): CsvRow {
  return {
    seq: Number(r.seq),
    id: String(r.id),
    record: String(r.record),
    hash: bytes(r.hash),
    prevHash: bytes(r.prev_hash),
    type: String(r.type),
    occurredAt: String(r.occurred_at),
    receivedAt: String(r.received_at),
    caseId: String(r.case_id),
    journey: String(r.journey),
    channel: String(r.channel),
    actorType: String(r.actor_type),
    actorId: String(r.actor_id),
    aiVersion: text(r.ai_version),
    action: text(r.action),
    autonomy: text(r.autonomy),
    confidence: text(r.confidence),
    amount: text(r.amount),
    currency: text(r.currency),
    parentId: text(r.parent_id),
    outcome: text(r.outcome),
    customerRef: text(r.customer_ref),
  };
}

