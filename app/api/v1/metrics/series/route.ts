import { requireAccess, route } from "@/lib/api/handler";
import { parseQueryString, scopeWorkspace } from "@/lib/metrics/http";
import { readDatabase } from "@/lib/metrics/reader";
import { makeSeriesQuerySchema, SERIES_INTERVALS, seriesOf } from "@/lib/metrics/series";
import { computeBucketsSql } from "@/lib/metrics/sql";

export const dynamic = "force-dynamic";

const seriesQuerySchema = makeSeriesQuerySchema();

// GET /api/v1/metrics/series — one KPI per day or week of the range, each point as GET /metrics reports it.
export const GET = route(async (ctx) => {
  const principal = await requireAccess(ctx, "metrics.read");
  const query = parseQueryString(seriesQuerySchema, new URL(ctx.request.url).searchParams);
  const workspace = scopeWorkspace(principal, query.filters.workspace);
  const scoped = { ...query, filters: { ...query.filters, ...(workspace === undefined ? {} : { workspace }) } };
  const buckets = await computeBucketsSql(await readDatabase(ctx.runtime), scoped, SERIES_INTERVALS[query.interval], { only: [query.kpi] });
  return Response.json(seriesOf(scoped, buckets));
});
