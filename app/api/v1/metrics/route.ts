import { requireAccess, route } from "@/lib/api/handler";
import { parseQueryString, scopeWorkspace } from "@/lib/metrics/http";
import { readDatabase } from "@/lib/metrics/reader";
import { computeMetricsSql } from "@/lib/metrics/sql";
import { metricsQuerySchema } from "@/lib/metrics/types";

export const dynamic = "force-dynamic";

// GET /api/v1/metrics — every KPI of DESIGN §5 for a range, with numerator, denominator and the previous period.
export const GET = route(async (ctx) => {
  const principal = await requireAccess(ctx, "metrics.read");
  const query = parseQueryString(metricsQuerySchema, new URL(ctx.request.url).searchParams);
  const workspace = scopeWorkspace(principal, query.filters.workspace);
  const filters = { ...query.filters, ...(workspace === undefined ? {} : { workspace }) };
  return Response.json(await computeMetricsSql(await readDatabase(ctx.runtime), { ...query, filters }));
});
