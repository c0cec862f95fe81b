// What the dashboards show besides the KPIs themselves: filter choices, the reasons behind overrides
// and handoffs, pending approvals and policy breaches. Each reads the projections (never `events`)
// with the same range and filters as the KPIs, so a list and the rate above it count the same things.
import { sql } from "drizzle-orm";
import { type Executor, rowsOf } from "@/db/client";
import { DECISIONS, HANDOFF_ROLLUPS, HANDOFFS, splitOnDays, whereInRange } from "./sql-grouping";
import type { MetricsQuery } from "./types";

export interface FilterOptions {
  journeys: string[];
  aiVersions: string[];
  workspaces: { id: string; name: string; isDemo: boolean }[];
}

/** Journeys and AI versions seen in the workspace (any time), from the daily rollup; and all workspaces. */
export async function filterOptions(db: Executor, workspace?: string): Promise<FilterOptions> {
  const scope = workspace === undefined ? sql`true` : sql`workspace_id = ${workspace}`;
  const [journeys, versions, workspaces] = await Promise.all([
    db.execute(sql`select distinct journey as value from daily_activity where ${scope} order by 1`),
    db.execute(sql`select distinct ai_version as value from daily_activity where ${scope} and ai_version <> '' order by 1`),
    db.execute(sql`select id, name, is_demo from workspaces order by created_at, id`),
  ]);
  return {
    journeys: rowsOf<{ value: string }>(journeys).map((r) => r.value),
    aiVersions: rowsOf<{ value: string }>(versions).map((r) => r.value),
    workspaces: rowsOf<{ id: string; name: string; is_demo: boolean }>(workspaces).map((r) => ({ id: r.id, name: r.name, isDemo: r.is_demo })),
  };
}

/** Whether anything was ever ingested (into the workspace, or anywhere). */
export async function hasEvents(db: Executor, workspace?: string): Promise<boolean> {
  const scope = workspace === undefined ? sql`true` : sql`workspace_id = ${workspace}`;
  const [row] = rowsOf<{ any: boolean }>(await db.execute(sql`select exists (select 1 from daily_activity where ${scope}) as any`));
  return Boolean(row?.any);
}

export interface ReasonCount {
  reason: string;
  count: number;
}

/** Why humans disagreed with AI decisions of the range (the disagreements `override` counts), most common first. */
export async function disagreementReasons(db: Executor, query: MetricsQuery, limit = 8): Promise<ReasonCount[]> {
  const rows = rowsOf<{ reason: string | null; count: number }>(
    await db.execute(sql`
      select d.disagreement_reason as reason, count(*)::int as count
      from ai_decisions d
      where ${whereInRange(DECISIONS, query.from, query.to, query.filters)}
        and ((d.kind = 'proposal' and d.approval is not null) or (d.kind = 'action' and d.autonomy in ('supervised', 'autonomous')))
        and (coalesce(d.approval in ('rejected', 'edited'), false) or d.overridden)
      group by 1 order by 2 desc, 1 limit ${limit}`),
  );
  return rows.map((r) => ({ reason: r.reason ?? "(no reason given)", count: Number(r.count) }));
}

export interface HandoffReason {
  reason: string;
  count: number;
  withContext: number;
}

/**
 * Handoffs from AI to a human in the range, by reason, with how many carried the context: from the daily
 * rollup when the range is whole UTC days, else from the rows.
 */
export async function handoffReasons(db: Executor, query: MetricsQuery, options: { source?: "auto" | "rows" } = {}): Promise<HandoffReason[]> {
  const split = splitOnDays({ kind: "bucket", from: query.from, to: query.to, seconds: 86_400 });
  const fromRollups = options.source !== "rows" && split !== null && split.fragments.length === 0;
  const rows = rowsOf<{ reason: string; count: number; with_context: number }>(
    await db.execute(
      fromRollups
        ? sql`
          select h.reason, sum(h.to_human)::int as count, sum(h.with_context)::int as with_context
          from handoff_rollups h where ${whereInRange(HANDOFF_ROLLUPS, query.from, query.to, query.filters)}
          group by 1 having sum(h.to_human) > 0 order by 2 desc, 1`
        : sql`
          select h.reason, count(*)::int as count, (count(*) filter (where h.context_transferred))::int as with_context
          from handoffs h
          where h.from_party = 'ai' and h.to_party = 'human' and ${whereInRange(HANDOFFS, query.from, query.to, query.filters)}
          group by 1 order by 2 desc, 1`,
    ),
  );
  return rows.map((r) => ({ reason: r.reason, count: Number(r.count), withContext: Number(r.with_context) }));
}

export interface DecisionItem {
  eventId: string;
  caseId: string;
  workspaceId: string;
  action: string;
  journey: string;
  aiVersion: string | null;
  autonomy: string | null;
  amount: string | null;
  currency: string | null;
  occurredAt: Date;
  policyVersion: number | null;
}

const ITEM_COLUMNS = sql.raw(`d.event_id, d.case_id, d.workspace_id, d.action, d.journey, d.ai_version, d.autonomy, d.amount::text as amount,
  d.currency, d.occurred_at, d.policy_version`);
const item = (r: Record<string, unknown>): DecisionItem => ({
  eventId: String(r.event_id),
  caseId: String(r.case_id),
  workspaceId: String(r.workspace_id),
  action: String(r.action),
  journey: String(r.journey),
  aiVersion: (r.ai_version as string | null) ?? null,
  autonomy: (r.autonomy as string | null) ?? null,
  amount: (r.amount as string | null) ?? null,
  currency: (r.currency as string | null) ?? null,
  occurredAt: new Date(r.occurred_at as string | Date),
  policyVersion: r.policy_version === null || r.policy_version === undefined ? null : Number(r.policy_version),
});

/** AI proposals of the range nobody has decided yet: how many, and the oldest. */
export async function pendingApprovals(db: Executor, query: MetricsQuery, limit = 10): Promise<{ count: number; oldest: DecisionItem[] }> {
  const where = sql`${whereInRange(DECISIONS, query.from, query.to, query.filters)} and d.kind = 'proposal' and d.approval is null`;
  const [count, oldest] = await Promise.all([
    db.execute(sql`select count(*)::int as count from ai_decisions d where ${where}`),
    db.execute(sql`select ${ITEM_COLUMNS} from ai_decisions d where ${where} order by d.occurred_at, d.seq limit ${limit}`),
  ]);
  return { count: Number(rowsOf<{ count: number }>(count)[0]?.count ?? 0), oldest: rowsOf<Record<string, unknown>>(oldest).map(item) };
}

/** The range's AI-executed actions the policy in force did not allow, newest first. */
export async function recentBreaches(db: Executor, query: MetricsQuery, limit = 10): Promise<DecisionItem[]> {
  const rows = await db.execute(sql`
    select ${ITEM_COLUMNS} from ai_decisions d
    where ${whereInRange(DECISIONS, query.from, query.to, query.filters)} and d.kind = 'action' and d.policy_check = 'breach'
    order by d.occurred_at desc, d.seq desc limit ${limit}`);
  return rowsOf<Record<string, unknown>>(rows).map(item);
}
