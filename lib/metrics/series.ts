// GET /api/v1/metrics/series: one KPI over consecutive buckets of a day or a week, starting at `from`
// (the last bucket cut at `to`). Each point is exactly what GET /metrics reports as the current value
// for the bucket's own range, so a chart and a KPI card can never disagree.
import { z } from "zod";
import { AUTONOMY_LEVELS } from "@/lib/events/constants";
import type { Bucket } from "./sql";
import { instant, MICROS_PER_DAY } from "./time";
import {
  type KpiId,
  KPI_IDS,
  type MetricsQuery,
  calibrationSchema,
  countSchema,
  distributionSchema,
  escalationSchema,
  makeMetricsQuerySchema,
  metricsFiltersSchema,
  metricsQueryInputSchema,
  ratioSchema,
  reversalSchema,
} from "./types";

export const SERIES_INTERVALS = { day: 86_400, week: 7 * 86_400 } as const;
export type SeriesInterval = keyof typeof SERIES_INTERVALS;
/** A series has at most this many points (a year and a bit of days). */
export const MAX_SERIES_POINTS = 400;

export const seriesQueryInputSchema = metricsQueryInputSchema
  .extend({
    kpi: z.enum(KPI_IDS).meta({ description: "The KPI, one of the keys of `kpis` in GET /api/v1/metrics." }),
    interval: z.enum(["day", "week"]).default("day").meta({ description: "Bucket length: 24 hours or 7 days, from `from`." }),
  })
  .meta({ id: "MetricsSeriesQueryInput" });
export type SeriesQueryInput = z.input<typeof seriesQueryInputSchema>;

export interface SeriesQuery extends MetricsQuery {
  kpi: KpiId;
  interval: SeriesInterval;
}

/** Resolves defaults like the metrics query, and refuses ranges of more than MAX_SERIES_POINTS buckets. */
export function makeSeriesQuerySchema(now: () => Date = () => new Date()) {
  const metrics = makeMetricsQuerySchema(now);
  return seriesQueryInputSchema.transform((input, ctx): SeriesQuery => {
    const { kpi, interval, ...rest } = input;
    const parsed = metrics.safeParse(rest);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.issues.push({ ...issue, input: rest } as never);
      return z.NEVER;
    }
    const query = parsed.data;
    const points = Number((instant(query.to) - instant(query.from) + BigInt(SERIES_INTERVALS[interval]) * 1_000_000n - 1n) / (BigInt(SERIES_INTERVALS[interval]) * 1_000_000n));
    if (points > MAX_SERIES_POINTS) {
      const days = Number((instant(query.to) - instant(query.from)) / MICROS_PER_DAY);
      ctx.issues.push({
        code: "custom",
        input,
        path: ["interval"],
        message: `gives ${points} points over ${days} days, more than ${MAX_SERIES_POINTS}; use interval=week or a shorter range`,
      });
      return z.NEVER;
    }
    return { ...query, kpi, interval };
  });
}

const point = <S extends z.core.$ZodLooseShape>(shape: z.ZodObject<S>) =>
  shape.extend({ from: z.string().meta({ description: "Start of the bucket, inclusive." }), to: z.string().meta({ description: "End of the bucket, exclusive." }) });

const autonomyMixPeriodSchema = z.object(
  Object.fromEntries(AUTONOMY_LEVELS.map((level) => [level, ratioSchema])) as Record<(typeof AUTONOMY_LEVELS)[number], typeof ratioSchema>,
);

export const seriesPointSchema = z
  .union([
    point(ratioSchema),
    point(countSchema),
    point(distributionSchema),
    point(escalationSchema),
    point(reversalSchema),
    point(calibrationSchema),
    point(autonomyMixPeriodSchema),
  ])
  .meta({
    id: "MetricsSeriesPoint",
    description:
      "One bucket: `from`, `to`, and the KPI's value for the bucket in the shape GET /metrics gives it (without `previous`): for a rate `value`, `numerator`, `denominator`.",
  });

export const metricsSeriesSchema = z
  .object({
    kpi: z.enum(KPI_IDS),
    interval: z.enum(["day", "week"]),
    from: z.string(),
    to: z.string(),
    cameBackWindowDays: z.int(),
    filters: metricsFiltersSchema,
    points: z.array(seriesPointSchema),
  })
  .meta({ id: "MetricsSeries" });
export type MetricsSeries = z.infer<typeof metricsSeriesSchema>;

/** The series of one KPI, read off every bucket's KPIs. */
export function seriesOf(query: SeriesQuery, buckets: Bucket[]): MetricsSeries {
  return {
    kpi: query.kpi,
    interval: query.interval,
    from: query.from,
    to: query.to,
    cameBackWindowDays: query.cameBackWindowDays,
    filters: query.filters,
    points: buckets.map((b) => ({ from: b.from, to: b.to, ...b.kpis[query.kpi] }) as MetricsSeries["points"][number]),
  };
}
