// Case KPIs in SQL, over the `cases` projection (one row per case, maintained at ingest) and the
// repeat contacts. docs/metrics.md defines each count; lib/metrics/reference-cases.ts is the executable
// definition these queries are tested against.
import { sql } from "drizzle-orm";
import { type Executor, rowsOf } from "@/db/client";
import { HANDOFF_REASONS } from "@/lib/events/constants";
import { CASES, type Grouping, keyOf, type ScopedFilters, supports, whereOf } from "./sql-grouping";

type HandoffReason = (typeof HANDOFF_REASONS)[number];

/** The counts behind every case KPI, for one group. */
export interface CaseCounts {
  key: string | null;
  /** Cases that started in the group, AI-engaged or not (volume, not a KPI). */
  cases: number;
  aiEngaged: number;
  contained: number;
  escalated: number;
  byReason: Record<HandoffReason, number>;
  engagedClosed: number;
  aiResolvedHolding: number;
  containedClosed: number;
  hollow: number;
  firstContactClosed: number;
  firstContactResolved: number;
  resolved: number;
  cameBack: number;
  confirmed: number;
  csatAiGood: number;
  csatAiAnswered: number;
  csatHumanGood: number;
  csatHumanAnswered: number;
  ttrMedian: number | null;
  ttrP90: number | null;
}

/**
 * Each case row with its two window-dependent facts. "Came back": after any of its resolved outcomes,
 * within the window, a reopen of the case or a repeat contact of its customer about its journey.
 * "Reopened" (for FCR): a reopen at any time up to the window's end after the latest outcome. Both are
 * comparisons with columns the projections keep, so the query reads each case row once.
 */
export async function caseCounts(db: Executor, grouping: Grouping, filters: ScopedFilters, windowDays: number): Promise<CaseCounts[]> {
  if (!supports(CASES, grouping)) return [];
  const window = sql`(${windowDays}::int * interval '24 hours')`;
  const reasons = sql.join(
    HANDOFF_REASONS.map((reason) => sql`(count(*) filter (where ai_engaged and escalation_reason = ${reason}))::int as ${sql.identifier(`esc_${reason}`)}`),
    sql`, `,
  );
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with c as (
        select ${keyOf(CASES, grouping)} as k, c.ai_engaged, c.escalation_reason, c.contact, c.outcome_status,
          c.resolved_by, c.attested_by, c.csat_answered, c.csat_good,
          case when c.outcome_status = 'resolved' then extract(epoch from c.outcome_at - c.started_at)::float8 end as seconds,
          -- came_back_after: the shortest gap from a resolution to the next reopen or repeat contact
          -- (lib/projections/came-back.ts). reopened_at is ascending, so [1] is the earliest reopen.
          coalesce(c.outcome_status = 'resolved' and c.came_back_after <= ${window}, false) as came_back,
          coalesce(c.outcome_status is not null and c.reopened_at[1] <= c.outcome_at + ${window}, false) as reopened
        from cases c
        where ${whereOf(CASES, grouping, filters)}
      )
      select k, count(*)::int as cases,
        (count(*) filter (where ai_engaged))::int as ai_engaged,
        (count(*) filter (where ai_engaged and escalation_reason is null))::int as contained,
        (count(*) filter (where ai_engaged and escalation_reason is not null))::int as escalated,
        ${reasons},
        (count(*) filter (where ai_engaged and outcome_status is not null))::int as engaged_closed,
        (count(*) filter (where ai_engaged and outcome_status = 'resolved' and not came_back and resolved_by = 'ai'))::int as ai_resolved_holding,
        (count(*) filter (where ai_engaged and escalation_reason is null and outcome_status is not null))::int as contained_closed,
        (count(*) filter (where ai_engaged and escalation_reason is null and outcome_status is not null
          and not (outcome_status = 'resolved' and not came_back)))::int as hollow,
        (count(*) filter (where contact = 1 and outcome_status is not null))::int as first_contact_closed,
        (count(*) filter (where contact = 1 and outcome_status = 'resolved' and not came_back and not reopened))::int as first_contact_resolved,
        (count(*) filter (where outcome_status = 'resolved'))::int as resolved,
        (count(*) filter (where came_back))::int as came_back,
        (count(*) filter (where outcome_status = 'resolved' and attested_by in ('customer', 'agent')))::int as confirmed,
        coalesce(sum(csat_good) filter (where outcome_status = 'resolved' and resolved_by = 'ai'), 0)::int as csat_ai_good,
        coalesce(sum(csat_answered) filter (where outcome_status = 'resolved' and resolved_by = 'ai'), 0)::int as csat_ai_answered,
        coalesce(sum(csat_good) filter (where outcome_status = 'resolved' and resolved_by in ('human', 'hybrid')), 0)::int as csat_human_good,
        coalesce(sum(csat_answered) filter (where outcome_status = 'resolved' and resolved_by in ('human', 'hybrid')), 0)::int as csat_human_answered,
        percentile_cont(0.5) within group (order by seconds) as ttr_median,
        percentile_cont(0.9) within group (order by seconds) as ttr_p90
      from c group by k`),
  );
  return rows.map(caseCountsOf);
}

/** One group's counts from a row named as the query above names its columns (the rollups' sums use the same names). */
export const caseCountsOf = (row: Record<string, unknown>): CaseCounts => ({
    key: keyOfRow(row),
    cases: num(row.cases),
    aiEngaged: num(row.ai_engaged),
    contained: num(row.contained),
    escalated: num(row.escalated),
    byReason: Object.fromEntries(HANDOFF_REASONS.map((reason) => [reason, num(row[`esc_${reason}`])])) as Record<HandoffReason, number>,
    engagedClosed: num(row.engaged_closed),
    aiResolvedHolding: num(row.ai_resolved_holding),
    containedClosed: num(row.contained_closed),
    hollow: num(row.hollow),
    firstContactClosed: num(row.first_contact_closed),
    firstContactResolved: num(row.first_contact_resolved),
    resolved: num(row.resolved),
    cameBack: num(row.came_back),
    confirmed: num(row.confirmed),
    csatAiGood: num(row.csat_ai_good),
    csatAiAnswered: num(row.csat_ai_answered),
    csatHumanGood: num(row.csat_human_good),
    csatHumanAnswered: num(row.csat_human_answered),
    ttrMedian: nullableNum(row.ttr_median),
    ttrP90: nullableNum(row.ttr_p90),
});

export const num = (value: unknown): number => Number(value ?? 0);
/** A group's key as the queries name it (`k`): text, or null for rows without the dimension. */
export const keyOfRow = (row: Record<string, unknown>): string | null => (row.k === null || row.k === undefined ? null : String(row.k));
export const nullableNum = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
