// The SQL implementation of every KPI of DESIGN §5 (docs/metrics.md), over the projections that ingest
// maintains (lib/projections): the daily KPI rollups when they answer the query exactly (./sql-rollups.ts),
// else the per-row `cases`, `ai_decisions`, `handoffs`. It answers exactly
// what the reference implementation (./reference.ts) answers; lib/metrics/sql.test.ts holds both to
// the hand-worked fixture and to each other on random event streams, on PGlite and on a server.
import type { Executor } from "@/db/client";
import { bandCounts, decisionCounts, handoffCounts, moneyCounts } from "./sql-actions";
import { caseCounts } from "./sql-cases";
import {
  bandCountsFromRollups,
  caseCountsFromRollups,
  decisionCountsFromRollups,
  handoffCountsFromRollups,
  moneyCountsFromRollups,
  type Percentiles,
  ROLLUP_WINDOW_DAYS,
  resolutionTimes,
  reviewTimes,
} from "./sql-rollups";
import { type FamilyCounts, mergeCounts } from "./sql-merge";
import { type Dimension, type Grouping, type ScopedFilters, splitOnDays } from "./sql-grouping";
import { type GroupCounts, type PeriodKpis, periodKpisOf } from "./sql-kpis";
import { formatInstant, instant } from "./time";
import type { KpiId, MetricsKpis, MetricsQuery, MetricsResult } from "./types";

export type { PeriodKpis } from "./sql-kpis";
export type { Dimension } from "./sql-grouping";

export interface MetricsSqlOptions {
  /** When the query names no workspace: only these (the workspaces the caller may see). Default: all. */
  workspaces?: readonly string[];
  /** Run the KPI families' queries one after another instead of together (a single-connection executor). */
  sequential?: boolean;
  /** Only these KPIs need to be right; the queries the others alone need are skipped (their counts are 0). */
  only?: readonly KpiId[];
  /**
   * Where the counts come from ("auto", the default): with the default "came back" window, the daily
   * rollups for every whole UTC day of the range and the per-case and per-decision rows for the days a
   * range edge cuts; with another window, the rows. "rows": the rows always (what the tests compare with).
   */
  source?: "auto" | "rows";
}

type Family = "cases" | "resolutionTimes" | "decisions" | "reviewTimes" | "money" | "bands" | "handoffs";
const CASE_KPIS: readonly KpiId[] = [
  "aiEngaged", "containment", "escalation", "aiResolution", "hollowContainment", "fcr", "repeatContact", "confirmedShare",
  "csatAi", "csatHuman", "timeToResolution",
];

/** Which queries a KPI reads. */
function familiesOf(kpi: KpiId): Family[] {
  if (kpi === "timeToResolution") return ["cases", "resolutionTimes"];
  if (kpi === "reviewLatency") return ["decisions", "reviewTimes"];
  if (CASE_KPIS.includes(kpi)) return ["cases"];
  if (kpi === "contextCarried") return ["handoffs"];
  if (kpi === "calibration") return ["bands"];
  if (kpi === "reversal") return ["decisions", "money"];
  return ["decisions"];
}

/** Every KPI for the query's range and for the period of equal length just before it. */
export async function computeMetricsSql(db: Executor, query: MetricsQuery, options: MetricsSqlOptions = {}): Promise<MetricsResult> {
  const from = instant(query.from);
  const to = instant(query.to);
  const previousFrom = formatInstant(from - (to - from));
  const groups = await countGroups(db, { kind: "period", previousFrom, from: query.from, to: query.to }, query, options);
  const current = periodKpisOf(groups.get("current") ?? EMPTY);
  const previous = periodKpisOf(groups.get("previous") ?? EMPTY);
  return {
    from: query.from,
    to: query.to,
    previous: { from: previousFrom, to: query.from },
    cameBackWindowDays: query.cameBackWindowDays,
    filters: query.filters,
    kpis: combine(current, previous),
  };
}

export interface Bucket {
  from: string;
  to: string;
  kpis: PeriodKpis;
}

/**
 * Every KPI per consecutive bucket of `seconds` from `query.from` (the last one cut at `query.to`):
 * bucket i is exactly what computeMetricsSql reports as current for [from + i·seconds, …).
 */
export async function computeBucketsSql(db: Executor, query: MetricsQuery, seconds: number, options: MetricsSqlOptions = {}): Promise<Bucket[]> {
  const from = instant(query.from);
  const to = instant(query.to);
  const step = BigInt(seconds) * 1_000_000n;
  const groups = await countGroups(db, { kind: "bucket", from: query.from, to: query.to, seconds }, query, options);
  const buckets: Bucket[] = [];
  for (let i = 0, start = from; start < to; i++, start += step) {
    const end = start + step < to ? start + step : to;
    buckets.push({ from: formatInstant(start), to: formatInstant(end), kpis: periodKpisOf(groups.get(String(i)) ?? EMPTY) });
  }
  return buckets;
}

export interface Breakdown {
  /** The dimension's value; null for cases or decisions that have none (no AI version). */
  key: string | null;
  kpis: PeriodKpis;
  /** Volume: cases that started, and AI proposals and actions that occurred, in the range. */
  cases: number;
  decisions: number;
}

/**
 * The current period's KPIs per value of a dimension. Cases go by the case's journey, channel or AI
 * version, decisions and handoffs by their own (as the filters do); by `action`, only the action
 * KPIs are meaningful (a case has many actions) and the case KPIs count nothing.
 */
export async function computeBreakdownSql(
  db: Executor,
  query: MetricsQuery,
  dimension: Dimension,
  options: MetricsSqlOptions = {},
): Promise<Breakdown[]> {
  const groups = await countGroups(db, { kind: "dimension", from: query.from, to: query.to, dimension }, query, options);
  return [...groups.entries()].map(([key, counts]) => ({
    key: key === NULL_KEY ? null : key,
    kpis: periodKpisOf(counts),
    cases: counts.cases?.cases ?? 0,
    decisions: counts.decisions?.decisions ?? 0,
  }));
}

const EMPTY: GroupCounts = { money: [], bands: [] };
const NO_COUNTS: FamilyCounts = { cases: [], decisions: [], money: [], bands: [], handoffs: [] };

async function sequentially(jobs: readonly (() => Promise<unknown>)[]): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const job of jobs) results.push(await job());
  return results;
}
const NULL_KEY = "\u0000null";

async function countGroups(
  db: Executor,
  grouping: Grouping,
  query: MetricsQuery,
  options: MetricsSqlOptions,
): Promise<Map<string, GroupCounts>> {
  const filters = { ...query.filters, workspaces: options.workspaces };
  const needed = new Set<Family>(
    options.only ? options.only.flatMap(familiesOf) : ["cases", "resolutionTimes", "decisions", "reviewTimes", "money", "bands", "handoffs"],
  );
  const when = <T>(family: Family, job: () => Promise<T[]>) => () => (needed.has(family) ? job() : Promise.resolve([] as T[]));
  const run = async <T extends readonly (() => Promise<unknown>)[]>(jobs: T) =>
    (options.sequential ? await sequentially(jobs) : await Promise.all(jobs.map((job) => job()))) as {
      [K in keyof T]: Awaited<ReturnType<T[K]>>;
    };
  type Reader = (db: Executor, grouping: Grouping, filters: ScopedFilters) => Promise<unknown[]>;
  const count = async (read: Record<keyof FamilyCounts, Reader>, scoped: ScopedFilters): Promise<FamilyCounts> => {
    const families = ["cases", "decisions", "money", "bands", "handoffs"] as const;
    const [cases, decisions, money, bands, handoffs] = await run(families.map((family) => when(family, () => read[family](db, grouping, scoped))));
    return { cases, decisions, money, bands, handoffs } as FamilyCounts;
  };
  const fromRows = (scoped: ScopedFilters) =>
    count({ cases: (...args) => caseCounts(...args, query.cameBackWindowDays), decisions: decisionCounts, money: moneyCounts, bands: bandCounts, handoffs: handoffCounts }, scoped);
  const fromRollups = (scoped: ScopedFilters) =>
    count({ cases: caseCountsFromRollups, decisions: decisionCountsFromRollups, money: moneyCountsFromRollups, bands: bandCountsFromRollups, handoffs: handoffCountsFromRollups }, scoped);

  // The rollups count the whole days (with the window they keep); the rows count the days a range edge
  // cuts, and the percentiles, which do not add up. Over the rows alone, each query ranks as it counts.
  const split = options.source !== "rows" && query.cameBackWindowDays === ROLLUP_WINDOW_DAYS ? splitOnDays(grouping) : null;
  const noTimes = () => Promise.resolve(new Map<string | null, Percentiles>());
  const [whole, cut, resolution, review] = split
    ? await run([
        () => fromRollups({ ...filters, exceptDays: split.partialDays }),
        () => (split.fragments.length > 0 ? fromRows({ ...filters, within: split.fragments }) : Promise.resolve(NO_COUNTS)),
        needed.has("resolutionTimes") ? () => resolutionTimes(db, grouping, filters) : noTimes,
        needed.has("reviewTimes") ? () => reviewTimes(db, grouping, filters) : noTimes,
      ] as const)
    : await run([() => fromRows(filters), () => Promise.resolve(NO_COUNTS), noTimes, noTimes] as const);
  const { cases, decisions, money, bands, handoffs } = mergeCounts(whole, cut);
  if (split) {
    for (const row of cases) Object.assign(row, { ttrMedian: null, ttrP90: null }, withTimes(resolution, row.key, "ttrMedian", "ttrP90"));
    for (const row of decisions) Object.assign(row, { reviewMedian: null, reviewP90: null }, withTimes(review, row.key, "reviewMedian", "reviewP90"));
  }
  const groups = new Map<string, GroupCounts>();
  const group = (key: string | null) => {
    const k = key ?? NULL_KEY;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { money: [], bands: [] }));
    return g;
  };
  for (const row of cases) group(row.key).cases = row;
  for (const row of decisions) group(row.key).decisions = row;
  for (const row of money) group(row.key).money.push(row);
  for (const row of bands) group(row.key).bands.push(row);
  for (const row of handoffs) group(row.key).handoffs = row;
  return groups;
}

/** The percentiles a separate query found for a group, under the counts' field names (none: leave as is). */
function withTimes(times: Map<string | null, Percentiles>, key: string | null, median: string, p90: string) {
  const found = times.get(key);
  return found ? { [median]: found.median, [p90]: found.p90 } : {};
}

/** Pairs each KPI with its previous-period value; the autonomy mix pairs level by level (as the reference). */
function combine(current: PeriodKpis, previous: PeriodKpis): MetricsKpis {
  const kpis = Object.fromEntries(
    Object.entries(current).map(([id, value]) => [id, { ...value, previous: previous[id as keyof PeriodKpis] }]),
  ) as unknown as MetricsKpis;
  kpis.autonomyMix = Object.fromEntries(
    Object.entries(current.autonomyMix).map(([level, value]) => [
      level,
      { ...value, previous: previous.autonomyMix[level as keyof PeriodKpis["autonomyMix"]] },
    ]),
  ) as MetricsKpis["autonomyMix"];
  return kpis;
}
