// The events around one AI action: the event itself, the proposal it executed, and what people did
// about either (approvals, overrides, reversals), found through parent_id.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Database } from "@/db/client";
import { cases, events, type CaseRow } from "@/db/schema";
import type { WarrantEvent } from "@/lib/events/schema";

export interface LoadedEvent {
  seq: number;
  id: string;
  event: WarrantEvent;
}

function parse(row: { seq: number | string; id: string; record: string }): LoadedEvent | null {
  try {
    const record = JSON.parse(row.record) as { event: WarrantEvent };
    return { seq: Number(row.seq), id: row.id, event: record.event };
  } catch {
    return null;
  }
}

const columns = { seq: events.seq, id: events.id, record: events.record };

export async function loadEvent(db: Database, workspaceId: string, id: string): Promise<LoadedEvent | null> {
  const [row] = await db.select(columns).from(events).where(and(eq(events.workspaceId, workspaceId), eq(events.id, id)));
  return row ? parse(row) : null;
}

/** Events whose parent is one of `ids`, in the order they happened. */
export async function childrenOf(db: Database, workspaceId: string, ids: string[]): Promise<LoadedEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(columns)
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), inArray(events.parentId, ids)))
    .orderBy(asc(events.occurredAt), asc(events.seq));
  return rows.map(parse).filter((e): e is LoadedEvent => e !== null);
}

export interface Related {
  /** The ai.proposal an execution carried out (its parent), if any. */
  proposal: LoadedEvent | null;
  /** Executions of this proposal (when the event is a proposal). */
  executions: LoadedEvent[];
  /** Approvals, overrides and reversals of the event, its proposal and its executions, in time order. */
  reactions: LoadedEvent[];
}

const REACTIONS = new Set(["approval.decided", "action.overridden", "action.reversed"]);

export async function relatedTo(db: Database, workspaceId: string, subject: LoadedEvent): Promise<Related> {
  const parentId = subject.event.parentId;
  const parent = parentId ? await loadEvent(db, workspaceId, parentId) : null;
  const proposal = parent?.event.type === "ai.proposal" ? parent : null;
  const first = await childrenOf(db, workspaceId, [subject.id, ...(proposal ? [proposal.id] : [])]);
  const executions = subject.event.type === "ai.proposal" ? first.filter((e) => e.event.type === "action.executed") : [];
  const second = await childrenOf(db, workspaceId, executions.map((e) => e.id));
  const reactions = [...first, ...second]
    .filter((e) => REACTIONS.has(e.event.type))
    .sort((a, b) => Date.parse(a.event.occurredAt) - Date.parse(b.event.occurredAt) || a.seq - b.seq);
  return { proposal, executions, reactions };
}

export async function caseRow(db: Database, workspaceId: string, caseId: string): Promise<CaseRow | null> {
  const [row] = await db.select().from(cases).where(and(eq(cases.workspaceId, workspaceId), eq(cases.caseId, caseId)));
  return row ?? null;
}

/** The 0.1-wide band a confidence falls in; 1.0 belongs to the top band. */
export function bandOf(confidence: number): { from: number; to: number } {
  const index = Math.min(9, Math.floor(Math.round(confidence * 1e9) / 1e8));
  return { from: index / 10, to: (index + 1) / 10 };
}

/**
 * Of the AI decisions open to review in a confidence band (DESIGN §5: proposals that got a decision,
 * executions at supervised or autonomous), how many a person rejected, edited, overrode or reversed. The
 * decision being explained is left out: the figure is the track record it is compared with.
 */
export async function bandOverrides(db: Database, workspaceId: string, band: { from: number; to: number }, excludeId: string) {
  const upper = band.to >= 1 ? sql`d.confidence <= 1` : sql`d.confidence < ${band.to}`;
  // The ai_decisions projection, with the calibration KPI's definitions (lib/metrics/sql-actions.ts): a
  // decision open to review, and one people disagreed with or that was reversed. Reading the ledger with
  // correlated lookups per decision took seconds on a million events.
  const [row] = rowsOf<{ reviewed: string | number; overridden: string | number }>(await db.execute(sql`
    select count(*) filter (where open) as reviewed, count(*) filter (where open and countermanded) as overridden
    from (
      select ((d.kind = 'proposal' and d.approval is not null) or (d.kind = 'action' and d.autonomy in ('supervised', 'autonomous'))) as open,
        (coalesce(d.approval in ('rejected', 'edited'), false) or d.overridden or d.reversed_any) as countermanded
      from ai_decisions d
      where d.workspace_id = ${workspaceId} and d.confidence >= ${band.from} and ${upper} and d.event_id <> ${excludeId}
    ) x`));
  return { reviewed: Number(row?.reviewed ?? 0), overridden: Number(row?.overridden ?? 0) };
}
