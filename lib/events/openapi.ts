// The OpenAPI 3.1 document served at /api/v1/openapi.json, generated from the zod schemas so the
// contract and its documentation cannot drift. OpenAPI 3.1 schemas are JSON Schema draft 2020-12.
import { z } from "zod";
import {
  apiErrorSchema,
  authorityCheckAnswerSchema,
  authorityCheckRequestSchema,
  checkpointsResponseSchema,
  eventBatchSchema,
  healthSchema,
  ingestRequestSchema,
  ingestResponseSchema,
  killSwitchRequestSchema,
  otlpRequestSchema,
  otlpResponseSchema,
  metricsQueryInputSchema,
  metricsResultSchema,
  metricsSeriesSchema,
  policyPublishRequestSchema,
  policyVersionSchema,
  policyVersionsSchema,
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
  InvalidBody: errorResponse("The body is empty, not JSON, or not the expected shape; each issue names its field.", {
    error: {
      code: "invalid_body",
      message: "The request body does not match the expected shape.",
      issues: [{ path: "amount.currency", message: "must be an ISO 4217 code of three upper-case letters, e.g. EUR" }],
    },
  }),
  InvalidPolicy: errorResponse("The body (`invalid_body`) or the policy in it (`invalid_policy`; issues in text carry line and column) is invalid; nothing was stored.", {
    error: {
      code: "invalid_policy",
      message: "The policy is invalid (1 problem); nothing was stored.",
      issues: [{ path: "document.rules[1].maxAutonomy", message: 'expected one of: assist, approve, supervised, autonomous (got "full")', line: 8, column: 18 }],
    },
  }),
  UnknownWorkspace: errorResponse("The workspace does not exist (a signed-in person's `?workspace=`).", {
    error: { code: "not_found", message: "There is no workspace 'shop-eu'; create it in Settings → Workspaces first." },
  }),
  NothingToLift: errorResponse("`lift` names a pattern the policy in force has no cap on.", {
    error: { code: "conflict", message: "The policy in force has no cap on refund.* to lift." },
  }),
};

const workspaceParameter = {
  name: "workspace",
  in: "query",
  required: false,
  description: "For a signed-in person: the workspace (default `default`). An API key always acts on its own workspace.",
  schema: { type: "string" },
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
    AuthorityCheckRequest: authorityCheckRequestSchema,
    AuthorityCheckAnswer: authorityCheckAnswerSchema,
    PolicyPublishRequest: policyPublishRequestSchema,
    KillSwitchRequest: killSwitchRequestSchema,
    PolicyVersion: policyVersionSchema,
    PolicyVersions: policyVersionsSchema,
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
      {
        name: "policy",
        description:
          "Decision authority (docs/policy.md): agents ask before acting (API key scope `ingest`); admins publish policies and pull the kill switch (scope `admin`, or session role admin).",
      },
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
      "/api/v1/authority/check": {
        post: {
          tags: ["policy"],
          operationId: "checkAuthority",
          summary: "Ask, before acting, the highest autonomy allowed now for a proposed action",
          description:
            "Evaluated against the workspace's policy in force now, caps (the kill switch) included. Every question and its answer are recorded (table `authority_checks`); quote `checkId` in the event's `attributes`. With no policy in force, `allowedAutonomy` is null: nothing is restricted.",
          parameters: [workspaceParameter],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: ref("AuthorityCheckRequest"),
                example: {
                  action: "refund.issue",
                  amount: { value: 120, currency: "EUR" },
                  confidence: 0.91,
                  journey: "refund",
                  autonomy: "autonomous",
                  caseId: "case_8841",
                  agent: { id: "cx-agent", version: "cx-agent/2026.10" },
                },
              },
            },
          },
          responses: {
            "200": ok("The answer, also recorded.", "AuthorityCheckAnswer"),
            "400": use("InvalidBody"),
            ...authErrors,
            "413": use("PayloadTooLarge"),
            "415": use("UnsupportedMediaType"),
          },
        },
      },
      "/api/v1/policies": {
        get: {
          tags: ["policy"],
          operationId: "listPolicyVersions",
          summary: "The workspace's policy versions, newest first, and the one in force now",
          parameters: [workspaceParameter],
          responses: { "200": ok("The history.", "PolicyVersions"), ...authErrors },
        },
        post: {
          tags: ["policy"],
          operationId: "publishPolicy",
          summary: "Publish a new version of the workspace's policy",
          description:
            "Appends a version (versions are never edited or deleted), effective now unless `effectiveFrom` says otherwise, and writes `policy.published` to the access log. The version in force at an instant is the highest-numbered one effective by then.",
          parameters: [workspaceParameter],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: ref("PolicyPublishRequest"),
                examples: {
                  json: {
                    summary: "The document as JSON",
                    value: { document: { id: "decision-authority", rules: [{ pattern: "*", maxAutonomy: "approve" }] }, reason: "First policy" },
                  },
                  yaml: {
                    summary: "The document as YAML text",
                    value: { document: "id: decision-authority\nrules:\n  - pattern: \"*\"\n    maxAutonomy: approve\n", reason: "First policy" },
                  },
                },
              },
            },
          },
          responses: {
            "201": ok("Published.", "PolicyVersion"),
            "400": use("InvalidPolicy"),
            ...authErrors,
            "404": use("UnknownWorkspace"),
            "413": use("PayloadTooLarge"),
            "415": use("UnsupportedMediaType"),
          },
        },
      },
      "/api/v1/policies/kill-switch": {
        post: {
          tags: ["policy"],
          operationId: "killSwitch",
          summary: "Lower every action matching a pattern to assist at once, or lift that cap",
          description:
            "Appends a version, effective now, that is the policy in force plus a cap `{pattern, maxAutonomy: assist, by, reason, at}` (or without it, with `lift: true`); the next authority check sees it. With no policy at all, it starts one whose only rule is `*` → autonomous, so nothing else changes. Written to the access log (`policy.lowered_to_assist`, `policy.cap_lifted`).",
          parameters: [workspaceParameter],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: ref("KillSwitchRequest"),
                example: { pattern: "refund.*", reason: "Refunds above the €75 limit were issued autonomously" },
              },
            },
          },
          responses: {
            "201": ok("The new version.", "PolicyVersion"),
            "400": use("InvalidBody"),
            ...authErrors,
            "404": use("UnknownWorkspace"),
            "409": use("NothingToLift"),
            "413": use("PayloadTooLarge"),
            "415": use("UnsupportedMediaType"),
          },
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
