// The ledger as the reference sees it: events grouped by case and by the event they answer, each
// stamped with its instant and its ledger position. Everything is keyed by workspace first: case
// ids, event ids and customer refs only mean something inside one workspace.
import type { WarrantEvent } from "@/lib/events/schema";
import { instant } from "./time";

/** One stored event and the workspace it belongs to, as a row of the `events` table pairs them. */
export interface WorkspaceEvent {
  workspace: string;
  event: WarrantEvent;
}

export interface Stamped<E extends WarrantEvent = WarrantEvent> {
  workspace: string;
  event: E;
  /** occurredAt in microseconds since the epoch. */
  at: bigint;
  /** Position in the input, standing for the ledger's `seq`: it breaks ties between equal instants. */
  pos: number;
}

export interface LedgerView {
  /** Each case's events in (occurredAt, ledger position) order. */
  cases: Map<string, Stamped[]>;
  /** Events answering another event (approvals, overrides, reversals, executions), by that event. */
  children: Map<string, Stamped[]>;
  /** Instants of `case.opened` with contact > 1, by customer and journey. */
  repeatOpenings: Map<string, bigint[]>;
  /** Every event, in input order. */
  all: Stamped[];
}

const SEP = "\u0000";
export const caseKey = (workspace: string, caseId: string) => `${workspace}${SEP}${caseId}`;
export const eventKey = (workspace: string, id: string) => `${workspace}${SEP}${id}`;
export const customerKey = (workspace: string, customerRef: string, journey: string) =>
  `${workspace}${SEP}${customerRef}${SEP}${journey}`;

/** Ledger order: by instant, then by position (PostgreSQL: ORDER BY occurred_at, seq). */
export const byTime = (a: Stamped, b: Stamped) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.pos - b.pos);

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Indexes the events of the given workspace (all workspaces when none is given). The input order
 * stands for ledger order; an id seen twice in one workspace keeps its first event, as ingestion does.
 */
export function viewLedger(events: readonly WorkspaceEvent[], workspace?: string): LedgerView {
  const seen = new Set<string>();
  const view: LedgerView = { cases: new Map(), children: new Map(), repeatOpenings: new Map(), all: [] };
  events.forEach(({ workspace: ws, event }, pos) => {
    if (workspace !== undefined && ws !== workspace) return;
    const key = eventKey(ws, event.id);
    if (seen.has(key)) return;
    seen.add(key);
    const stamped: Stamped = { workspace: ws, event, at: instant(event.occurredAt), pos };
    view.all.push(stamped);
    push(view.cases, caseKey(ws, event.caseId), stamped);
    if (event.parentId !== undefined) push(view.children, eventKey(ws, event.parentId), stamped);
    if (event.type === "case.opened" && event.contact > 1 && event.customerRef !== undefined)
      push(view.repeatOpenings, customerKey(ws, event.customerRef, event.journey), stamped.at);
  });
  for (const list of view.cases.values()) list.sort(byTime);
  for (const list of view.children.values()) list.sort(byTime);
  return view;
}

export function childrenOf(view: LedgerView, of: Stamped): Stamped[] {
  return view.children.get(eventKey(of.workspace, of.event.id)) ?? [];
}

export const isType = <T extends WarrantEvent["type"]>(type: T) =>
  (s: Stamped): s is Stamped<Extract<WarrantEvent, { type: T }>> => s.event.type === type;
