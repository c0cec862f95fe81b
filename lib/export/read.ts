// Reads the events an export selects in keyset pages by seq: one page in memory at a time, however
// large the export, and no transaction held open while the client downloads.
import { and, count, eq, gt, gte, lte, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { events } from "@/db/schema";
import type { ExportFilter } from "./query";

// A page stays alive while it is turned into text, long enough for V8 to move it to the old generation,
// where it waits for a full collection: 1,000 rows (about a megabyte) rather than 2,000 halves that.
export const EXPORT_PAGE = 1000;

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

/** What every format needs: the entry as the ledger holds it, its hashes as lowercase hex. */
export interface LedgerRow {
  seq: number;
  id: string;
  record: string;
  hash: string;
  prevHash: string;
}

/** The query columns too, as text, for CSV. Instants are UTC with microseconds. */
export interface CsvRow extends Omit<LedgerRow, "record"> {
  /** The record as a finished CSV cell: in double quotes, its own quotes doubled. */
  recordCell: string;
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
// Every format writes the hashes as hex: PostgreSQL encodes them, so no row costs a Buffer and a
// second string per hash on the way (a million rows of garbage the collector would have to chase).
const hexOf = (column: SQLWrapper) => sql<string>`encode(${column}, 'hex')`;

const ledgerColumns = { seq: events.seq, id: events.id, record: events.record, hash: hexOf(events.hash), prevHash: hexOf(events.prevHash) };

/** Pages of ledger rows matching the filter, in seq order, up to and including seq `upTo`. */
export async function* ledgerPages(db: Database, workspaceId: string, filter: ExportFilter, upTo: number): AsyncGenerator<LedgerRow[]> {
  let last = 0;
  for (;;) {
    const page: LedgerRow[] = await db
      .select(ledgerColumns)
      .from(events)
      .where(and(...conditions(workspaceId, filter, upTo), gt(events.seq, last)))
      .orderBy(events.seq)
      .limit(EXPORT_PAGE);
    if (page.length === 0) return;
    yield page;
    last = page[page.length - 1].seq;
    if (page.length < EXPORT_PAGE) return;
  }
}

// The record's CSV cell is made by PostgreSQL: doubling its hundred-odd quotes in JS cost V8 some 9 KB of
// garbage a row (replaceAll and a global replace alike), most of a CSV export's allocation. A record is
// canonical JSON, an object: it starts with "{", so it never needs csv.ts's formula guard.
const recordCell = sql<string>`'"' || replace(${events.record}, '"', '""') || '"'`;

const csvColumns = {
  seq: events.seq,
  id: events.id,
  hash: ledgerColumns.hash,
  prevHash: ledgerColumns.prevHash,
  recordCell,
  type: events.type,
  occurredAt: utc(events.occurredAt),
  receivedAt: utc(events.receivedAt),
  caseId: events.caseId,
  journey: events.journey,
  channel: events.channel,
  actorType: events.actorType,
  actorId: events.actorId,
  aiVersion: events.aiVersion,
  action: events.action,
  autonomy: events.autonomy,
  confidence: sql<string | null>`${events.confidence}::text`,
  amount: events.amount,
  currency: events.currency,
  parentId: events.parentId,
  outcome: events.outcome,
  customerRef: events.customerRef,
};

/** Pages with the query columns as well, for CSV. */
export async function* csvPages(db: Database, workspaceId: string, filter: ExportFilter, upTo: number): AsyncGenerator<CsvRow[]> {
  let last = 0;
  for (;;) {
    // A typed select: the driver returns each row as an array, not an object built one column at a time.
    const page: CsvRow[] = await db
      .select(csvColumns)
      .from(events)
      .where(and(...conditions(workspaceId, filter, upTo), gt(events.seq, last)))
      .orderBy(events.seq)
      .limit(EXPORT_PAGE);
    if (page.length === 0) return;
    yield page;
    last = page[page.length - 1].seq;
    if (page.length < EXPORT_PAGE) return;
  }
}
