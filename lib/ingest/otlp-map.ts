// Maps one OpenTelemetry span (GenAI semantic conventions + `warrant.*` attributes, DESIGN §3) to
// one Warrant event. docs/opentelemetry.md has the attribute table; this file is its implementation.
import { createHash } from "node:crypto";
import { EVENT_TYPES, type EventType } from "@/lib/events/constants";
import type { WarrantEvent } from "@/lib/events/schema";
import { validateEvent } from "@/lib/events/validate";
import { show } from "@/lib/events/issues";
import { attributesToMap, type AttributeMap, type AttributeValue, type OtlpSpan } from "./otlp-schema";

/**
 * Namespace of the UUID v5 event ids derived from spans. Fixed forever: changing it would turn
 * every re-sent span into a new event instead of a duplicate.
 */
export const OTLP_EVENT_ID_NAMESPACE = "62f71f70-bc0f-4fac-a0e9-ee7503e90712";

/**
 * The event id of a span: UUID v5 (RFC 9562) of the name `<traceId>/<spanId>` (lowercase hex) in
 * OTLP_EVENT_ID_NAMESPACE, so a re-sent span maps to the same id and is stored once. The same as
 * `v5(`${traceId}/${spanId}`, OTLP_EVENT_ID_NAMESPACE)` from the `uuid` package, for agents that
 * want to point `warrant.parent_id` at an event they sent as a span.
 */
export function otlpEventId(traceId: string, spanId: string): string {
  const namespace = Buffer.from(OTLP_EVENT_ID_NAMESPACE.replaceAll("-", ""), "hex");
  const name = Buffer.from(`${traceId.toLowerCase()}/${spanId.toLowerCase()}`, "utf8");
  const bytes = createHash("sha1").update(namespace).update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122/9562 variant
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Latest instant an ISO-8601 year of four digits can write (9999-12-31T23:59:59Z), in seconds. */
const MAX_SECONDS = 253_402_300_799n;

/**
 * Nanoseconds since the epoch as ISO-8601 UTC, exact to the nanosecond (the contract's datetime
 * accepts any number of fractional digits; JS `Date` would cut to milliseconds). The fraction is
 * written with 3, 6 or 9 digits, the fewest that lose nothing. Undefined for 0 (protobuf's "unset")
 * and for instants past year 9999.
 */
export function unixNanoToIso(nanos: string | number | null | undefined): string | undefined {
  if (nanos == null) return undefined;
  let ns: bigint;
  try {
    ns = BigInt(typeof nanos === "number" ? Math.trunc(nanos) : nanos);
  } catch {
    return undefined;
  }
  if (ns <= 0n) return undefined;
  const seconds = ns / 1_000_000_000n;
  if (seconds > MAX_SECONDS) return undefined;
  let fraction = (ns % 1_000_000_000n).toString().padStart(9, "0");
  if (fraction.endsWith("000000")) fraction = fraction.slice(0, 3);
  else if (fraction.endsWith("000")) fraction = fraction.slice(0, 6);
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}

export type SpanOutcome =
  | { kind: "event"; event: WarrantEvent }
  | { kind: "skipped"; why: "context" | "failed" }
  | { kind: "rejected"; reason: string };

const AI_PROPOSAL_AUTONOMY = new Set(["assist", "approve"]);
const HEX_TRACE_ID = /^[0-9a-fA-F]{32}$/;
const HEX_SPAN_ID = /^[0-9a-fA-F]{16}$/;

/** Which span attribute feeds which contract field, so a rejection names what the sender must set. */
const SOURCE: Record<string, string> = {
  caseId: "warrant.case_id or gen_ai.conversation.id",
  journey: "warrant.journey",
  channel: "warrant.channel",
  customerRef: "warrant.customer_ref",
  "actor.type": "warrant.actor.type",
  "actor.id": "warrant.actor.id, gen_ai.agent.name or service.name",
  "actor.version": "warrant.actor.version, gen_ai.agent.version or gen_ai.request.model",
  parentId: "warrant.parent_id or warrant.parent_span_id",
  action: "warrant.action or gen_ai.tool.name",
  "action.name": "warrant.action or gen_ai.tool.name",
  "action.target.system": "warrant.target.system",
  "action.target.ref": "warrant.target.ref",
  "action.amount.value": "warrant.amount",
  "action.amount.currency": "warrant.currency",
  "action.reversible": "warrant.reversible",
  autonomy: "warrant.autonomy",
  decision: "warrant.rationale",
  "decision.rationale": "warrant.rationale or a gen_ai.evaluation.result explanation",
  "decision.confidence": "warrant.confidence",
  "decision.policy.id": "warrant.policy.id or gen_ai.guardrail.policy.id",
  "decision.policy.version": "warrant.policy.version or gen_ai.guardrail.policy.version",
  "decision.policy.clause": "warrant.policy.clause",
  contact: "warrant.contact",
  status: "warrant.outcome",
  outcome: "warrant.outcome",
  resolvedBy: "warrant.resolved_by",
  attestedBy: "warrant.attested_by",
  reason: "warrant.reason",
  by: "warrant.reversed_by",
  reviewer: "warrant.reviewer.id",
  "reviewer.id": "warrant.reviewer.id",
  "reviewer.name": "warrant.reviewer.name",
  latencyMs: "warrant.latency_ms",
  from: "warrant.handoff.from",
  to: "warrant.handoff.to",
  contextTransferred: "warrant.handoff.context_transferred",
  survey: "warrant.feedback.survey",
  score: "warrant.feedback.score",
  scaleMax: "warrant.feedback.scale_max",
  about: "warrant.feedback.about",
};

// Readers coerce only what is unambiguous (7 → "7" for a string field, "0.8" → 0.8 for a number)
// and pass anything else through unchanged, so the contract names the problem instead of the
// value silently disappearing.
function asText(value: AttributeValue | undefined): unknown {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return value;
}

function asNumber(value: AttributeValue | undefined): unknown {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return value;
}

function asBoolean(value: AttributeValue | undefined): unknown {
  if (value === undefined || value === null || value === "") return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  return value;
}

/** Only a clean string or finite number: for the informational `attributes.otel`, never a reason to reject. */
const plainString = (value: AttributeValue | undefined) => (typeof value === "string" && value !== "" ? value : undefined);
const plainNumber = (value: AttributeValue | undefined) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/** The object without its undefined fields, or undefined when none is left. */
function defined<T extends Record<string, unknown>>(object: T): Partial<T> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) out[key] = value;
  return Object.keys(out).length > 0 ? (out as Partial<T>) : undefined;
}

const isError = (code: unknown) => code === 2 || code === "STATUS_CODE_ERROR";

class SpanReader {
  constructor(readonly attributes: AttributeMap) {}
  text = (key: string) => asText(this.attributes.get(key));
  number = (key: string) => asNumber(this.attributes.get(key));
  boolean = (key: string) => asBoolean(this.attributes.get(key));
  plain = (key: string) => plainString(this.attributes.get(key));
}

/** Decides what one (schema-valid) span becomes: an event, nothing (context), or a rejection. */
export function mapSpan(span: OtlpSpan, resource: AttributeMap): SpanOutcome {
  const read = new SpanReader(attributesToMap(span.attributes));
  const operation = read.plain("gen_ai.operation.name");
  const autonomy = read.text("warrant.autonomy");
  const failed = isError(span.status?.code);

  let type: EventType;
  const explicit = read.text("warrant.event_type");
  if (explicit !== undefined) {
    if (!EVENT_TYPES.includes(explicit as EventType))
      return { kind: "rejected", reason: `warrant.event_type must be one of: ${EVENT_TYPES.join(", ")} (got ${show(explicit)})` };
    type = explicit as EventType;
  } else if (operation === "execute_tool" && read.attributes.hasPrefix("warrant.")) {
    // A tool call that failed executed nothing; recording it as an action would be false.
    if (failed) return { kind: "skipped", why: "failed" };
    type = typeof autonomy === "string" && AI_PROPOSAL_AUTONOMY.has(autonomy) ? "ai.proposal" : "action.executed";
  } else {
    // chat, invoke_agent and non-GenAI spans describe how the agent worked, not what it did; so do
    // tool calls without any warrant.* attribute (lookups, searches), which auto-instrumentation
    // emits for every tool: rejecting each one would bury real problems in the partial-success message.
    return { kind: "skipped", why: "context" };
  }

  const caseId = read.text("warrant.case_id") ?? read.text("gen_ai.conversation.id");
  if (caseId === undefined)
    return { kind: "rejected", reason: "carries no case: set warrant.case_id (or gen_ai.conversation.id) on the span" };
  const occurredAt = unixNanoToIso(span.endTimeUnixNano) ?? unixNanoToIso(span.startTimeUnixNano);
  if (occurredAt === undefined) return { kind: "rejected", reason: "has no usable end or start time (endTimeUnixNano)" };

  const traceId = span.traceId.toLowerCase();
  const spanId = span.spanId.toLowerCase();
  const model = read.plain("gen_ai.request.model") ?? read.plain("gen_ai.response.model");
  const actorType = read.text("warrant.actor.type") ?? "ai";
  const ai = actorType === "ai";
  const actor = defined({
    type: actorType,
    id: read.text("warrant.actor.id") ?? (ai ? (read.text("gen_ai.agent.name") ?? read.text("gen_ai.agent.id") ?? asText(resource.get("service.name"))) : undefined),
    version: read.text("warrant.actor.version") ?? (ai ? (read.text("gen_ai.agent.version") ?? model) : undefined),
  });

  const event = {
    id: otlpEventId(traceId, spanId),
    type,
    occurredAt,
    caseId,
    journey: read.text("warrant.journey"),
    channel: read.text("warrant.channel"),
    customerRef: read.text("warrant.customer_ref"),
    actor,
    parentId: parentId(read, traceId),
    ...ownFields(type, read, span, autonomy),
    attributes: {
      // ai.proposal has no autonomy field (a proposal is assist or approve by definition); keep the level sent.
      ...(type === "ai.proposal" && autonomy !== undefined ? { autonomy } : {}),
      otel: otelReferences(span, read, resource, failed),
    },
  };
  const checked = validateEvent(defined(event));
  if (checked.ok) return { kind: "event", event: checked.event };
  const reason = checked.issues
    .map(({ path, message }) => (SOURCE[path] ? `${path} (${SOURCE[path]}): ${message}` : `${path || "event"}: ${message}`))
    .join("; ");
  return { kind: "rejected", reason: `does not make a valid ${type} event: ${reason}` };
}

function parentId(read: SpanReader, traceId: string): unknown {
  const explicit = read.text("warrant.parent_id");
  if (explicit !== undefined) return explicit;
  const span = read.text("warrant.parent_span_id");
  if (span === undefined) return undefined;
  const trace = read.text("warrant.parent_trace_id") ?? traceId;
  if (typeof span !== "string" || typeof trace !== "string" || !HEX_SPAN_ID.test(span) || !HEX_TRACE_ID.test(trace)) return span;
  return otlpEventId(trace, span);
}

/** The fields each type carries beside the common ones (DESIGN §2). */
function ownFields(type: EventType, read: SpanReader, span: OtlpSpan, autonomy: unknown): Record<string, unknown> {
  switch (type) {
    case "case.opened":
      return { contact: read.number("warrant.contact") };
    case "ai.proposal":
      return { action: action(read), decision: decision(read, span) };
    case "action.executed":
      return { action: action(read), autonomy, decision: decision(read, span) };
    case "approval.decided":
      return {
        outcome: read.text("warrant.outcome"),
        reviewer: defined({ id: read.text("warrant.reviewer.id"), name: read.text("warrant.reviewer.name") }),
        latencyMs: read.number("warrant.latency_ms"),
        reason: read.text("warrant.reason"),
      };
    case "action.overridden":
      return { reason: read.text("warrant.reason") };
    case "action.reversed":
      return { reason: read.text("warrant.reason"), by: read.text("warrant.reversed_by") };
    case "handoff":
      return {
        from: read.text("warrant.handoff.from"),
        to: read.text("warrant.handoff.to"),
        reason: read.text("warrant.reason"),
        contextTransferred: read.boolean("warrant.handoff.context_transferred"),
      };
    case "case.outcome":
      return { status: read.text("warrant.outcome"), resolvedBy: read.text("warrant.resolved_by"), attestedBy: read.text("warrant.attested_by") };
    case "case.reopened":
      return {};
    case "feedback":
      return {
        survey: read.text("warrant.feedback.survey"),
        score: read.number("warrant.feedback.score"),
        scaleMax: read.number("warrant.feedback.scale_max"),
        about: read.text("warrant.feedback.about"),
      };
  }
}

function action(read: SpanReader) {
  const amount = read.number("warrant.amount");
  const currency = read.text("warrant.currency");
  return defined({
    name: read.text("warrant.action") ?? read.text("gen_ai.tool.name"),
    target: defined({ system: read.text("warrant.target.system"), ref: read.text("warrant.target.ref") }),
    amount: amount === undefined && currency === undefined ? undefined : defined({ value: amount, currency }),
    reversible: read.boolean("warrant.reversible"),
  });
}

function decision(read: SpanReader, span: OtlpSpan) {
  // The warrant.* pair wins as a whole: mixing one source's id with another's version would be wrong.
  const policy =
    defined({ id: read.text("warrant.policy.id"), version: read.text("warrant.policy.version"), clause: read.text("warrant.policy.clause") }) ??
    defined({ id: read.text("gen_ai.guardrail.policy.id"), version: read.text("gen_ai.guardrail.policy.version") });
  const provider = read.plain("gen_ai.provider.name") ?? read.plain("gen_ai.system");
  const requested = read.plain("gen_ai.request.model");
  const served = read.plain("gen_ai.response.model");
  return defined({
    rationale: read.text("warrant.rationale") ?? evaluationExplanation(span),
    confidence: read.number("warrant.confidence"),
    policy,
    // The response model is the version the provider actually served (e.g. a dated snapshot).
    model: provider && (requested ?? served) ? { provider, name: (requested ?? served)!, version: (served ?? requested)! } : undefined,
  });
}

/** The explanation of the first `gen_ai.evaluation.result` span event that has one. */
function evaluationExplanation(span: OtlpSpan): string | undefined {
  for (const event of span.events ?? []) {
    if (event.name !== "gen_ai.evaluation.result") continue;
    const explanation = plainString(attributesToMap(event.attributes).get("gen_ai.evaluation.explanation"));
    if (explanation !== undefined) return explanation;
  }
  return undefined;
}

/**
 * What ties the event back to its trace, kept under `attributes.otel`. Only named fields: prompts
 * and completions (gen_ai.input.messages, …) are never copied, as they are full of personal data.
 */
function otelReferences(span: OtlpSpan, read: SpanReader, resource: AttributeMap, failed: boolean) {
  const get = (key: string) => read.attributes.get(key);
  return defined({
    traceId: span.traceId.toLowerCase(),
    spanId: span.spanId.toLowerCase(),
    parentSpanId: span.parentSpanId ? span.parentSpanId.toLowerCase() : undefined,
    spanName: span.name || undefined,
    operation: read.plain("gen_ai.operation.name"),
    service: plainString(resource.get("service.name")),
    serviceVersion: plainString(resource.get("service.version")),
    agentId: read.plain("gen_ai.agent.id"),
    toolCallId: read.plain("gen_ai.tool.call.id"),
    provider: read.plain("gen_ai.provider.name") ?? read.plain("gen_ai.system"),
    model: read.plain("gen_ai.request.model"),
    responseModel: read.plain("gen_ai.response.model"),
    usage: defined({
      inputTokens: plainNumber(get("gen_ai.usage.input_tokens")) ?? plainNumber(get("gen_ai.usage.prompt_tokens")),
      outputTokens: plainNumber(get("gen_ai.usage.output_tokens")) ?? plainNumber(get("gen_ai.usage.completion_tokens")),
    }),
    status: failed ? "error" : undefined,
    statusMessage: failed ? span.status?.message || undefined : undefined,
  });
}
