import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { otlpEventId } from "@/lib/ingest/otlp";
import { auth, isStored, ingestUrl } from "../fixtures";

const hex = (bytes: number) => Array.from({ length: bytes }, () => Math.floor(Math.random() * 256).toString(16).padStart(2, "0")).join("");
const attr = (key: string, value: string | number) => ({ key, value: typeof value === "number" ? { doubleValue: value } : { stringValue: value } });

function toolSpan(traceId: string, overrides: { caseId?: string; name?: string } = {}) {
  const spanId = hex(8);
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    traceId,
    spanId,
    name: overrides.name ?? "execute_tool refund.issue",
    kind: 1,
    startTimeUnixNano: String(now - 5_000_000n),
    endTimeUnixNano: String(now),
    attributes: [
      attr("gen_ai.operation.name", "execute_tool"),
      attr("gen_ai.tool.name", "refund.issue"),
      attr("gen_ai.agent.name", "refund-agent"),
      attr("gen_ai.request.model", "gpt-x"),
      ...(overrides.caseId === "" ? [] : [attr("warrant.case_id", overrides.caseId ?? `case-${spanId}`)]),
      attr("warrant.journey", "delivery_failure"),
      attr("warrant.channel", "chat"),
      attr("warrant.autonomy", "autonomous"),
      attr("warrant.rationale", "Carrier confirmed the parcel lost; refund within the €50 limit."),
      attr("warrant.confidence", 0.91),
    ],
  };
}

const exportOf = (spans: unknown[]) => ({
  resourceSpans: [{ resource: { attributes: [attr("service.name", "cx-agents")] }, scopeSpans: [{ scope: { name: "e2e" }, spans }] }],
});

test.describe("POST /api/v1/otlp/v1/traces", () => {
  test("stores GenAI tool spans as events with ids derived from trace and span ids", async ({ request }) => {
    const traceId = hex(16);
    const spans = [toolSpan(traceId), toolSpan(traceId)];
    const response = await request.post(ingestUrl("/api/v1/otlp/v1/traces"), { headers: { ...auth(), "content-type": "application/json" }, data: exportOf(spans) });
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({});
    for (const span of spans) {
      const stored = await (await request.get(`/api/v1/events/${otlpEventId(traceId, span.spanId)}`, { headers: auth() })).json();
      expect(stored.event).toMatchObject({ type: "action.executed", autonomy: "autonomous", caseId: `case-${span.spanId}` });
      expect(stored.event.decision.rationale).toContain("Carrier confirmed");
    }
    // OTLP exporters retry: the same export again is acknowledged without storing anything twice.
    const again = await request.post(ingestUrl("/api/v1/otlp/v1/traces"), { headers: { ...auth(), "content-type": "application/json" }, data: exportOf(spans) });
    expect(again.status()).toBe(200);
  });

  test("answers partial success naming a span without a case, and stores the others", async ({ request }) => {
    const traceId = hex(16);
    const good = toolSpan(traceId);
    const orphan = toolSpan(traceId, { caseId: "", name: "execute_tool orphan" });
    const response = await request.post(ingestUrl("/api/v1/otlp/v1/traces"), { headers: { ...auth(), "content-type": "application/json" }, data: exportOf([good, orphan]) });
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.partialSuccess.rejectedSpans).toBe("1");
    expect(body.partialSuccess.errorMessage).toContain("execute_tool orphan");
    expect(await isStored(request, otlpEventId(traceId, good.spanId))).toBe(true);
    expect(await isStored(request, otlpEventId(traceId, orphan.spanId))).toBe(false);
  });

  test("accepts a gzip-compressed export", async ({ request }) => {
    const traceId = hex(16);
    const span = toolSpan(traceId);
    const response = await request.post(ingestUrl("/api/v1/otlp/v1/traces"), {
      headers: { ...auth(), "content-type": "application/json", "content-encoding": "gzip" },
      data: gzipSync(Buffer.from(JSON.stringify(exportOf([span])))),
    });
    expect(response.status()).toBe(200);
    expect(await isStored(request, otlpEventId(traceId, span.spanId))).toBe(true);
  });

  for (const [name, headers, body, status, code] of [
    ["protobuf", { "content-type": "application/x-protobuf" }, Buffer.from([0x0a, 0x00]), 415, "unsupported_media_type"],
    ["broken JSON", { "content-type": "application/json" }, Buffer.from('{"resourceSpans": ['), 400, "invalid_json"],
    ["a body that is not an export", { "content-type": "application/json" }, Buffer.from('{"resourceSpans": 7}'), 400, "invalid_body"],
    ["a corrupt gzip body", { "content-type": "application/json", "content-encoding": "gzip" }, Buffer.from("not gzip"), 400, "invalid_body"],
  ] as const) {
    test(`refuses ${name} with ${status}`, async ({ request }) => {
      const response = await request.post(ingestUrl("/api/v1/otlp/v1/traces"), { headers: { ...auth(), ...headers }, data: body });
      expect(response.status()).toBe(status);
      expect((await response.json()).error.code).toBe(code);
    });
  }

  test("refuses a request without an API key", async ({ request }) => {
    const response = await request.post(ingestUrl("/api/v1/otlp/v1/traces"), { headers: { "content-type": "application/json" }, data: exportOf([]) });
    expect(response.status()).toBe(401);
  });
});
