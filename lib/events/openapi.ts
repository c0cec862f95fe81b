// The OpenAPI 3.1 document served at /api/v1/openapi.json, generated from the zod schemas so the
// contract and its documentation cannot drift. OpenAPI 3.1 schemas are JSON Schema draft 2020-12.
import { z } from "zod";
import {
  apiErrorSchema,
  checkpointsResponseSchema,
  eventBatchSchema,
  healthSchema,
  ingestRequestSchema,
  ingestResponseSchema,
  otlpRequestSchema,
  otlpResponseSchema,
  metricsQueryInputSchema,
  metricsResultSchema,
  metricsSeriesSchema,
  publicKeySchema,
  seriesQueryInputSchema,
  verifyResultSchema,
} from "./api-schemas";
import { MAX_ATTRIBUTES_BYTES, MAX_EVENTS_PER_REQUEST, MAX_REQUEST_BYTES } from "./constants";
import { aiProposal, refundJourney } from "./examples";
import { eventSchema } from "./schema";

type Json = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: "3.1.0";
  jsonSchemaDialect: string;
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  security: Record<string, string[]>[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; responses: Record<string, Json>; securitySchemes: Record<string, Json> };
}

const DIALECT = "https://json-schema.org/draft/2020-12/schema";
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Points zod's local `#/$defs/X` references at the document's components. */
function relink(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(relink);
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === "$ref" && typeof value === "string" ? value.replace(/^#\/\$defs\//, "#/components/schemas/") : relink(value);
  }
  return out;
}

/**
 * Converts each named schema; schemas carrying a meta `id` (Actor, Decision, each event type…) become
 * components of their own and are referenced, not repeated. `io: "input"` documents what clients
 * send and receive: strict objects say `additionalProperties: false`, response objects stay open.
 */
export function schemaComponents(named: Record<string, z.ZodType>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(named)) {
    const { $schema: _dialect, $defs, ...root } = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" }) as Json;
    for (const [defName, def] of Object.entries(($defs ?? {}) as Record<string, Json>)) out[defName] = relink(def) as Json;
    // A schema whose own meta id is `name` comes back as a bare reference to its definition.
    if (root.$ref !== `#/$defs/${name}`) out[name] = relink(root) as Json;
  }
  return out;
}

/** `{ "case.opened": "#/components/schemas/CaseOpenedEvent", … }`, read off each branch's `type` const. */
function eventMapping(schemas: Record<string, Json>): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const { $ref } of (schemas.Event.oneOf ?? []) as { $ref: string }[]) {
    const branch = schemas[$ref.split("/").pop() ?? ""] as { properties?: { type?: { const?: string } } } | undefined;
    const type = branch?.properties?.type?.const;
    if (type) mapping[type] = $ref;
  }
  return mapping;
}

const errorResponse = (description: string, example: Json) => ({
  description,
  content: { "application/json": { schema: ref("Error"), example } },
});

const responses = {
  BadRequest: errorResponse("The body is not JSON, or events break the contract; nothing was stored.", {
    error: {
      code: "invalid_events",
      message: "1 event does not match the contract; nothing was stored.",
      issues: [
        { index: 0, path: "decision.confidence", message: "must be at most 1 (got 1.7)" },
        { index: 0, path: "foo", message: 'unknown field "foo"' },
      ],
    },
  }),
  Unauthorized: errorResponse("Missing, unknown or revoked API key.", {
    error: { code: "unauthenticated", message: "The API key is unknown or revoked." },
  }),
  Forbidden: errorResponse("The API key lacks the scope this endpoint needs.", {
    error: { code: "forbidden", message: "This API key lacks the 'ingest' scope." },
  }),
  Conflict: errorResponse("An event id is already stored with a different body; nothing was stored.", {
    error: {
      code: "conflict",
      message: `event id ${aiProposal.id} was already stored with a different body`,
      issues: [{ index: 0, path: "id", message: "already stored with a different body" }],
    },
  }),
  PayloadTooLarge: errorResponse(`More than ${MAX_EVENTS_PER_REQUEST} events or ${MAX_REQUEST_BYTES} bytes.`, {
    error: { code: "payload_too_large", message: `The body exceeds ${MAX_REQUEST_BYTES} bytes.` },
  }),
  BadQuery: errorResponse("A query parameter is unknown, repeated or invalid; each issue names it.", {
    error: {
      code: "invalid_query",
      message: "The query is invalid.",
      issues: [
        { path: "from", message: "must be an ISO-8601 date (2025-03-01) or date-time with a time zone (2025-03-01T00:00:00Z) (got \"yesterday\")" },
        { path: "foo", message: 'unknown parameter "foo"' },
      ],
    },
  }),
  UnsupportedMediaType: errorResponse("Content-Type is not one the endpoint accepts.", {
    error: { code: "unsupported_media_type", message: "Content-Type must be application/json or application/x-ndjson." },
  }),
};

/** A strict query-string schema as OpenAPI `in: query` parameters, one per property. */
function queryParameters(schema: z.ZodType): Json[] {
  type Shape = { properties?: Record<string, Json>; required?: string[]; $ref?: string; $defs?: Record<string, Shape> };
  const root = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" }) as Shape;
  // A schema with a meta id comes back as a reference to its own definition.
  const json = root.$ref ? (root.$defs?.[root.$ref.replace("#/$defs/", "")] ?? root) : root;
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: "query", required: (json.required ?? []).includes(name), ...(description ? { description } : {}), schema: relink(rest) };
  });
}

const use = (name: keyof typeof responses) => ({ $ref: `#/components/responses/${name}` });
const ok = (description: string, schema: string) => ({ description, content: { "application/json": { schema: ref(schema) } } });
const authErrors = { "401": use("Unauthorized"), "403": use("Forbidden") };

export function buildOpenApiDocument(): OpenApiDocument {
  const ndjson = refundJourney.map((event) => JSON.stringify(event)).join("\n") + "\n";
  const schemas = schemaComponents({
    Event: eventSchema,
    EventBatch: eventBatchSchema,
    IngestRequest: ingestRequestSchema,
    IngestResponse: ingestResponseSchema,
    Error: apiErrorSchema,
    OtlpExportRequest: otlpRequestSchema,
    OtlpExportResponse: otlpResponseSchema,
    Health: healthSchema,
    VerifyResult: verifyResultSchema,
    Checkpoints: checkpointsResponseSchema,
    PublicKey: publicKeySchema,
    MetricsResult: metricsResultSchema,
    MetricsSeries: metricsSeriesSchema,
  });
  // Lets code generators pick the event variant by `type` instead of trying each.
  schemas.Event = { ...schemas.Event, discriminator: { propertyName: "type", mapping: eventMapping(schemas) } };
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: DIALECT,
    info: {
      title: "Warrant API",
      version: "1.0.0",
      description: `The system of record for what AI agents did to customers, and why. Event contract v1: see docs/events.md. Limits: ${MAX_EVENTS_PER_REQUEST} events or ${MAX_REQUEST_BYTES} bytes per request, ${MAX_ATTRIBUTES_BYTES} bytes of attributes per event.`,
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: "ingest", description: "Send events (API key scope `ingest`)." },
      { name: "ledger", description: "Verify the hash chain and its signed checkpoints." },
      { name: "metrics", description: "KPIs of docs/metrics.md (session role admin or cx_leader, or API key scope `read`)." },
      { name: "meta", description: "Health and this document." },
    ],
    paths: {
      "/api/v1/events": {
        post: {
          tags: ["ingest"],
          operationId: "ingestEvents",
          summary: "Ingest one event, an array of events, or NDJSON",
          description:
            "The whole request is stored in one transaction: all events or none. The event `id` is the idempotency key: an id already stored with the same canonical body is acknowledged as a duplicate; with a different body the request is refused with 409.",
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: ref("IngestRequest"),
                examples: {
                  single: { summary: "One AI proposal", value: aiProposal },
                  batch: { summary: "A whole refund case", value: refundJourney },
                },
              },
              "application/x-ndjson": {
                schema: { type: "string", description: "One Event (see `Event`) per line, UTF-8." },
                example: ndjson,
              },
            },
          },
          responses: {
            "200": ok("Stored (or acknowledged as duplicates).", "IngestResponse"),
            "400": use("BadRequest"),
            ...authErrors,
            "409": use("Conflict"),
            "413": use("PayloadTooLarge"),
            "415": use("UnsupportedMediaType"),
          },
        },
      },
      "/api/v1/otlp/v1/traces": {
        post: {
          tags: ["ingest"],
          operationId: "ingestOtlpTraces",
          summary: "OTLP/HTTP trace export (GenAI semantic conventions) mapped to events",
          description:
            "Spans are mapped to events; an event id is derived from trace id + span id, so a re-sent span is a duplicate. Bodies may be gzip-encoded. A partly accepted export answers 200 with `partialSuccess`.",
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: ref("OtlpExportRequest") },
              "application/x-protobuf": { schema: { description: "ExportTraceServiceRequest, protobuf-encoded." } },
            },
          },
          responses: {
            "200": ok("Accepted, possibly partially.", "OtlpExportResponse"),
            "400": use("BadRequest"),
            ...authErrors,
            "413": use("PayloadTooLarge"),
            "415": use("UnsupportedMediaType"),
          },
        },
      },
      "/api/v1/health": {
        get: {
          tags: ["meta"],
          operationId: "health",
          summary: "Liveness and database status",
          security: [],
          responses: { "200": ok("Healthy.", "Health"), "503": ok("The database is unavailable.", "Health") },
        },
      },
      "/api/v1/ledger/verify": {
        post: {
          tags: ["ledger"],
          operationId: "verifyLedger",
          summary: "Recompute the workspace's chain and check every checkpoint",
          requestBody: {
            required: false,
            content: { "application/json": { schema: { type: "object", additionalProperties: false } } },
          },
          responses: { "200": ok("The verification result; `ok: false` names the first bad seq.", "VerifyResult"), ...authErrors },
        },
      },
      "/api/v1/ledger/checkpoints": {
        get: {
          tags: ["ledger"],
          operationId: "listCheckpoints",
          summary: "Signed tree heads of the workspace",
          responses: { "200": ok("Newest first.", "Checkpoints"), ...authErrors },
        },
      },
      "/api/v1/ledger/public-key": {
        get: {
          tags: ["ledger"],
          operationId: "publicKey",
          summary: "The Ed25519 key that signs checkpoints",
          security: [],
          responses: { "200": ok("The verifier key.", "PublicKey") },
        },
      },
      "/api/v1/metrics": {
        get: {
          tags: ["metrics"],
          operationId: "getMetrics",
          summary: "Every KPI for a range, with numerator, denominator and the previous period",
          description:
            "Case KPIs count cases that started in [from, to); action KPIs count AI proposals, actions and handoffs that occurred in it. `previous` is the period of equal length just before. An API key reads its own workspace; a signed-in person any workspace, all of them when `workspace` is absent. Definitions: docs/metrics.md.",
          parameters: queryParameters(metricsQueryInputSchema),
          responses: { "200": ok("The KPIs.", "MetricsResult"), "400": use("BadQuery"), ...authErrors },
        },
      },
      "/api/v1/metrics/series": {
        get: {
          tags: ["metrics"],
          operationId: "getMetricsSeries",
          summary: "One KPI per day or week of a range",
          description:
            "Consecutive buckets of 24 hours or 7 days from `from` (the last one cut at `to`), at most 400; each point is what GET /api/v1/metrics reports as the current value for the bucket's range.",
          parameters: queryParameters(seriesQueryInputSchema),
          responses: { "200": ok("The series.", "MetricsSeries"), "400": use("BadQuery"), ...authErrors },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          tags: ["meta"],
          operationId: "openapi",
          summary: "This document",
          security: [],
          responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } } },
        },
      },
    },
    components: {
      schemas,
      responses,
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "`Authorization: Bearer <API key>`. Keys carry scopes: ingest, read, export, admin. Browser sessions use a cookie instead.",
        },
      },
    },
  };
}
