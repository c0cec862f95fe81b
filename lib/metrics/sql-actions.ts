// Action KPIs in SQL, over the `ai_decisions` and `handoffs` projections (maintained at ingest). The
// counts follow lib/metrics/reference-actions.ts; docs/metrics.md defines them.
import { sql } from "drizzle-orm";
import { type Executor, rowsOf } from "@/db/client";
import { AUTONOMY_LEVELS, type Autonomy } from "@/lib/events/constants";
import { keyOfRow, nullableNum, num } from "./sql-cases";
import { DECISIONS, type Grouping, HANDOFFS, keyOf, type ScopedFilters, supports, whereOf } from "./sql-grouping";
import { CALIBRATION_BANDS } from "./types";

export interface DecisionCounts {
  key: string | null;
  /** AI proposals and AI-executed actions in the group, decided or not (volume, not a KPI). */
  decisions: number;
  decided: number;
  approved: number;
  edited: number;
  rejected: number;
  openToReview: number;
  overridden: number;
  reviewCount: number;
  reviewMedian: number | null;
  reviewP90: number | null;
  executed: number;
  reversed: number;
  breached: number;
  byAutonomy: Record<Autonomy, number>;
}

export interface MoneyCounts {
  key: string | null;
  currency: string;
  /** Sums in major units, as exact decimal strings. */
  total: string;
  reversed: string;
}

export interface BandCounts {
  key: string | null;
  band: number;
  count: number;
  correct: number;
  /** Σ confidence, summed in ascending order (as the reference does). */
  sum: number;
}

export interface HandoffCounts {
  key: string | null;
  toHuman: number;
  withContext: number;
}

// A decision open to review, and one a human disagreed with (docs/metrics.md, Terms and `override`).
const DECISION_ROWS = (grouping: Grouping, filters: ScopedFilters) => sql`
  select ${keyOf(DECISIONS, grouping)} as k, d.kind, d.approval, d.autonomy, d.review_seconds, d.reversed, d.reversed_any,
    d.policy_check, d.confidence, d.amount, d.currency,
    ((d.kind = 'proposal' and d.approval is not null) or (d.kind = 'action' and d.autonomy in ('supervised', 'autonomous'))) as open,
    (coalesce(d.approval in ('rejected', 'edited'), false) or d.overridden) as disagreed
  from ai_decisions d
  where ${whereOf(DECISIONS, grouping, filters)}`;

export async function decisionCounts(db: Executor, grouping: Grouping, filters: ScopedFilters): Promise<DecisionCounts[]> {
  if (!supports(DECISIONS, grouping)) return [];
  const levels = sql.join(
    AUTONOMY_LEVELS.map((level) => sql`(count(*) filter (where kind = 'action' and autonomy = ${level}))::int as ${sql.identifier(`autonomy_${level}`)}`),
    sql`, `,
  );
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with d as (${DECISION_ROWS(grouping, filters)})
      select k, count(*)::int as decisions,
        (count(*) filter (where kind = 'proposal' and approval is not null))::int as decided,
        (count(*) filter (where kind = 'proposal' and approval = 'approved'))::int as approved,
        (count(*) filter (where kind = 'proposal' and approval = 'edited'))::int as edited,
        (count(*) filter (where kind = 'proposal' and approval = 'rejected'))::int as rejected,
        (count(*) filter (where open))::int as open_to_review,
        (count(*) filter (where open and disagreed))::int as overridden,
        count(review_seconds)::int as review_count,
        percentile_cont(0.5) within group (order by review_seconds) as review_median,
        percentile_cont(0.9) within group (order by review_seconds) as review_p90,
        (count(*) filter (where kind = 'action'))::int as executed,
        (count(*) filter (where kind = 'action' and reversed))::int as reversed,
        (count(*) filter (where kind = 'action' and policy_check = 'breach'))::int as breached,
        ${levels}
      from d group by k`),
  );
  return rows.map(decisionCountsOf);
}

/** One group's decision counts from a row named as the query above names its columns. */
export const decisionCountsOf = (row: Record<string, unknown>): DecisionCounts => ({
    key: keyOfRow(row),
    decisions: num(row.decisions),
    decided: num(row.decided),
    approved: num(row.approved),
    edited: num(row.edited),
    rejected: num(row.rejected),
    openToReview: num(row.open_to_review),
    overridden: num(row.overridden),
    reviewCount: num(row.review_count),
    reviewMedian: nullableNum(row.review_median),
    reviewP90: nullableNum(row.review_p90),
    executed: num(row.executed),
    reversed: num(row.reversed),
    breached: num(row.breached),
    byAutonomy: Object.fromEntries(AUTONOMY_LEVELS.map((level) => [level, num(row[`autonomy_${level}`])])) as Record<Autonomy, number>,
});

/** Executed and reversed amounts of AI-executed actions, per group and currency (numeric: exact). */
export async function moneyCounts(db: Executor, grouping: Grouping, filters: ScopedFilters): Promise<MoneyCounts[]> {
  if (!supports(DECISIONS, grouping)) return [];
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with d as (${DECISION_ROWS(grouping, filters)})
      select k, currency, sum(amount)::text as total, coalesce(sum(amount) filter (where reversed), 0)::text as reversed
      from d where kind = 'action' and amount is not null
      group by k, currency`),
  );
  return rows.map(moneyCountsOf);
}

/** One group's amounts in one currency. */
export const moneyCountsOf = (row: Record<string, unknown>): MoneyCounts => ({
    key: keyOfRow(row),
    currency: String(row.currency),
    total: String(row.total),
    reversed: String(row.reversed),
});

/** Decisions open to review that carry a confidence, per group and band (least(floor(c·10), 9)). */
export async function bandCounts(db: Executor, grouping: Grouping, filters: ScopedFilters): Promise<BandCounts[]> {
  if (!supports(DECISIONS, grouping)) return [];
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with d as (${DECISION_ROWS(grouping, filters)})
      select k, least(floor(confidence * ${CALIBRATION_BANDS}), ${CALIBRATION_BANDS - 1})::int as band, count(*)::int as count,
        (count(*) filter (where not disagreed and not reversed_any))::int as correct,
        sum(confidence order by confidence) as sum
      from d where open and confidence is not null
      group by k, band`),
  );
  return rows.map(bandCountsOf);
}

/** One group's counts in one confidence band. */
export const bandCountsOf = (row: Record<string, unknown>): BandCounts => ({
    key: keyOfRow(row),
    band: num(row.band),
    count: num(row.count),
    correct: num(row.correct),
    sum: num(row.sum),
});

/** Handoffs from AI to human, and those that carried the context. */
export async function handoffCounts(db: Executor, grouping: Grouping, filters: ScopedFilters): Promise<HandoffCounts[]> {
  if (!supports(HANDOFFS, grouping)) return [];
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select ${keyOf(HANDOFFS, grouping)} as k, count(*)::int as to_human, (count(*) filter (where h.context_transferred))::int as with_context
      from handoffs h
      where h.from_party = 'ai' and h.to_party = 'human' and ${whereOf(HANDOFFS, grouping, filters)}
      group by k`),
  );
  return rows.map(handoffCountsOf);
}

/** One group's handoffs to a human. */
export const handoffCountsOf = (row: Record<string, unknown>): HandoffCounts => ({ key: keyOfRow(row), toHuman: num(row.to_human), withContext: num(row.with_context) });
