// The ingest endpoints' handlers, served twice by one process: by Next.js (app/api/v1/…/route.ts) on the
// app's port, and by the ingest listener (lib/ingest/listener.ts) on WARRANT_INGEST_PORT, which skips
// Next's per-request work. One definition, so both doors answer the same request the same way. They answer
// with JSON answers as data (lib/api/answer.ts), which the listener writes without making them Responses.
import { jsonAnswer } from "@/lib/api/answer";
import { requireApiKey, route, type RouteHandler } from "@/lib/api/handler";
import { MAX_REQUEST_BYTES } from "@/lib/events/constants";
import { checkHealth } from "@/lib/health";
import { ingestEvents } from "@/lib/ingest/ingest";
import { decodeOtlpBody } from "@/lib/ingest/otlp";
import { ingestOtlp } from "@/lib/ingest/otlp-ingest";
import { readEventsBody } from "@/lib/ingest/parse";

/** POST /api/v1/events — one event, an array, or NDJSON; stored all together or not at all. */
const events: RouteHandler = async (ctx) => {
  const principal = await requireApiKey(ctx, "ingest");
  const raw = await readEventsBody(ctx.request.headers, ctx.readBody);
  const result = await ingestEvents(ctx.runtime.ingest, principal.workspaceId, raw);
  return jsonAnswer(result);
};

/** POST /api/v1/otlp/v1/traces — OTLP/HTTP JSON traces (gzip allowed); GenAI spans become events. */
const otlpTraces: RouteHandler = async (ctx) => {
  const principal = await requireApiKey(ctx, "ingest");
  const bytes = await ctx.readBody(MAX_REQUEST_BYTES);
  const decoded = await decodeOtlpBody(bytes, ctx.request.headers.get("content-encoding"), ctx.request.headers.get("content-type"));
  const { response } = await ingestOtlp(ctx.runtime.ingest, principal.workspaceId, decoded);
  return jsonAnswer(response);
};

/** GET /api/v1/health — liveness plus the truth about the database, migrations and each ledger head. */
const health: RouteHandler = async ({ runtime }) => {
  const report = await checkHealth(runtime);
  return jsonAnswer(report, { status: report.database.ok ? 200 : 503, headers: report.database.ok ? {} : { "retry-after": "5" } });
};

/** The handlers themselves, for the ingest listener (which calls them through `serveRoute`). */
export const ingestHandlers = { events, otlpTraces, health };

export const postEvents = route(events);
export const postOtlpTraces = route(otlpTraces);
export const getHealth = route(health);
