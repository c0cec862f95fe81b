// The metrics boundary (DESIGN §5): the query `GET /api/v1/metrics` accepts and the result it answers.
// Definitions of every KPI are in docs/metrics.md; the reference implementation is ./reference.ts.
import { z } from "zod";
import { AUTONOMY_LEVELS, CHANNELS, HANDOFF_REASONS, MAX_LEN } from "@/lib/events/constants";
import { formatInstant, instant, isInstant, MICROS_PER_DAY } from "./time";

export const KPI_IDS = [
  "aiEngaged",
  "containment",
  "escalation",
  "aiResolution",
  "hollowContainment",
  "fcr",
  "repeatContact",
  "confirmedShare",
  "csatAi",
  "csatHuman",
  "timeToResolution",
  "contextCarried",
  "approval",
  "edit",
  "reject",
  "override",
  "reviewLatency",
  "reversal",
  "policyBreach",
  "calibration",
  "autonomyMix",
] as const;
export type KpiId = (typeof KPI_IDS)[number];

export const DEFAULT_RANGE_DAYS = 30;
export const DEFAULT_CAME_BACK_WINDOW_DAYS = 7;
export const CALIBRATION_BANDS = 10;

// ---------------------------------------------------------------------------------------------
// Query

const instantString = z
  .string()
  .refine(isInstant, {
    error: (issue) =>
      `must be an ISO-8601 date (2025-03-01) or date-time with a time zone (2025-03-01T00:00:00Z) (got ${JSON.stringify(issue.input)})`,
  })
  .meta({ examples: ["2025-03-01", "2025-03-01T00:00:00Z"] });

/** Same rule as lib/workspaces.ts, restated so this module stays free of database imports. */
const workspaceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "lower-case letters, digits, - and _, starting with a letter or digit, at most 63");

export const metricsFiltersSchema = z
  .strictObject({
    journey: z.string().min(1).max(MAX_LEN.journey).optional().meta({
      description: "Only cases whose earliest event has this journey, and only AI events with this journey.",
    }),
    channel: z.enum(CHANNELS).optional().meta({
      description: "Only cases whose earliest event has this channel, and only AI events on this channel.",
    }),
    aiVersion: z.string().min(1).max(MAX_LEN.version).optional().meta({
      description:
        "Only AI events by this `actor.version`, and only cases first handled by it (the version of the case's earliest AI event that names one).",
    }),
    workspace: workspaceId.optional().meta({ description: "Only this workspace." }),
  })
  .meta({ id: "MetricsFilters" });
export type MetricsFilters = z.infer<typeof metricsFiltersSchema>;

/** What a client sends (query-string values are strings, hence the coercion of the window). */
export const metricsQueryInputSchema = metricsFiltersSchema
  .extend({
    from: instantString.optional().meta({ description: "Start of the range, inclusive. Default: `to` − 30 days." }),
    to: instantString.optional().meta({ description: "End of the range, exclusive. Default: now." }),
    cameBackWindowDays: z.coerce.number().int().min(1).max(365).optional().meta({
      description: "How long after a resolution a return makes it not hold, in days of 24 hours. Default 7.",
    }),
  })
  .meta({ id: "MetricsQueryInput" });
export type MetricsQueryInput = z.input<typeof metricsQueryInputSchema>;

/** A resolved query: both ends set and in canonical UTC form, the window set. */
export interface MetricsQuery {
  from: string;
  to: string;
  filters: MetricsFilters;
  cameBackWindowDays: number;
}

/** The query schema with defaults resolved against `now` (a function, so a long-lived schema stays current). */
export function makeMetricsQuerySchema(now: () => Date = () => new Date()) {
  return metricsQueryInputSchema.transform((input, ctx): MetricsQuery => {
    const { from, to, cameBackWindowDays, ...filters } = input;
    const end = to === undefined ? BigInt(now().getTime()) * 1000n : instant(to);
    const start = from === undefined ? end - BigInt(DEFAULT_RANGE_DAYS) * MICROS_PER_DAY : instant(from);
    if (start >= end)
      ctx.issues.push({ code: "custom", input, path: ["from"], message: `must be before to (got ${from} ≥ ${to ?? "now"})` });
    return {
      from: formatInstant(start),
      to: formatInstant(end),
      filters,
      cameBackWindowDays: cameBackWindowDays ?? DEFAULT_CAME_BACK_WINDOW_DAYS,
    };
  });
}

export const metricsQuerySchema = makeMetricsQuerySchema();

/** Parses and resolves a query; throws a ZodError on invalid input. */
export function resolveMetricsQuery(input: MetricsQueryInput = {}, now: Date = new Date()): MetricsQuery {
  return makeMetricsQuerySchema(() => now).parse(input);
}

// ---------------------------------------------------------------------------------------------
// Result

const fraction = z.number().min(0).max(1).nullable().meta({ description: "numerator ÷ denominator; null when the denominator is 0." });

export const ratioSchema = z
  .object({ value: fraction, numerator: z.number().min(0), denominator: z.number().min(0) })
  .meta({ id: "Ratio" });
export type Ratio = z.infer<typeof ratioSchema>;

const withPrevious = <S extends z.core.$ZodLooseShape>(period: z.ZodObject<S>) => period.extend({ previous: period });

export const ratioKpiSchema = withPrevious(ratioSchema).meta({ id: "RatioKpi" });
export type RatioKpi = z.infer<typeof ratioKpiSchema>;

export const countSchema = z.object({ value: z.int().min(0) });
export const countKpiSchema = withPrevious(countSchema).meta({ id: "CountKpi" });
export type CountKpi = z.infer<typeof countKpiSchema>;

export const distributionSchema = z
  .object({
    median: z.number().nullable(),
    p90: z.number().nullable(),
    count: z.int().min(0),
  })
  .meta({ id: "Distribution", description: "Seconds; percentiles interpolate linearly (percentile_cont); null when count is 0." });
export type Distribution = z.infer<typeof distributionSchema>;
export const distributionKpiSchema = withPrevious(distributionSchema).meta({ id: "DistributionKpi" });
export type DistributionKpi = z.infer<typeof distributionKpiSchema>;

export const escalationSchema = ratioSchema
  .extend({
    byReason: z.object(Object.fromEntries(HANDOFF_REASONS.map((r) => [r, ratioSchema])) as Record<(typeof HANDOFF_REASONS)[number], typeof ratioSchema>).meta({
      description: "Cases by the reason of their first handoff to a human ÷ AI-engaged cases; sums to the escalation rate.",
    }),
  })
  .meta({ id: "Escalation" });
export type Escalation = z.infer<typeof escalationSchema>;
export const escalationKpiSchema = withPrevious(escalationSchema).meta({ id: "EscalationKpi" });
export type EscalationKpi = z.infer<typeof escalationKpiSchema>;

export const currencyRatioSchema = ratioSchema
  .extend({ currency: z.string() })
  .meta({ id: "CurrencyRatio", description: "Reversed amount ÷ executed amount, in one currency (major units)." });
export type CurrencyRatio = z.infer<typeof currencyRatioSchema>;
export const reversalSchema = ratioSchema.extend({ byCurrency: z.array(currencyRatioSchema) }).meta({ id: "Reversal" });
export type Reversal = z.infer<typeof reversalSchema>;
export const reversalKpiSchema = withPrevious(reversalSchema).meta({ id: "ReversalKpi" });
export type ReversalKpi = z.infer<typeof reversalKpiSchema>;

export const calibrationBandSchema = z
  .object({
    from: z.number(),
    to: z.number(),
    count: z.int().min(0),
    correct: z.int().min(0),
    meanConfidence: z.number().nullable(),
    accuracy: fraction,
  })
  .meta({ id: "CalibrationBand", description: "Decisions with from ≤ confidence < to (the last band includes 1)." });
export type CalibrationBand = z.infer<typeof calibrationBandSchema>;
export const calibrationSchema = z
  .object({
    ece: z.number().min(0).max(1).nullable().meta({ description: "Σ(|B|/n)·|accuracy(B) − meanConfidence(B)|; null when n = 0." }),
    count: z.int().min(0),
    bands: z.array(calibrationBandSchema).length(CALIBRATION_BANDS),
  })
  .meta({ id: "Calibration" });
export type Calibration = z.infer<typeof calibrationSchema>;
export const calibrationKpiSchema = withPrevious(calibrationSchema).meta({ id: "CalibrationKpi" });
export type CalibrationKpi = z.infer<typeof calibrationKpiSchema>;

export const autonomyMixSchema = z
  .object(Object.fromEntries(AUTONOMY_LEVELS.map((level) => [level, ratioKpiSchema])) as Record<(typeof AUTONOMY_LEVELS)[number], typeof ratioKpiSchema>)
  .meta({ id: "AutonomyMix", description: "AI-executed actions at each autonomy level ÷ all AI-executed actions." });
export type AutonomyMix = z.infer<typeof autonomyMixSchema>;

export const metricsKpisSchema = z.object({
  aiEngaged: countKpiSchema,
  containment: ratioKpiSchema,
  escalation: escalationKpiSchema,
  aiResolution: ratioKpiSchema,
  hollowContainment: ratioKpiSchema,
  fcr: ratioKpiSchema,
  repeatContact: ratioKpiSchema,
  confirmedShare: ratioKpiSchema,
  csatAi: ratioKpiSchema,
  csatHuman: ratioKpiSchema,
  timeToResolution: distributionKpiSchema,
  contextCarried: ratioKpiSchema,
  approval: ratioKpiSchema,
  edit: ratioKpiSchema,
  reject: ratioKpiSchema,
  override: ratioKpiSchema,
  reviewLatency: distributionKpiSchema,
  reversal: reversalKpiSchema,
  policyBreach: ratioKpiSchema,
  calibration: calibrationKpiSchema,
  autonomyMix: autonomyMixSchema,
} satisfies Record<KpiId, z.ZodType>);
export type MetricsKpis = z.infer<typeof metricsKpisSchema>;

export const metricsResultSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    previous: z.object({ from: z.string(), to: z.string() }).meta({ description: "The period the `previous` values cover." }),
    cameBackWindowDays: z.int(),
    filters: metricsFiltersSchema,
    kpis: metricsKpisSchema,
  })
  .meta({ id: "MetricsResult" });
export type MetricsResult = z.infer<typeof metricsResultSchema>;

/** How the policy evaluator (lib/policy) judged one AI-executed action. */
export type PolicyCheck = "within" | "breach" | "none";
/** Event ids of AI-executed actions that breached the policy, or every action's check by event id. */
export type PolicyChecks = ReadonlySet<string> | ReadonlyMap<string, PolicyCheck>;
