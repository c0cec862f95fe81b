// The real OpenTelemetry JS SDK and its OTLP/HTTP exporter send an instrumented refund-agent run
// to a local HTTP server; the captured request goes through decodeOtlpBody and mapOtlpToEvents, as
// the route will, and the server answers what the route will answer (partialSuccessResponse).
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SpanKind, SpanStatusCode, trace, type Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decodeOtlpBody,
  exportTraceServiceRequestSchema,
  mapOtlpToEvents,
  otlpEventId,
  partialSuccessResponse,
  type OtlpMapResult,
} from "./otlp";

interface Captured {
  headers: IncomingHttpHeaders;
  body: Buffer;
  decoded?: unknown;
  result?: OtlpMapResult;
  answer?: unknown;
}

let server: Server;
let url: string;
const captured: Captured[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const entry: Captured = { headers: req.headers, body: Buffer.concat(chunks) };
      captured.push(entry);
      try {
        entry.decoded = await decodeOtlpBody(entry.body, req.headers["content-encoding"], req.headers["content-type"]);
        entry.result = mapOtlpToEvents(entry.decoded);
        entry.answer = partialSuccessResponse(entry.result.rejected);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(entry.answer));
      } catch (error) {
        res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: String(error) }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/otlp/v1/traces`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const CASE = { "warrant.case_id": "case_8841", "warrant.journey": "delivery_failure", "warrant.channel": "chat" };

/** An instrumented agent run, as docs/opentelemetry.md shows it. */
async function refundAgentRun(tracer: Tracer) {
  return tracer.startActiveSpan(
    "invoke_agent refund-agent",
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.name": "refund-agent",
        "gen_ai.agent.version": "2026.10.1",
        "gen_ai.conversation.id": "conv_31",
        "warrant.case_id": "case_8841",
      },
    },
    async (agent) => {
      // The model call that chose the tools: context, not an action.
      tracer.startActiveSpan(
        "chat gpt-4o",
        {
          kind: SpanKind.CLIENT,
          attributes: {
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": "gpt-4o",
            "gen_ai.usage.input_tokens": 812,
            "gen_ai.usage.output_tokens": 64,
          },
        },
        (chat) => chat.end(),
      );
      // A read-only lookup: no warrant.* attributes, so not an action.
      tracer.startActiveSpan(
        "execute_tool lookup_order",
        { attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "lookup_order" } },
        (span) => span.end(),
      );
      // The refund the agent issued on its own, reviewed afterwards.
      tracer.startActiveSpan(
        "execute_tool issue_refund",
        {
          attributes: {
            "gen_ai.operation.name": "execute_tool",
            "gen_ai.tool.name": "issue_refund",
            "gen_ai.agent.name": "refund-agent",
            "gen_ai.agent.version": "2026.10.1",
            ...CASE,
            "warrant.customer_ref": "cus_5b1e9a7d",
            "warrant.action": "refund.issue",
            "warrant.autonomy": "supervised",
            "warrant.rationale": "The parcel was returned to the depot; policy R-7 §3.2 allows a full refund.",
            "warrant.confidence": 0.86,
            "warrant.policy.id": "refunds",
            "warrant.policy.version": "7",
            "warrant.amount": 42,
            "warrant.currency": "EUR",
            "warrant.target.system": "shopify",
            "warrant.target.ref": "order/10442",
          },
        },
        (span) => span.end(),
      );
      // A goodwill voucher it may only propose; the rationale comes from an evaluation result.
      tracer.startActiveSpan(
        "execute_tool offer_voucher",
        {
          attributes: {
            "gen_ai.operation.name": "execute_tool",
            "gen_ai.tool.name": "offer_voucher",
            "gen_ai.agent.name": "refund-agent",
            ...CASE,
            "warrant.action": "voucher.issue",
            "warrant.autonomy": "approve",
            "warrant.amount": 10,
            "warrant.currency": "EUR",
          },
        },
        (span) => {
          span.addEvent("gen_ai.evaluation.result", {
            "gen_ai.evaluation.name": "goodwill_policy",
            "gen_ai.evaluation.score.label": "pass",
            "gen_ai.evaluation.explanation": "Second failed delivery this month; goodwill policy G-2 suggests a €10 voucher.",
          });
          span.end();
        },
      );
      // A tool call that forgot its case: rejected, and the SDK is told which span.
      tracer.startActiveSpan(
        "execute_tool send_confirmation",
        {
          attributes: {
            "gen_ai.operation.name": "execute_tool",
            "gen_ai.tool.name": "send_confirmation",
            "warrant.journey": "delivery_failure",
            "warrant.channel": "chat",
            "warrant.autonomy": "autonomous",
          },
        },
        (span) => span.end(),
      );
      // A refund that failed: nothing was executed, so no event.
      tracer.startActiveSpan(
        "execute_tool issue_refund",
        { attributes: { "gen_ai.operation.name": "execute_tool", ...CASE, "warrant.action": "refund.issue", "warrant.autonomy": "supervised" } },
        (span) => {
          span.setStatus({ code: SpanStatusCode.ERROR, message: "payment API timeout" });
          span.end();
        },
      );
      agent.end();
      return agent.spanContext();
    },
  );
}

type ExporterConfig = NonNullable<ConstructorParameters<typeof OTLPTraceExporter>[0]>;

describe("OpenTelemetry JS SDK → OTLP/HTTP exporter → decodeOtlpBody → mapOtlpToEvents", () => {
  it.each([
    ["uncompressed", "none"],
    ["gzip-compressed", "gzip"],
  ] as const)("an instrumented refund-agent run arrives as events with case, rationale and autonomy (%s)", async (_label, compression) => {
    captured.length = 0;
    const exporter = new OTLPTraceExporter({
      url,
      headers: { Authorization: "Bearer wk_test_key" },
      // The enum's values are these strings; the enum lives in a package this project does not depend on.
      compression: compression as ExporterConfig["compression"],
    });
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ "service.name": "refund-service", "service.version": "4.2.0" }),
      spanProcessors: [new BatchSpanProcessor(exporter)],
    });
    provider.register();
    try {
      const agent = await refundAgentRun(trace.getTracer("refund-agent", "2026.10.1"));
      await provider.forceFlush();

      expect(captured).toHaveLength(1);
      const [{ headers, decoded, result, answer }] = captured;
      // This exporter version sends OTLP/JSON (the protobuf exporter is a separate package).
      expect(headers["content-type"]).toBe("application/json");
      expect(headers.authorization).toBe("Bearer wk_test_key");
      expect(headers["content-encoding"]).toBe(compression === "gzip" ? "gzip" : undefined);
      if (!result) throw new Error("the server could not decode the export");
      // Every span the real exporter wrote matches the full request schema, not only the mapped ones.
      expect(exportTraceServiceRequestSchema.safeParse(decoded).success).toBe(true);

      // 7 spans: 2 events, 1 rejected, 4 skipped (agent, chat, lookup, failed refund).
      expect(result.skipped).toBe(4);
      expect(result.rejected).toEqual([
        expect.objectContaining({ name: "execute_tool send_confirmation", traceId: agent.traceId, reason: expect.stringContaining("carries no case") }),
      ]);
      expect(answer).toEqual({
        partialSuccess: { rejectedSpans: "1", errorMessage: expect.stringContaining('span "execute_tool send_confirmation"') },
      });

      const byType = Object.fromEntries(result.events.map((e) => [e.type, e as Record<string, any>]));
      expect(Object.keys(byType).sort()).toEqual(["action.executed", "ai.proposal"]);

      const refund = byType["action.executed"];
      expect(refund).toMatchObject({
        caseId: "case_8841",
        journey: "delivery_failure",
        channel: "chat",
        customerRef: "cus_5b1e9a7d",
        actor: { type: "ai", id: "refund-agent", version: "2026.10.1" },
        action: { name: "refund.issue", target: { system: "shopify", ref: "order/10442" }, amount: { value: 42, currency: "EUR" } },
        autonomy: "supervised",
        decision: {
          rationale: "The parcel was returned to the depot; policy R-7 §3.2 allows a full refund.",
          confidence: 0.86,
          policy: { id: "refunds", version: "7" },
        },
      });
      expect(refund.attributes.otel).toMatchObject({
        traceId: agent.traceId,
        parentSpanId: agent.spanId,
        spanName: "execute_tool issue_refund",
        service: "refund-service",
        serviceVersion: "4.2.0",
      });
      expect(refund.id).toBe(otlpEventId(agent.traceId, refund.attributes.otel.spanId));
      expect(refund.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3,9}Z$/);
      expect(Math.abs(Date.parse(refund.occurredAt) - Date.now())).toBeLessThan(60_000);

      const voucher = byType["ai.proposal"];
      // Attributes are per span: this one names the agent but not its version, nor a model.
      expect(voucher.actor).toEqual({ type: "ai", id: "refund-agent" });
      expect(voucher).toMatchObject({
        caseId: "case_8841",
        action: { name: "voucher.issue", amount: { value: 10, currency: "EUR" } },
        decision: { rationale: "Second failed delivery this month; goodwill policy G-2 suggests a €10 voucher." },
        attributes: { autonomy: "approve" },
      });

      // Sending the same spans again yields the same events, ids included: the ledger stores them once.
      const again = mapOtlpToEvents(await decodeOtlpBody(captured[0].body, headers["content-encoding"], headers["content-type"]));
      expect(again.events).toEqual(result.events);
    } finally {
      await provider.shutdown();
      trace.disable();
    }
  });
});
