// How the KPI SQL groups what it counts: into the current and previous periods (GET /metrics), into
// consecutive buckets of equal length (GET /metrics/series), or by a dimension (journeys table,
// oversight by action and AI version). One SQL text per KPI family serves all three; only the key
// expression and the range differ.
import { type SQL, sql } from "drizzle-orm";
import { formatInstant, instant, MICROS_PER_DAY } from "./time";
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

/** The query's filters, plus the workspaces a caller may see when no single workspace is asked for. */
export type ScopedFilters = MetricsFilters & {
  workspaces?: readonly string[];
  /** Daily sources: leave out these UTC days (YYYY-MM-DD), which the rows count instead (splitOnDays). */
  exceptDays?: readonly string[];
  /** Row sources: only rows whose time lies in one of these [from, to) fragments. */
  within?: readonly (readonly [string, string])[];
};

/** The WHERE clause: the grouping's whole range (or its fragments), the workspace and every filter the source knows. */
export function whereOf(source: Source, grouping: Grouping, filters: ScopedFilters): SQL {
  const time = col(source, source.time);
  const start = grouping.kind === "period" ? grouping.previousFrom : grouping.from;
  // Fragments lie inside the range by construction; alone, each is an index range (a BitmapOr of them).
  const parts: SQL[] =
    !source.daily && filters.within
      ? [sql`(${sql.join(filters.within.map(([from, to]) => sql`(${time} >= ${ts(source, from)} and ${time} < ${ts(source, to)})`), sql` or `)})`]
      : [sql`${time} >= ${ts(source, start)}`, sql`${time} < ${ts(source, grouping.to)}`];
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
  if (source.daily && filters.exceptDays?.length)
    parts.push(sql`${time} not in (select value::date from json_array_elements_text(${JSON.stringify(filters.exceptDays)}::json))`);
  return sql.join(parts, sql` and `);
}

const isMidnight = (iso: string) => instant(iso) % MICROS_PER_DAY === 0n;

/** A grouping's range cut at UTC midnights: the rollups count the whole days, the rows the rest. */
export interface DaySplit {
  /** Days (YYYY-MM-DD) that one of the grouping's edges falls inside: the rollups leave them out. */
  partialDays: string[];
  /** The parts of the range inside those days, [from, to) each: the rows count them. */
  fragments: [string, string][];
}

/**
 * How the daily rollups can answer a grouping: every day no edge falls inside (range, period and bucket
 * boundaries) lies wholly in one group, so the rollups count it; the days an edge cuts are counted from
 * the rows. Null when the rollups cannot help: buckets that do not start at a midnight or are not whole
 * days cut every day differently.
 */
export function splitOnDays(grouping: Grouping): DaySplit | null {
  if (grouping.kind === "bucket" && (grouping.seconds % 86_400 !== 0 || !isMidnight(grouping.from))) return null;
  const start = grouping.kind === "period" ? grouping.previousFrom : grouping.from;
  const edges = [start, grouping.to, ...(grouping.kind === "period" ? [grouping.from] : [])];
  const days = [...new Set(edges.filter((edge) => !isMidnight(edge)).map((edge) => floorDay(instant(edge))))].sort((a, b) => (a < b ? -1 : 1));
  const [rangeStart, rangeEnd] = [instant(start), instant(grouping.to)];
  const fragments = days.flatMap((day): [string, string][] => {
    const from = day > rangeStart ? day : rangeStart;
    const to = day + MICROS_PER_DAY < rangeEnd ? day + MICROS_PER_DAY : rangeEnd;
    return from < to ? [[formatInstant(from), formatInstant(to)]] : [];
  });
  return { partialDays: days.map((day) => formatInstant(day).slice(0, 10)), fragments };
}

/** The UTC midnight at or before an instant (microseconds), also before 1970. */
const floorDay = (micros: bigint) => micros - (((micros % MICROS_PER_DAY) + MICROS_PER_DAY) % MICROS_PER_DAY);

/** The WHERE clause for [from, to) of one source, with the filters: for lists that are not grouped. */
export const whereInRange = (source: Source, from: string, to: string, filters: ScopedFilters): SQL =>
  whereOf(source, { kind: "bucket", from, to, seconds: 1 }, filters);
