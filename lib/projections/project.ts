import { sql } from "drizzle-orm";
import { allInOrder, type Executor, sqlArray } from "@/db/client";
import { EVENT_SEARCH_DOCUMENT } from "@/db/schema";
import { columnsOf } from "@/lib/events/columns";
import type { WarrantEvent } from "@/lib/events/schema";
import type { SpeculativePreparation } from "@/lib/ledger/context";
import { refreshCameBack, repeatContactKey } from "./came-back";
import { projectCases } from "./cases";
import { type PolicyVerdict, projectDecisions, type TouchedDecisions } from "./decisions";
import { expectPolicy, isAiAction, judgeAgainst, type PolicyJudge, type PolicySnapshot, readPolicyFor } from "./policy-verdicts";

/** A ledger entry as the projections see it. */
export interface ProjectedEntry {
  seq: number;
  event: WarrantEvent;
}

/** What `prepare` found: the verdicts of the events' AI-executed actions, and the policy they were judged against. */
export interface Prepared {
  verdicts: PolicyVerdict[];
  /** The policy versions as read, when they were; a later append may be judged against them (`prepareFrom`). */
  policy?: PolicySnapshot;
}

export interface Projector {
  /** Judges the events' AI actions against the stored policy (one read, sent with the chain lock). */
  prepare(tx: Executor, workspaceId: string, events: WarrantEvent[]): Promise<Prepared>;
  /** Writes the projections of appended entries, every statement sent at once (see `createProjector`). */
  apply(tx: Executor, workspaceId: string, entries: ProjectedEntry[], prepared: Prepared): Promise<void>;
  /** Writes the case-search documents of appended entries, read from their own rows alone (see LedgerProjector). */
  applyOwn(tx: Executor, workspaceId: string, entries: ProjectedEntry[]): Promise<void>;
  /**
   * Prepares a speculative append without reading (see LedgerProjector): events without an AI-executed
   * action need no policy; the others are judged against the policy an earlier append read, guarded
   * by its latest version number. Absent with a custom judge, whose workings it cannot repeat.
   */
  prepareFrom?(earlier: Prepared | undefined, events: WarrantEvent[]): SpeculativePreparation<Prepared> | null;
}

export interface ProjectorOptions {
  /** How AI-executed actions are judged against the decision-authority policy; default: lib/policy on the stored versions. */
  judge?: PolicyJudge;
}

/**
 * Applies newly appended ledger entries to the projections, inside the appending transaction and after
 * the entries are inserted (cases and decisions are recomputed from the ledger rows), so the projections
 * never disagree with the ledger. The same projector replays the ledger on rebuild.
 *
 * `apply` sends its statements together without waiting between them: on the transaction's one
 * connection PostgreSQL runs them in the order they were sent, so a statement sees what those before it
 * wrote. The order is the order of the calls below (each call sends its statement before it first
 * awaits), and it matters twice: `projectCases` computes the touched cases' `came_back_after` from the
 * repeat contacts, so `projectRepeatContacts` comes first; `refreshCameBack` reads what both wrote, so
 * it comes last. Under load each round trip also waits for the event loop; sending them together took
 * 64 single-event callers from 2,395 to 2,711 events/s.
 */
export function createProjector(options: ProjectorOptions = {}): Projector {
  const { judge } = options;
  return {
    prepare: async (tx, workspaceId, events) => {
      if (judge) return { verdicts: await judge(tx, workspaceId, events) };
      const policy = await readPolicyFor(tx, workspaceId, events);
      return { verdicts: judgeAgainst(policy, events), policy: policy ?? undefined };
    },
    prepareFrom: judge
      ? undefined
      : (earlier, events) => {
          const policy = earlier?.policy;
          if (!events.some(isAiAction)) return { prepared: { verdicts: [], policy } };
          if (!policy) return null;
          return { prepared: { verdicts: judgeAgainst(policy, events), policy }, guard: (tx, workspaceId) => expectPolicy(tx, workspaceId, policy) };
        },
    applyOwn: (tx, workspaceId, entries) => projectSearchDocuments(tx, workspaceId, entries),
    apply: async (tx, workspaceId, entries, { verdicts }) => {
      if (entries.length === 0) return;
      const events = entries.map((e) => e.event);
      // Prepared for every event sent; a re-sent (duplicate) action keeps the verdict it was given when stored.
      const appended = new Set(events.map((e) => e.id));
      const caseIds = [...new Set(events.map((e) => e.caseId))];
      const touched = decisionsTouched(events);
      await allInOrder([
        projectRepeatContacts(tx, workspaceId, entries),
        projectCases(tx, workspaceId, caseIds),
        projectDecisions(tx, workspaceId, touched, verdicts.filter((v) => appended.has(v.id))),
        projectHandoffs(tx, workspaceId, entries),
        projectDailyActivity(tx, workspaceId, entries),
        refreshCameBack(tx, workspaceId, entries),
      ]);
    },
  };
}

/**
 * The ids whose decision rows the events can change (lib/projections/decisions.ts): a decision's row is
 * made of the decision itself (an AI proposal, an AI-executed action), the executions of a proposal, and
 * the approvals, overrides and reversals of either. An event of another type (a case opening, a
 * handoff, an outcome, feedback) changes none, so a group without decisions skips the statement.
 */
function decisionsTouched(events: WarrantEvent[]): TouchedDecisions {
  const decisions = new Set<string>();
  const answered = new Set<string>();
  for (const event of events) {
    switch (event.type) {
      case "ai.proposal":
        decisions.add(event.id);
        break;
      case "action.executed":
        // Itself, when the AI executed it; its proposal, whose executions it joins.
        decisions.add(event.id);
        if (event.parentId !== undefined) answered.add(event.parentId);
        break;
      case "approval.decided":
      case "action.overridden":
      case "action.reversed":
        if (event.parentId !== undefined) answered.add(event.parentId);
        break;
      default:
        break;
    }
  }
  return { decisions: [...decisions], answered: [...answered] };
}

/** The projector live ingest and `npx warrant rebuild` use. */
export const projectEntries: Projector = createProjector();

/** Prepares and applies in one go, for callers that hold no chain lock to send the read with (rebuild, tests). */
export async function projectNow(projector: Projector, tx: Executor, workspaceId: string, entries: ProjectedEntry[]): Promise<void> {
  const prepared = await projector.prepare(tx, workspaceId, entries.map((e) => e.event));
  await projector.applyOwn(tx, workspaceId, entries);
  await projector.apply(tx, workspaceId, entries, prepared);
}

async function projectHandoffs(tx: Executor, workspaceId: string, entries: ProjectedEntry[]) {
  const rows = entries.flatMap(({ seq, event }) =>
    event.type === "handoff"
      ? [
          {
            workspace_id: workspaceId,
            seq,
            event_id: event.id,
            case_id: event.caseId,
            occurred_at: event.occurredAt,
            journey: event.journey,
            channel: event.channel,
            actor_type: event.actor.type,
            ai_version: event.actor.type === "ai" ? (event.actor.version ?? null) : null,
            from_party: event.from,
            to_party: event.to,
            reason: event.reason,
            context_transferred: event.contextTransferred,
          },
        ]
      : [],
  );
  if (rows.length === 0) return;
  // A plain INSERT, keyed by the entry's seq, as projectSearchDocuments explains.
  await tx.execute(sql`
    insert into handoffs (workspace_id, seq, event_id, case_id, occurred_at, journey, channel, actor_type, ai_version,
      from_party, to_party, reason, context_transferred)
    select * from json_to_recordset(${JSON.stringify(rows)}::json) as r(workspace_id text, seq bigint, event_id uuid,
      case_id text, occurred_at timestamptz, journey text, channel text, actor_type text, ai_version text,
      from_party text, to_party text, reason text, context_transferred boolean)`);
}

async function projectRepeatContacts(tx: Executor, workspaceId: string, entries: ProjectedEntry[]) {
  const rows = entries.flatMap((entry) => {
    const key = repeatContactKey(entry);
    return key ? [{ workspace_id: workspaceId, seq: entry.seq, case_id: entry.event.caseId, ...key, occurred_at: entry.event.occurredAt }] : [];
  });
  if (rows.length === 0) return;
  // A plain INSERT, keyed by the entry's seq, as projectSearchDocuments explains.
  await tx.execute(sql`
    insert into repeat_contacts (workspace_id, seq, case_id, customer_ref, journey, occurred_at)
    select * from json_to_recordset(${JSON.stringify(rows)}::json) as r(workspace_id text, seq bigint, case_id text,
      customer_ref text, journey text, occurred_at timestamptz)`);
}

async function projectDailyActivity(tx: Executor, workspaceId: string, entries: ProjectedEntry[]) {
  const counts = new Map<string, Record<string, string | number>>();
  for (const { event } of entries) {
    const c = columnsOf(event);
    const row = {
      workspace_id: workspaceId,
      day: new Date(Date.parse(event.occurredAt)).toISOString().slice(0, 10),
      journey: c.journey,
      channel: c.channel,
      type: event.type,
      actor_type: c.actorType,
      ai_version: c.aiVersion ?? "",
      action: c.action ?? "",
      autonomy: c.autonomy ?? "",
      events: 0,
    };
    const key = [row.day, row.journey, row.channel, row.type, row.actor_type, row.ai_version, row.action, row.autonomy].join("\u0000");
    const existing = counts.get(key) ?? row;
    existing.events = Number(existing.events) + 1;
    counts.set(key, existing);
  }
  await tx.execute(sql`
    insert into daily_activity (workspace_id, day, journey, channel, type, actor_type, ai_version, action, autonomy, events)
    select workspace_id, day, journey, channel, type, actor_type, ai_version, action, autonomy, events
    from json_to_recordset(${JSON.stringify([...counts.values()])}::json) as r(workspace_id text, day date, journey text,
      channel text, type text, actor_type text, ai_version text, action text, autonomy text, events integer)
    on conflict on constraint daily_activity_pk do update set events = daily_activity.events + excluded.events`);
}

/**
 * Whether an event carries words a case search matches (EVENT_SEARCH_DOCUMENT): a decision's rationale,
 * a reason, its action's target reference or an evidence reference.
 */
function hasSearchText(event: WarrantEvent): boolean {
  const fields = event as {
    decision?: { rationale?: unknown; evidence?: { ref?: unknown }[] };
    reason?: unknown;
    action?: { target?: { ref?: unknown } };
  };
  return (
    typeof fields.decision?.rationale === "string" ||
    typeof fields.reason === "string" ||
    typeof fields.action?.target?.ref === "string" ||
    (fields.decision?.evidence ?? []).some((item) => typeof item.ref === "string")
  );
}

// Computed from the stored `body` (redacted, as the ledger holds it) with the one shared expression, so
// a rebuild from the ledger yields the same documents. A plain INSERT, as are the handoffs' and the repeat
// contacts': these rows are keyed by the entry's seq, and only the append that stores the entry writes
// them (a rebuild deletes them first), so a conflict would be a fault to fail on, not to skip. ON
// CONFLICT DO NOTHING cost a sixth of this statement (0.55 of 3.0 ms for 108 documents).
async function projectSearchDocuments(tx: Executor, workspaceId: string, entries: ProjectedEntry[]) {
  const seqs = entries.flatMap(({ seq, event }) => (hasSearchText(event) ? [seq] : []));
  if (seqs.length === 0) return;
  await tx.execute(sql`
    insert into event_search (workspace_id, seq, case_id, document)
    select workspace_id, seq, case_id, ${EVENT_SEARCH_DOCUMENT} from events
    where workspace_id = ${workspaceId} and seq = any(${sqlArray(seqs, "bigint")})`);
}
