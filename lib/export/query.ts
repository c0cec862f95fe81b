// What an export selects: the one schema the route, the page and the CLI parse (DESIGN §10).
import { z } from "zod";
import { ACTOR_TYPES, EVENT_TYPES, MAX_LEN } from "@/lib/events/constants";

export const EXPORT_FORMATS = ["jsonl", "csv", "bundle"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

// A date alone means 00:00 UTC that day; a date-time must say its time zone.
const instant = z
  .string()
  .refine((s) => (DATE.test(s) || DATETIME.test(s)) && !Number.isNaN(Date.parse(DATE.test(s) ? `${s}T00:00:00Z` : s)), {
    message: "must be an ISO-8601 date (2026-10-01) or a date-time with a time zone (2026-10-01T00:00:00Z)",
  })
  .transform((s) => (DATE.test(s) ? `${s}T00:00:00Z` : s));

const seq = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** The filter, as written into a bundle's header: every field optional, names as in the event contract. */
export const exportFilterSchema = z.strictObject({
  /** occurredAt ≥ from (inclusive). */
  from: instant.optional(),
  /** occurredAt < to (exclusive). */
  to: instant.optional(),
  journey: z.string().min(1).max(MAX_LEN.journey).optional(),
  caseId: z.string().min(1).max(MAX_LEN.id).optional(),
  type: z.enum(EVENT_TYPES).optional(),
  actorType: z.enum(ACTOR_TYPES).optional(),
  actorId: z.string().min(1).max(MAX_LEN.id).optional(),
  fromSeq: seq.optional(),
  toSeq: seq.optional(),
});
export type ExportFilter = z.infer<typeof exportFilterSchema>;

/** The query string of GET /api/v1/exports/events (and the CLI's options). */
export const exportQuerySchema = z
  .strictObject({
    format: z.enum(EXPORT_FORMATS).default("jsonl"),
    workspace: z.string().max(64).optional(),
    from: exportFilterSchema.shape.from,
    to: exportFilterSchema.shape.to,
    journey: exportFilterSchema.shape.journey,
    case: exportFilterSchema.shape.caseId,
    type: exportFilterSchema.shape.type,
    actorType: exportFilterSchema.shape.actorType,
    actor: exportFilterSchema.shape.actorId,
    fromSeq: exportFilterSchema.shape.fromSeq,
    toSeq: exportFilterSchema.shape.toSeq,
    /** Bundles: the tree size of an earlier bundle's checkpoint, to prove this one extends it. */
    since: seq.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) ctx.addIssue({ code: "custom", path: ["from"], message: "must be before to" });
    if (q.fromSeq && q.toSeq && q.fromSeq > q.toSeq) ctx.addIssue({ code: "custom", path: ["fromSeq"], message: "must not be after toSeq" });
    if (q.since && q.format !== "bundle") ctx.addIssue({ code: "custom", path: ["since"], message: "applies to bundles only" });
  });
export type ExportQuery = z.infer<typeof exportQuerySchema>;

export function filterOf(query: ExportQuery): ExportFilter {
  const filter: ExportFilter = {
    from: query.from,
    to: query.to,
    journey: query.journey,
    caseId: query.case,
    type: query.type,
    actorType: query.actorType,
    actorId: query.actor,
    fromSeq: query.fromSeq,
    toSeq: query.toSeq,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as ExportFilter;
}

/**
 * A filter that only bounds seq selects a contiguous run of the chain, which verifies by recomputing
 * the chain; anything else leaves gaps, and each event is proven on its own.
 */
export const isContiguous = (filter: ExportFilter) => Object.keys(filter).every((k) => k === "fromSeq" || k === "toSeq");

/** Does an event (as stored in its record) match the filter? The same rule as the SQL, for the offline verifier. */
export function eventMatches(filter: ExportFilter, seqNumber: number, event: Record<string, unknown>): string | null {
  const actor = (event.actor ?? {}) as { type?: unknown; id?: unknown };
  const at = Date.parse(String(event.occurredAt));
  if (filter.fromSeq !== undefined && seqNumber < filter.fromSeq) return `seq ${seqNumber} is before fromSeq ${filter.fromSeq}`;
  if (filter.toSeq !== undefined && seqNumber > filter.toSeq) return `seq ${seqNumber} is after toSeq ${filter.toSeq}`;
  if (filter.from !== undefined && !(at >= Date.parse(filter.from))) return `occurredAt ${String(event.occurredAt)} is before ${filter.from}`;
  if (filter.to !== undefined && !(at < Date.parse(filter.to))) return `occurredAt ${String(event.occurredAt)} is not before ${filter.to}`;
  if (filter.journey !== undefined && event.journey !== filter.journey) return `journey is ${String(event.journey)}, not ${filter.journey}`;
  if (filter.caseId !== undefined && event.caseId !== filter.caseId) return `caseId is ${String(event.caseId)}, not ${filter.caseId}`;
  if (filter.type !== undefined && event.type !== filter.type) return `type is ${String(event.type)}, not ${filter.type}`;
  if (filter.actorType !== undefined && actor.type !== filter.actorType) return `actor type is ${String(actor.type)}, not ${filter.actorType}`;
  if (filter.actorId !== undefined && actor.id !== filter.actorId) return `actor id is ${String(actor.id)}, not ${filter.actorId}`;
  return null;
}

/** A file name that says what is inside: warrant-<workspace>-<range>.<ext>. */
export function exportFilename(workspace: string, format: ExportFormat, filter: ExportFilter, now = new Date()): string {
  const day = (iso: string) => new Date(iso).toISOString().slice(0, 10);
  const range = filter.from || filter.to ? `${filter.from ? day(filter.from) : "start"}_${filter.to ? day(filter.to) : "now"}` : now.toISOString().slice(0, 10);
  const seqs = filter.fromSeq || filter.toSeq ? `-seq${filter.fromSeq ?? 1}-${filter.toSeq ?? "head"}` : "";
  const ext = format === "bundle" ? "bundle.jsonl" : format;
  return `warrant-${workspace}-${range}${seqs}.${ext}`.replace(/[^A-Za-z0-9._-]/g, "_");
}
