// How the KPI SQL groups what it counts: into the current and previous periods (GET /metrics), into
// consecutive buckets of equal length (GET /metrics/series), or by a dimension (journeys table,
// oversight by action and AI version). One SQL text per KPI family serves all three; only the key
// expression and the range differ.
import { type SQL, sql } from "drizzle-orm";
import { instant, MICROS_PER_DAY } from "./time";
import type { MetricsFilters } from "./types";

export type Dimension = "journey" | "channel" | "aiVersion" | "action";

export type Grouping =
  /** Key "current" for [from, to), "previous" for [previousFrom, from). */
  | { kind: "period"; previousFrom: string; from: string; to: string }
  /** Key = bucket index i for [from + i·seconds, from + (i+1)·seconds), cut at `to`. */
  | { kind: "bucket"; from: string; to: string; seconds: number }
  /** Key = the dimension's value (null when the row has none), over [from, to). */
  | { kind: "dimension"; from: string; to: string; dimension: Dimension };

/** Which table a KPI family reads, and its columns for time and dimensions. */
export interface Source {
  alias: string;
  /** The column a range selects on: a case's start, a decision's or handoff's own occurredAt. */
  time: string;
  /** The time column is a UTC `date` (a daily rollup): ranges and buckets must then be whole UTC days. */
  daily?: boolean;
  /** Dimensions the source can be grouped or filtered by, and their columns. */
  columns: Partial<Record<Dimension, string>>;
}

export const CASES: Source = { alias: "c", time: "started_at", columns: { journey: "journey", channel: "channel", aiVersion: "ai_version" } };
export const DECISIONS: Source = {
  alias: "d",
  time: "occurred_at",
  columns: { journey: "journey", channel: "channel", aiVersion: "ai_version", action: "action" },
};
export const HANDOFFS: Source = { alias: "h", time: "occurred_at", columns: { journey: "journey", channel: "channel", aiVersion: "ai_version" } };

/** The daily rollups (migration 0011) of the three: the same dimensions, by UTC day. */
export const CASE_ROLLUPS: Source = { ...CASES, time: "day", daily: true };
export const DECISION_ROLLUPS: Source = { ...DECISIONS, time: "day", daily: true };
export const BAND_ROLLUPS: Source = { ...DECISIONS, alias: "b", time: "day", daily: true };
export const HANDOFF_ROLLUPS: Source = { ...HANDOFFS, time: "day", daily: true };

const col = (source: Source, column: string) => sql.raw(`${source.alias}.${column}`);
/** A rollup says "no AI version" with '' (it is part of the key); grouped by, that is null, as on the rows. */
const keyColumn = (source: Source, column: string) =>
  source.daily && column === "ai_version" ? sql.raw(`nullif(${source.alias}.${column}, '')`) : col(source, column);
const ts = (source: Source, iso: string) => (source.daily ? sql`${iso.slice(0, 10)}::date` : sql`${iso}::timestamptz`);

/** Whether a grouping applies to a source at all (cases have no single action). */
export function supports(source: Source, grouping: Grouping): boolean {
  return grouping.kind !== "dimension" || source.columns[grouping.dimension] !== undefined;
}

/** The group key of a row, as text. */
export function keyOf(source: Source, grouping: Grouping): SQL {
  const time = col(source, source.time);
  switch (grouping.kind) {
    case "period":
      return sql`case when ${time} >= ${ts(source, grouping.from)} then 'current' else 'previous' end`;
    case "bucket":
      // date − date is whole days; extract(epoch …) is an exact numeric: edges fall exactly on from + i·seconds.
      return source.daily
        ? sql`((${time} - ${ts(source, grouping.from)}) / ${grouping.seconds / 86_400}::int)::text`
        : sql`floor(extract(epoch from ${time} - ${ts(source, grouping.from)}) / ${grouping.seconds}::int)::int::text`;
    case "dimension":
      return keyColumn(source, source.columns[grouping.dimension]!);
  }
}

/** The WHERE clause: the grouping's whole range, the workspace and every filter the source knows. */
/** The query's filters, plus the workspaces a caller may see when no single workspace is asked for. */
export type ScopedFilters = MetricsFilters & { workspaces?: readonly string[] };

export function whereOf(source: Source, grouping: Grouping, filters: ScopedFilters): SQL {
  const time = col(source, source.time);
  const start = grouping.kind === "period" ? grouping.previousFrom : grouping.from;
  const parts: SQL[] = [sql`${time} >= ${ts(source, start)}`, sql`${time} < ${ts(source, grouping.to)}`];
  if (filters.workspace !== undefined) parts.push(sql`${col(source, "workspace_id")} = ${filters.workspace}`);
  else if (filters.workspaces !== undefined)
    parts.push(sql`${col(source, "workspace_id")} in (select value from json_array_elements_text(${JSON.stringify(filters.workspaces)}::json))`);
  const dims: [Dimension, string | undefined][] = [
    ["journey", filters.journey],
    ["channel", filters.channel],
    ["aiVersion", filters.aiVersion],
  ];
  for (const [dimension, value] of dims) {
    const column = source.columns[dimension];
    if (value !== undefined && column !== undefined) parts.push(sql`${col(source, column)} = ${value}`);
  }
  return sql.join(parts, sql` and `);
}

/**
 * Whether the daily rollups answer a grouping exactly: every edge it cuts time at (range, period and
 * bucket boundaries) is a UTC midnight, so each day falls wholly into one group.
 */
export function onWholeDays(grouping: Grouping): boolean {
  const midnight = (iso: string) => instant(iso) % MICROS_PER_DAY === 0n;
  const edges = [grouping.from, grouping.to, ...(grouping.kind === "period" ? [grouping.previousFrom] : [])];
  return edges.every(midnight) && (grouping.kind !== "bucket" || grouping.seconds % 86_400 === 0);
}

/** The WHERE clause for [from, to) of one source, with the filters: for lists that are not grouped. */
export const whereInRange = (source: Source, from: string, to: string, filters: ScopedFilters): SQL =>
  whereOf(source, { kind: "bucket", from, to, seconds: 1 }, filters);
