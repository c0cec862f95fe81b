import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateEvent } from "@/lib/events/validate";
import {
  decodeOtlpBody,
  mapOtlpToEvents,
  OtlpBodyError,
  OtlpInvalidBodyError,
  OtlpPayloadTooLargeError,
  OtlpUnsupportedMediaTypeError,
  otlpEventId,
  partialSuccessResponse,
  unixNanoToIso,
} from "./otlp";

const TRACE = "5b8efff798038103d269b633813fc60c";
const AGENT_SPAN = "a1b2c3d4e5f60718";
const TOOL_SPAN = "eee19b7ec3c1b174";
const END = "1791201600123456789"; // 2026-10-05T12:00:00.123456789Z

type Value = string | number | boolean;

/** OTLP KeyValue[] as the JS exporter writes it: integers as intValue strings, others by type. */
function attrs(values: Record<string, Value>) {
  return Object.entries(values).map(([key, value]) => ({
    key,
    value:
      typeof value === "string"
        ? { stringValue: value }
        : typeof value === "boolean"
          ? { boolValue: value }
          : Number.isInteger(value)
            ? { intValue: String(value) }
            : { doubleValue: value },
  }));
}

function span(attributes: Record<string, Value>, overrides: Record<string, unknown> = {}) {
  return {
    traceId: TRACE,
    spanId: TOOL_SPAN,
    parentSpanId: AGENT_SPAN,
    name: `execute_tool ${String(attributes["gen_ai.tool.name"] ?? "")}`.trim(),
    kind: 1,
    startTimeUnixNano: "1791201599000000000",
    endTimeUnixNano: END,
    attributes: attrs(attributes),
    status: {},
    ...overrides,
  };
}

function request(spans: unknown[], resource: Record<string, Value> = { "service.name": "refund-service" }) {
  return {
    resourceSpans: [
      {
        resource: { attributes: attrs(resource) },
        scopeSpans: [{ scope: { name: "refund-agent", version: "1.0.0" }, spans }],
      },
    ],
  };
}

/** A refund the agent executed on its own, described with the warrant.* attributes. */
const refund = {
  "gen_ai.operation.name": "execute_tool",
  "gen_ai.tool.name": "issue_refund",
  "gen_ai.tool.call.id": "call_7Qk",
  "gen_ai.agent.name": "refund-agent",
  "gen_ai.agent.version": "2026.10.1",
  "warrant.case_id": "case_8841",
  "warrant.journey": "delivery_failure",
  "warrant.channel": "chat",
  "warrant.customer_ref": "cus_5b1e9a7d",
  "warrant.action": "refund.issue",
  "warrant.autonomy": "supervised",
  "warrant.rationale": "The parcel was returned to the depot; policy R-7 §3.2 allows a full refund.",
  "warrant.confidence": 0.86,
  "warrant.policy.id": "refunds",
  "warrant.policy.version": 7,
  "warrant.amount": 42.5,
  "warrant.currency": "EUR",
} satisfies Record<string, Value>;

const only = (result: ReturnType<typeof mapOtlpToEvents>) => {
  expect(result.rejected).toEqual([]);
  expect(result.events).toHaveLength(1);
  return result.events[0] as Record<string, any>;
};

describe("mapOtlpToEvents", () => {
  it("maps an execute_tool span with warrant.* attributes to an action.executed event", () => {
    const event = only(mapOtlpToEvents(request([span(refund)])));
    expect(event).toEqual({
      id: otlpEventId(TRACE, TOOL_SPAN),
      type: "action.executed",
      occurredAt: "2026-10-05T12:00:00.123456789Z",
      caseId: "case_8841",
      journey: "delivery_failure",
      channel: "chat",
      customerRef: "cus_5b1e9a7d",
      actor: { type: "ai", id: "refund-agent", version: "2026.10.1" },
      action: { name: "refund.issue", amount: { value: 42.5, currency: "EUR" } },
      autonomy: "supervised",
      decision: {
        rationale: "The parcel was returned to the depot; policy R-7 §3.2 allows a full refund.",
        confidence: 0.86,
        policy: { id: "refunds", version: "7" },
      },
      attributes: {
        otel: {
          traceId: TRACE,
          spanId: TOOL_SPAN,
          parentSpanId: AGENT_SPAN,
          spanName: "execute_tool issue_refund",
          operation: "execute_tool",
          service: "refund-service",
          toolCallId: "call_7Qk",
        },
      },
    });
    expect(validateEvent(event).ok).toBe(true);
  });

  it("maps an execute_tool span at autonomy approve (or assist) to an ai.proposal and keeps the level", () => {
    for (const autonomy of ["approve", "assist"]) {
      const event = only(mapOtlpToEvents(request([span({ ...refund, "warrant.autonomy": autonomy })])));
      expect(event.type).toBe("ai.proposal");
      expect(event).not.toHaveProperty("autonomy");
      expect(event.attributes.autonomy).toBe(autonomy);
      expect(event.decision.rationale).toBe(refund["warrant.rationale"]);
      expect(event.action.name).toBe("refund.issue");
    }
  });

  it("takes the gen_ai.evaluation.result explanation as the rationale when warrant.rationale is absent", () => {
    const { "warrant.rationale": _, ...withoutRationale } = refund;
    const evaluation = {
      name: "gen_ai.evaluation.result",
      timeUnixNano: END,
      attributes: attrs({
        "gen_ai.evaluation.name": "refund_policy_check",
        "gen_ai.evaluation.score.label": "pass",
        "gen_ai.evaluation.explanation": "Order undelivered after two attempts; a refund is within policy.",
      }),
    };
    const events = [{ name: "log", attributes: attrs({ message: "hi" }) }, evaluation];
    const fallback = only(mapOtlpToEvents(request([span(withoutRationale, { events })])));
    expect(fallback.decision.rationale).toBe("Order undelivered after two attempts; a refund is within policy.");

    const explicit = only(mapOtlpToEvents(request([span(refund, { events })])));
    expect(explicit.decision.rationale).toBe(refund["warrant.rationale"]);
  });

  it("reads legacy names and falls back to the tool name, service.name and the model", () => {
    const event = only(
      mapOtlpToEvents(
        request([
          span({
            "gen_ai.operation.name": "execute_tool",
            "gen_ai.tool.name": "refund.issue",
            "gen_ai.system": "openai",
            "gen_ai.request.model": "gpt-4o",
            "gen_ai.response.model": "gpt-4o-2024-08-06",
            "gen_ai.usage.prompt_tokens": 812,
            "gen_ai.usage.completion_tokens": 64,
            "gen_ai.conversation.id": "conv_31",
            "warrant.journey": "billing_dispute",
            "warrant.channel": "email",
            "warrant.autonomy": "autonomous",
            "warrant.rationale": "Duplicate charge confirmed by the payment provider.",
          }),
        ]),
      ),
    );
    expect(event.caseId).toBe("conv_31");
    expect(event.action).toEqual({ name: "refund.issue" });
    expect(event.actor).toEqual({ type: "ai", id: "refund-service", version: "gpt-4o" });
    expect(event.decision.model).toEqual({ provider: "openai", name: "gpt-4o", version: "gpt-4o-2024-08-06" });
    expect(event.attributes.otel).toMatchObject({
      provider: "openai",
      model: "gpt-4o",
      responseModel: "gpt-4o-2024-08-06",
      usage: { inputTokens: 812, outputTokens: 64 },
    });
  });

  it("prefers the current names over the legacy ones when both are sent", () => {
    const event = only(
      mapOtlpToEvents(
        request([
          span({
            ...refund,
            "gen_ai.provider.name": "anthropic",
            "gen_ai.system": "legacy",
            "gen_ai.usage.input_tokens": 10,
            "gen_ai.usage.prompt_tokens": 99,
          }),
        ]),
      ),
    );
    expect(event.attributes.otel.provider).toBe("anthropic");
    expect(event.attributes.otel.usage).toEqual({ inputTokens: 10 });
  });

  it("takes gen_ai.guardrail.policy.id/.version as the policy when warrant.policy.* is absent", () => {
    const { "warrant.policy.id": _id, "warrant.policy.version": _version, ...base } = refund;
    const guarded = { ...base, "gen_ai.guardrail.policy.id": "refund-guard", "gen_ai.guardrail.policy.version": "3" };
    expect(only(mapOtlpToEvents(request([span(guarded)]))).decision.policy).toEqual({ id: "refund-guard", version: "3" });
    // The warrant.* pair wins as a whole when present.
    const both = { ...guarded, "warrant.policy.id": "refunds", "warrant.policy.version": "7", "warrant.policy.clause": "3.2" };
    expect(only(mapOtlpToEvents(request([span(both)]))).decision.policy).toEqual({ id: "refunds", version: "7", clause: "3.2" });
  });

  it("rejects a span that carries no case, naming the span, and keeps the others", () => {
    const { "warrant.case_id": _, ...caseless } = refund;
    const lost = span(caseless, { spanId: "00f067aa0ba902b7", name: "execute_tool issue_refund (no case)" });
    const result = mapOtlpToEvents(request([lost, span(refund)]));
    expect(result.events).toHaveLength(1);
    expect(result.rejected).toEqual([
      {
        traceId: TRACE,
        spanId: "00f067aa0ba902b7",
        name: "execute_tool issue_refund (no case)",
        reason: "carries no case: set warrant.case_id (or gen_ai.conversation.id) on the span",
      },
    ]);
    const answer = partialSuccessResponse(result.rejected);
    expect(answer.partialSuccess?.rejectedSpans).toBe("1");
    expect(answer.partialSuccess?.errorMessage).toContain('span "execute_tool issue_refund (no case)"');
    expect(answer.partialSuccess?.errorMessage).toContain("00f067aa0ba902b7");
    expect(answer.partialSuccess?.errorMessage).toContain("warrant.case_id");
  });

  it("rejects a span whose event fails the contract with the contract's issue and the attribute to set", () => {
    const { "warrant.journey": _, ...noJourney } = refund;
    const result = mapOtlpToEvents(request([span({ ...noJourney, "warrant.confidence": 1.7, "warrant.channel": "fax" })]));
    expect(result.events).toEqual([]);
    expect(result.rejected).toHaveLength(1);
    const { reason } = result.rejected[0];
    expect(reason).toMatch(/^does not make a valid action\.executed event: /);
    expect(reason).toContain("journey (warrant.journey): required");
    expect(reason).toContain("channel (warrant.channel): expected one of: chat, voice, email, messaging, web, api, other (got \"fax\")");
    expect(reason).toContain("decision.confidence (warrant.confidence): must be at most 1 (got 1.7)");
  });

  it("rejects an AI action without a rationale (the contract requires one)", () => {
    const { "warrant.rationale": _, "warrant.confidence": _c, "warrant.policy.id": _p, "warrant.policy.version": _v, ...bare } = refund;
    const result = mapOtlpToEvents(request([span(bare)]));
    expect(result.rejected[0].reason).toContain("decision (warrant.rationale): required for AI actors");
  });

  it("skips chat, invoke_agent, non-GenAI spans and tool calls without warrant.* attributes, without rejecting them", () => {
    const chat = span(
      { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o", "gen_ai.conversation.id": "conv_1" },
      { spanId: "1111111111111111", name: "chat gpt-4o" },
    );
    const agent = span(
      { "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "refund-agent", "warrant.case_id": "case_8841" },
      { spanId: AGENT_SPAN, parentSpanId: "", name: "invoke_agent refund-agent" },
    );
    const http = span({ "http.request.method": "POST" }, { spanId: "2222222222222222", name: "POST" });
    // A tool call with no warrant.* attribute (a lookup) is context too, even with a conversation id.
    const lookup = span(
      { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "lookup_order", "gen_ai.conversation.id": "conv_1" },
      { spanId: "4444444444444444" },
    );
    const result = mapOtlpToEvents(request([chat, agent, http, lookup]));
    expect(result).toEqual({ events: [], rejected: [], skipped: 4 });
    expect(partialSuccessResponse(result.rejected)).toEqual({});
  });

  it("skips a failed tool call (status ERROR): nothing was executed", () => {
    const result = mapOtlpToEvents(request([span(refund, { status: { code: 2, message: "payment API timeout" } })]));
    expect(result).toEqual({ events: [], rejected: [], skipped: 1 });
  });

  it("maps other types through warrant.event_type: a case.outcome span", () => {
    const outcome = span(
      {
        "warrant.event_type": "case.outcome",
        "warrant.case_id": "case_8841",
        "warrant.journey": "delivery_failure",
        "warrant.channel": "chat",
        "warrant.outcome": "resolved",
        "warrant.resolved_by": "ai",
        "warrant.attested_by": "customer",
        "gen_ai.agent.name": "refund-agent",
      },
      { name: "case outcome" },
    );
    const event = only(mapOtlpToEvents(request([outcome])));
    expect(event).toMatchObject({ type: "case.outcome", status: "resolved", resolvedBy: "ai", attestedBy: "customer" });
    expect(event.actor).toEqual({ type: "ai", id: "refund-agent" });
  });

  it("links an approval span to the proposal span through warrant.parent_span_id", () => {
    const approval = span(
      {
        "warrant.event_type": "approval.decided",
        "warrant.case_id": "case_8841",
        "warrant.journey": "delivery_failure",
        "warrant.channel": "chat",
        "warrant.actor.type": "human",
        "warrant.actor.id": "agent_0193",
        "warrant.outcome": "approved",
        "warrant.reviewer.id": "agent_0193",
        "warrant.latency_ms": 48000,
        "warrant.parent_span_id": TOOL_SPAN,
      },
      { spanId: "3333333333333333", name: "approval" },
    );
    const event = only(mapOtlpToEvents(request([approval])));
    expect(event).toMatchObject({
      type: "approval.decided",
      actor: { type: "human", id: "agent_0193" },
      parentId: otlpEventId(TRACE, TOOL_SPAN),
      outcome: "approved",
      reviewer: { id: "agent_0193" },
      latencyMs: 48000,
    });
  });

  it("rejects an unknown warrant.event_type", () => {
    const result = mapOtlpToEvents(request([span({ ...refund, "warrant.event_type": "refund" })]));
    expect(result.rejected[0].reason).toMatch(/^warrant\.event_type must be one of: case\.opened, .* \(got "refund"\)$/);
  });

  it("derives the same id for the same span and stores a span repeated in one request once", () => {
    const first = mapOtlpToEvents(request([span(refund)]));
    const again = mapOtlpToEvents(request([span(refund)]));
    expect(again.events[0].id).toBe(first.events[0].id);
    expect(again.events).toEqual(first.events);

    const repeated = mapOtlpToEvents(request([span(refund), span(refund)]));
    expect(repeated.events).toHaveLength(1);
    expect(repeated.skipped).toBe(1);

    const changed = mapOtlpToEvents(request([span(refund), span({ ...refund, "warrant.amount": 50 })]));
    expect(changed.events).toHaveLength(1);
    expect(changed.rejected[0].reason).toContain("repeats the trace and span id");
  });

  it("derives ids as UUID v5 of <traceId>/<spanId>, case-insensitively, distinct per span", () => {
    // Computed independently: Python's uuid.uuid5(UUID(OTLP_EVENT_ID_NAMESPACE), f"{trace}/{span}").
    expect(otlpEventId(TRACE, TOOL_SPAN)).toBe("c183e0f5-d192-58d0-8d7d-83b2bdba3e8e");
    expect(otlpEventId(TRACE.toUpperCase(), TOOL_SPAN.toUpperCase())).toBe(otlpEventId(TRACE, TOOL_SPAN));
    expect(otlpEventId(TRACE, AGENT_SPAN)).not.toBe(otlpEventId(TRACE, TOOL_SPAN));
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{32}$/), fc.stringMatching(/^[0-9a-f]{16}$/), (trace, spanId) => {
        expect(otlpEventId(trace, spanId)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
    );
  });

  it("ignores unknown fields at every level, as OTLP requires", () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: attrs({ "service.name": "refund-service" }), droppedAttributesCount: 0, entityRefs: [{ type: "service" }] },
          schemaUrl: "https://opentelemetry.io/schemas/1.37.0",
          futureField: { anything: [1, 2, 3] },
          scopeSpans: [
            {
              scope: { name: "refund-agent", attributes: [], droppedAttributesCount: 0 },
              schemaUrl: "",
              spans: [
                {
                  ...span(refund),
                  traceState: "vendor=x",
                  flags: 257,
                  links: [{ traceId: TRACE, spanId: AGENT_SPAN, attributes: [] }],
                  droppedEventsCount: 0,
                  somethingNew: true,
                  status: { code: 1, message: "", detail: "ignored" },
                  attributes: [
                    ...attrs(refund),
                    { key: "warrant.unknown_thing", value: { stringValue: "x" } },
                    { key: "future.value", value: { brandNewValue: { x: 1 } } },
                  ],
                },
              ],
            },
          ],
        },
      ],
      topLevelExtension: "ignored",
    };
    const event = only(mapOtlpToEvents(body));
    expect(event.type).toBe("action.executed");
    expect(JSON.stringify(event)).not.toMatch(/unknown_thing|somethingNew|future/);
  });

  it("rejects spans with ids that are not hex (e.g. base64), too short or all zeros, and keeps the valid ones", () => {
    const bad = [
      span(refund, { traceId: "W47/95gDgQPSabYzgT/GDA==", name: "base64 trace" }),
      span(refund, { spanId: "7uGbfsPBsXQ=", name: "base64 span" }),
      span(refund, { spanId: "eee19b7e", name: "short span" }),
      span(refund, { traceId: "0".repeat(32), name: "zero trace" }),
      span(refund, { parentSpanId: "xyz", name: "bad parent" }),
      "not a span",
    ];
    const result = mapOtlpToEvents(request([...bad, span(refund)]));
    expect(result.events).toHaveLength(1);
    expect(result.rejected.map((r) => r.name)).toEqual(["base64 trace", "base64 span", "short span", "zero trace", "bad parent", ""]);
    expect(result.rejected[0].reason).toContain("traceId must be 32 hexadecimal characters (OTLP/JSON encodes ids as hex, not base64)");
    expect(result.rejected[1].reason).toContain("spanId must be 16 hexadecimal characters");
    expect(result.rejected[3].reason).toContain("must not be all zeros");
    expect(result.rejected[5].reason).toContain("is not a valid OTLP span");
  });

  it("accepts ids in upper case (OTLP/JSON hex is case-insensitive) and stores them in lower case", () => {
    const event = only(mapOtlpToEvents(request([span(refund, { traceId: TRACE.toUpperCase(), spanId: TOOL_SPAN.toUpperCase() })])));
    expect(event.id).toBe(otlpEventId(TRACE, TOOL_SPAN));
    expect(event.attributes.otel).toMatchObject({ traceId: TRACE, spanId: TOOL_SPAN });
  });

  it("reads times and int64 values sent as JSON numbers, and falls back to the start time", () => {
    const numeric = span(
      { ...refund, "warrant.amount": 42 },
      { endTimeUnixNano: undefined, startTimeUnixNano: 1791201599500000000 },
    );
    numeric.attributes = numeric.attributes.map((a) => (a.key === "warrant.amount" ? { key: a.key, value: { intValue: 42 } } : a)) as typeof numeric.attributes;
    const event = only(mapOtlpToEvents(request([numeric])));
    expect(event.occurredAt).toBe("2026-10-05T11:59:59.500Z");
    expect(event.action.amount).toEqual({ value: 42, currency: "EUR" });
  });

  it("rejects a span with no usable time", () => {
    const result = mapOtlpToEvents(request([span(refund, { endTimeUnixNano: "0", startTimeUnixNano: null })]));
    expect(result.rejected[0].reason).toContain("has no usable end or start time");
  });

  it("refuses a body that is not an ExportTraceServiceRequest with a 400", () => {
    for (const body of ["traces", [], null, { resourceSpans: "nope" }, { resourceSpans: [{ scopeSpans: [{ spans: {} }] }] }]) {
      expect(() => mapOtlpToEvents(body)).toThrow(OtlpInvalidBodyError);
    }
    expect(mapOtlpToEvents({})).toEqual({ events: [], rejected: [], skipped: 0 });
  });

  it("rejects a span nested too deeply to read instead of overflowing the stack, and refuses such a resource with a 400", () => {
    const deep = (depth: number) => JSON.parse(`${'{"arrayValue":{"values":['.repeat(depth)}{"stringValue":"x"}${"]}}".repeat(depth)}`);
    const nested = span(refund);
    nested.attributes.push({ key: "deep", value: deep(20_000) });
    const result = mapOtlpToEvents(request([nested, span(refund, { spanId: "5555555555555555" })]));
    expect(result.events).toHaveLength(1);
    expect(result.rejected[0].reason).toBe("is not a valid OTLP span: nested too deeply to read");

    const body = request([]);
    body.resourceSpans[0].resource.attributes.push({ key: "deep", value: deep(20_000) });
    expect(() => mapOtlpToEvents(body)).toThrow(OtlpInvalidBodyError);
    // Realistic nesting (kvlists a few levels deep) is read.
    const shallow = span(refund, { spanId: "6666666666666666" });
    shallow.attributes.push({ key: "nested", value: deep(50) });
    expect(mapOtlpToEvents(request([shallow])).events).toHaveLength(1);
  });

  it("never throws anything but a 400 and only returns contract-valid events, whatever the JSON", () => {
    const anyValue = fc.oneof(
      fc.record({ stringValue: fc.string() }),
      fc.record({ intValue: fc.oneof(fc.integer(), fc.string()) }),
      fc.record({ doubleValue: fc.oneof(fc.double(), fc.string()) }),
      fc.record({ boolValue: fc.boolean() }),
      fc.anything(),
    );
    const keys = fc.constantFrom(...Object.keys(refund), "warrant.event_type", "gen_ai.operation.name", "warrant.outcome", "x");
    const spanArb = fc.record(
      {
        traceId: fc.oneof(fc.constant(TRACE), fc.string()),
        spanId: fc.oneof(fc.constant(TOOL_SPAN), fc.string()),
        name: fc.oneof(fc.string(), fc.anything()),
        endTimeUnixNano: fc.oneof(fc.constant(END), fc.string(), fc.integer(), fc.anything()),
        attributes: fc.oneof(fc.array(fc.record({ key: keys, value: anyValue })), fc.anything()),
        events: fc.anything(),
        status: fc.anything(),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(fc.anything(), fc.record({ resourceSpans: fc.array(fc.record({ scopeSpans: fc.array(fc.record({ spans: fc.array(fc.oneof(spanArb, fc.anything())) })) })) }));
    fc.assert(
      fc.property(body, (input) => {
        try {
          const result = mapOtlpToEvents(input);
          for (const event of result.events) expect(validateEvent(event).ok).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(OtlpInvalidBodyError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("unixNanoToIso", () => {
  it("keeps full precision with the fewest of 3, 6 or 9 fractional digits", () => {
    expect(unixNanoToIso("1791201600123456789")).toBe("2026-10-05T12:00:00.123456789Z");
    expect(unixNanoToIso("1791201600123456000")).toBe("2026-10-05T12:00:00.123456Z");
    expect(unixNanoToIso("1791201600120000000")).toBe("2026-10-05T12:00:00.120Z");
    expect(unixNanoToIso("1791201600000000000")).toBe("2026-10-05T12:00:00.000Z");
    expect(unixNanoToIso("1")).toBe("1970-01-01T00:00:00.000000001Z");
  });

  it("treats 0, garbage and instants past year 9999 as unset", () => {
    for (const value of ["0", 0, null, undefined, "abc", "253402300800000000000"]) expect(unixNanoToIso(value)).toBeUndefined();
  });
});

describe("decodeOtlpBody", () => {
  const json = JSON.stringify(request([span(refund)]));
  const bytes = new TextEncoder().encode(json);

  it("parses JSON, plain or gzip-compressed, to the same request", async () => {
    const plain = await decodeOtlpBody(bytes, null, "application/json");
    const gzipped = await decodeOtlpBody(gzipSync(bytes), "gzip", "application/json; charset=utf-8");
    expect(gzipped).toEqual(plain);
    expect(mapOtlpToEvents(gzipped).events).toHaveLength(1);
    expect(await decodeOtlpBody(bytes, "identity", "Application/JSON")).toEqual(plain);
  });

  it("refuses a body that inflates past the cap with a 413, without inflating all of it", async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)); // 64 MiB of spaces, ~64 KiB on the wire
    const error = await decodeOtlpBody(bomb, "gzip", "application/json").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OtlpPayloadTooLargeError);
    expect(error).toMatchObject({ status: 413, code: "payload_too_large" });
    await expect(decodeOtlpBody(bytes, null, "application/json", { maxBytes: 100 })).rejects.toBeInstanceOf(OtlpPayloadTooLargeError);
  });

  it("refuses protobuf with a 415 that says how to send JSON", async () => {
    const error = await decodeOtlpBody(new Uint8Array([0x0a, 0x00]), null, "application/x-protobuf").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OtlpUnsupportedMediaTypeError);
    expect(error).toMatchObject({ status: 415, code: "unsupported_media_type" });
    expect((error as Error).message).toContain("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json");
  });

  it.each([
    ["an unknown content type", bytes, null, "text/plain", OtlpUnsupportedMediaTypeError, 415],
    ["no content type", bytes, null, null, OtlpUnsupportedMediaTypeError, 415],
    ["an unsupported encoding", bytes, "br", "application/json", OtlpUnsupportedMediaTypeError, 415],
    ["a body that is not gzip", bytes, "gzip", "application/json", OtlpInvalidBodyError, 400],
    ["broken JSON", new TextEncoder().encode('{"resourceSpans": ['), null, "application/json", OtlpInvalidBodyError, 400],
    ["invalid UTF-8", new Uint8Array([0x7b, 0xff, 0x7d]), null, "application/json", OtlpInvalidBodyError, 400],
    ["an empty body", new Uint8Array(), null, "application/json", OtlpInvalidBodyError, 400],
  ] as const)("refuses %s", async (_name, body, encoding, type, errorClass, status) => {
    const error = await decodeOtlpBody(body, encoding, type).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toBeInstanceOf(OtlpBodyError);
    expect(error).toMatchObject({ status });
  });
});

describe("partialSuccessResponse", () => {
  it("answers {} when nothing was rejected, as the OTLP spec asks", () => {
    expect(partialSuccessResponse([])).toEqual({});
  });

  it("counts every rejected span as an int64 string and names the first ten", () => {
    const rejected = Array.from({ length: 12 }, (_, i) => ({
      traceId: TRACE,
      spanId: i.toString(16).padStart(16, "0"),
      name: `tool ${i}`,
      reason: "carries no case",
    }));
    const { partialSuccess } = partialSuccessResponse(rejected);
    expect(partialSuccess?.rejectedSpans).toBe("12");
    expect(partialSuccess?.errorMessage).toMatch(/^12 spans were rejected: span "tool 0" \(trace 5b8e/);
    expect(partialSuccess?.errorMessage).toContain('span "tool 9"');
    expect(partialSuccess?.errorMessage).not.toContain('span "tool 10"');
    expect(partialSuccess?.errorMessage).toContain("and 2 more");
  });
});
