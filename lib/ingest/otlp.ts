// OpenTelemetry ingestion (DESIGN §3, docs/opentelemetry.md): an OTLP/HTTP JSON trace export in,
// contract-valid Warrant events and the spans that could not become one out. The route is
// `decodeOtlpBody → mapOtlpToEvents → storeEvents → partialSuccessResponse`.
import type { WarrantEvent } from "@/lib/events/schema";
import { clip, fieldIssues, humanErrorMap, show } from "@/lib/events/issues";
import { OtlpInvalidBodyError } from "./otlp-decode";
import { mapSpan } from "./otlp-map";
import {
  attributesToMap,
  otlpEnvelopeSchema,
  otlpSpanSchema,
  type ExportTraceServiceResponse,
  type OtlpSpan,
} from "./otlp-schema";

export {
  decodeOtlpBody,
  MAX_OTLP_DECODED_BYTES,
  OtlpBodyError,
  OtlpInvalidBodyError,
  OtlpPayloadTooLargeError,
  OtlpUnsupportedMediaTypeError,
  type DecodeOptions,
} from "./otlp-decode";
export { OTLP_EVENT_ID_NAMESPACE, otlpEventId, unixNanoToIso } from "./otlp-map";
export {
  exportTraceServiceRequestSchema,
  otlpSpanSchema,
  type ExportTraceServiceRequest,
  type ExportTraceServiceResponse,
  type OtlpSpan,
} from "./otlp-schema";

/** A span that could not become an event, and why; `partialSuccessResponse` reports these. */
export interface OtlpRejectedSpan {
  traceId: string;
  spanId: string;
  name: string;
  reason: string;
}

export interface OtlpMapResult {
  /** Contract-valid events, one per accepted span, in request order, each id once. */
  events: WarrantEvent[];
  rejected: OtlpRejectedSpan[];
  /** Spans that are context, not actions: chat, invoke_agent, tool calls without warrant.*, failed tool calls, repeats in this request. */
  skipped: number;
}

/**
 * Maps a decoded OTLP/HTTP JSON ExportTraceServiceRequest to Warrant events. Never throws for a
 * malformed span (it is rejected on its own); throws OtlpInvalidBodyError (400) only when the
 * request itself is not an ExportTraceServiceRequest.
 */
export function mapOtlpToEvents(request: unknown): OtlpMapResult {
  const envelope = parseEnvelope(request);
  const events: WarrantEvent[] = [];
  const rejected: OtlpRejectedSpan[] = [];
  const seen = new Map<string, string>();
  let skipped = 0;

  for (const resourceSpans of envelope.resourceSpans ?? []) {
    const resource = attributesToMap(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const raw of scopeSpans.spans ?? []) {
        const parsed = parseSpan(raw);
        if (!parsed.ok) {
          rejected.push({ ...describe(raw), reason: parsed.reason });
          continue;
        }
        const span = parsed.span;
        const outcome = mapSpan(span, resource);
        const ref = { traceId: span.traceId.toLowerCase(), spanId: span.spanId.toLowerCase(), name: span.name ?? "" };
        if (outcome.kind === "skipped") skipped++;
        else if (outcome.kind === "rejected") rejected.push({ ...ref, reason: outcome.reason });
        else {
          // Exporters may repeat a span (OTLP allows duplicates): the same span twice is one event;
          // two different spans claiming one id cannot both be true, so the later one is refused.
          const body = JSON.stringify(outcome.event);
          const earlier = seen.get(outcome.event.id);
          if (earlier === undefined) {
            seen.set(outcome.event.id, body);
            events.push(outcome.event);
          } else if (earlier === body) skipped++;
          else rejected.push({ ...ref, reason: "repeats the trace and span id of an earlier span in this request with different content" });
        }
      }
    }
  }
  return { events, rejected, skipped };
}

function parseEnvelope(request: unknown) {
  let parsed;
  try {
    parsed = otlpEnvelopeSchema.safeParse(request, { error: humanErrorMap });
  } catch {
    // Only nesting deep enough to exhaust the stack gets here.
    throw new OtlpInvalidBodyError("invalid_body", "The OTLP body is nested too deeply to read.");
  }
  if (parsed.success) return parsed.data;
  const issues = fieldIssues(parsed.error, 10);
  throw new OtlpInvalidBodyError(
    "invalid_body",
    `The body is not an OTLP ExportTraceServiceRequest: ${issues.map((i) => `${i.path || "(body)"}: ${i.message}`).join("; ")}`,
    issues,
  );
}

function parseSpan(raw: unknown): { ok: true; span: OtlpSpan } | { ok: false; reason: string } {
  try {
    const parsed = otlpSpanSchema.safeParse(raw, { error: humanErrorMap });
    if (parsed.success) return { ok: true, span: parsed.data };
    const reason = fieldIssues(parsed.error, 5)
      .map((i) => (i.message.includes(i.path) || !i.path ? i.message : `${i.path}: ${i.message}`))
      .join("; ");
    return { ok: false, reason: `is not a valid OTLP span: ${reason}` };
  } catch {
    return { ok: false, reason: "is not a valid OTLP span: nested too deeply to read" };
  }
}

/** Names an unparsable span as best it can, clipped, for the rejection list. */
function describe(raw: unknown): Omit<OtlpRejectedSpan, "reason"> {
  const object = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const field = (key: string) => (typeof object[key] === "string" ? clip(object[key] as string, 64) : object[key] === undefined ? "" : show(object[key]));
  return { traceId: field("traceId"), spanId: field("spanId"), name: field("name") };
}

/** How many rejected spans the message names one by one; the count covers all of them. */
const NAMED_IN_MESSAGE = 10;
const REASON_CHARS = 400;

/**
 * The OTLP/JSON ExportTraceServiceResponse: `{}` when every span was accepted (the spec leaves
 * partial_success unset then), else `partialSuccess` with the count (int64, so a string) and a
 * message naming the rejected spans. Answered with HTTP 200: the accepted spans are stored, and a
 * sender must not retry rejected ones (they would be rejected again).
 */
export function partialSuccessResponse(rejected: readonly OtlpRejectedSpan[]): ExportTraceServiceResponse {
  if (rejected.length === 0) return {};
  const named = rejected
    .slice(0, NAMED_IN_MESSAGE)
    .map((s) => `span ${JSON.stringify(clip(s.name, 100))} (trace ${s.traceId || "?"}, span ${s.spanId || "?"}) ${clip(s.reason, REASON_CHARS)}`);
  const more = rejected.length > NAMED_IN_MESSAGE ? `; and ${rejected.length - NAMED_IN_MESSAGE} more` : "";
  const total = `${rejected.length} span${rejected.length === 1 ? " was" : "s were"} rejected`;
  return {
    partialSuccess: {
      rejectedSpans: String(rejected.length),
      errorMessage: `${total}: ${named.join("; ")}${more}. See docs/opentelemetry.md for the attributes Warrant reads.`,
    },
  };
}
