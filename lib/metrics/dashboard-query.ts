// The dashboards' filters, read from the page URL: the same parameters as GET /api/v1/metrics, so a
// page and the API can be compared number for number. Defaults are whole UTC days (the 30 days up to
// and including today) so daily buckets are calendar days; a bad parameter falls back to the default
// and is reported on the page rather than breaking it.
import { z } from "zod";
import { formatInstant, instant, MICROS_PER_DAY } from "./time";
import { type MetricsQuery, makeMetricsQuerySchema, metricsQueryInputSchema } from "./types";

export type SearchParams = Record<string, string | string[] | undefined>;

export interface DashboardQuery {
  query: MetricsQuery;
  /** The parameters as the page should keep them in links (resolved from and to included). */
  params: Record<string, string>;
  /** Problems with the URL's parameters, each already replaced by its default. */
  problems: { path: string; message: string }[];
  /**
   * Whole UTC days of the range after today: days that have not happened yet, whose counts are empty,
   * so a comparison with the full previous period reads as a fall. 0 for a range that ends by today.
   */
  futureDays: number;
  /** The end of today (UTC midnight after it): the default `to`. */
  todayEnd: string;
  /** Bucket length for charts: days up to 62 days, weeks beyond. */
  interval: "day" | "week";
  seconds: number;
}

const KEYS = ["from", "to", "journey", "channel", "aiVersion", "workspace", "cameBackWindowDays"] as const;

export function dashboardQuery(searchParams: SearchParams, now: Date = new Date(), fixed: Partial<Record<(typeof KEYS)[number], string>> = {}): DashboardQuery {
  const tomorrow = (BigInt(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) * 1000n + MICROS_PER_DAY);
  const defaults = { to: formatInstant(tomorrow), from: formatInstant(tomorrow - 30n * MICROS_PER_DAY) };
  const raw: Record<string, string> = {};
  for (const key of KEYS) {
    const value = searchParams[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== "") raw[key] = first;
  }
  Object.assign(raw, fixed);
  const problems: DashboardQuery["problems"] = [];
  // Drop each invalid parameter (reported), keep the rest.
  const field = metricsQueryInputSchema.shape;
  for (const key of KEYS) {
    if (raw[key] === undefined) continue;
    const check = (field[key] as z.ZodType).safeParse(raw[key]);
    if (!check.success) {
      problems.push({ path: key, message: check.error.issues[0]?.message ?? "invalid" });
      delete raw[key];
    }
  }
  const schema = makeMetricsQuerySchema(() => now);
  let parsed = schema.safeParse({ ...defaults, ...raw });
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => ({ path: i.path.join(".") || "range", message: i.message })));
    delete raw.from;
    delete raw.to;
    parsed = schema.safeParse({ ...defaults, ...raw });
  }
  const query = parsed.success ? parsed.data : schema.parse(defaults);
  const days = Number((instant(query.to) - instant(query.from)) / MICROS_PER_DAY);
  const interval = days <= 62 ? "day" : "week";
  const params: Record<string, string> = { from: query.from, to: query.to };
  for (const key of ["journey", "channel", "aiVersion", "workspace"] as const) {
    const value = query.filters[key];
    if (value !== undefined) params[key] = value;
  }
  if (raw.cameBackWindowDays !== undefined) params.cameBackWindowDays = String(query.cameBackWindowDays);
  const futureStart = instant(query.from) > tomorrow ? instant(query.from) : tomorrow;
  const future = instant(query.to) - futureStart;
  const futureDays = future > 0n ? Number((future + MICROS_PER_DAY - 1n) / MICROS_PER_DAY) : 0;
  return { query, params, problems, futureDays, todayEnd: defaults.to, interval, seconds: interval === "day" ? 86_400 : 7 * 86_400 };
}

/** A dashboard URL with the given parameters (undefined drops one). */
export function hrefWith(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** "2025-03-01T00:00:00Z" → "2025-03-01" when the instant is a UTC midnight, for date inputs. */
export function dateOnly(iso: string): string | null {
  return /^\d{4}-\d{2}-\d{2}T00:00:00Z$/.test(iso) ? iso.slice(0, 10) : null;
}
