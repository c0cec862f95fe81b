// How the KPI SQL groups what it counts: into the current and previous periods (GET /metrics), into
// consecutive buckets of equal length (GET /metrics/series), or by a dimension (journeys table,
// oversight by action and AI version). One SQL text per KPI family serves all three; only the key
// expression and the range differ.
import { type SQL, sql } from "drizzle-orm";
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

const col = (source: Source, column: string) => sql.raw(`${source.alias}.${column}`);
const ts = (iso: string) => sql`${iso}::timestamptz`;

/** Whether a grouping applies to a source at all (cases have no single action). */
export function supports(source: Source, grouping: Grouping): boolean {
  return grouping.kind !== "dimension" || source.columns[grouping.dimension] !== undefined;
}

/** The group key of a row, as text. */
export function keyOf(source: Source, grouping: Grouping): SQL {
  const time = col(source, source.time);
  switch (grouping.kind) {
    case "period":
      return sql`case when ${time} >= ${ts(grouping.from)} then 'current' else 'previous' end`;
    case "bucket":
      // extract(epoch …) is an exact numeric: bucket edges fall exactly on from + i·seconds.
      return sql`floor(extract(epoch from ${time} - ${ts(grouping.from)}) / ${grouping.seconds}::int)::int::text`;
    case "dimension":
      return col(source, source.columns[grouping.dimension]!);
  }
}

/** The WHERE clause: the grouping's whole range, the workspace and every filter the source knows. */
/** The query's filters, plus the workspaces a caller may see when no single workspace is asked for. */
export type ScopedFilters = MetricsFilters & { workspaces?: readonly string[] };

export function whereOf(source: Source, grouping: Grouping, filters: ScopedFilters): SQL {
  const time = col(source, source.time);
  const start = grouping.kind === "period" ? grouping.previousFrom : grouping.from;
  const parts: SQL[] = [sql`${time} >= ${ts(start)}`, sql`${time} < ${ts(grouping.to)}`];
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

/** The WHERE clause for [from, to) of one source, with the filters: for lists that are not grouped. */
export const whereInRange = (source: Source, from: string, to: string, filters: ScopedFilters): SQL =>
  whereOf(source, { kind: "bucket", from, to, seconds: 1 }, filters);
