// Server-side loaders for the dashboard sections, memoised per request (React cache) so sections that
// need the same numbers — the KPI cards and the journeys table, say — query once.
import { cache } from "react";
import * as dashboard from "@/lib/metrics/dashboard";
import { readDatabase } from "@/lib/metrics/reader";
import { computeBreakdownSql, computeBucketsSql, computeMetricsSql, type Dimension } from "@/lib/metrics/sql";
import type { KpiId, MetricsQuery } from "@/lib/metrics/types";
import { runtime } from "@/lib/runtime";

const db = async () => readDatabase(await runtime());
const key = (query: MetricsQuery) => JSON.stringify(query);
const parse = (json: string) => JSON.parse(json) as MetricsQuery;

const metrics = cache(async (q: string) => computeMetricsSql(await db(), parse(q)));
const buckets = cache(async (q: string, seconds: number, only: string) =>
  computeBucketsSql(await db(), parse(q), seconds, { only: only.split(",") as KpiId[] }),
);
const breakdown = cache(async (q: string, dimension: Dimension, only: string) =>
  computeBreakdownSql(await db(), parse(q), dimension, { only: only.split(",") as KpiId[] }),
);

export const loadMetrics = (query: MetricsQuery) => metrics(key(query));
export const loadBuckets = (query: MetricsQuery, seconds: number, only: KpiId[]) => buckets(key(query), seconds, only.join(","));
/** A table's rows by a dimension; `only` the KPIs it shows (the rest cost queries and come back empty). */
export const loadBreakdown = (query: MetricsQuery, dimension: Dimension, only: KpiId[]) => breakdown(key(query), dimension, only.join(","));

export const loadFilterOptions = cache(async (workspace?: string) => dashboard.filterOptions(await db(), workspace));
export const loadHasEvents = cache(async (workspace?: string) => dashboard.hasEvents(await db(), workspace));
export const loadDisagreementReasons = async (query: MetricsQuery, limit?: number) => dashboard.disagreementReasons(await db(), query, limit);
export const loadHandoffReasons = async (query: MetricsQuery) => dashboard.handoffReasons(await db(), query);
export const loadPendingApprovals = async (query: MetricsQuery) => dashboard.pendingApprovals(await db(), query);
export const loadRecentBreaches = async (query: MetricsQuery) => dashboard.recentBreaches(await db(), query);
