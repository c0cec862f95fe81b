// Request and response shapes of the public API, as zod schemas, so the OpenAPI document and any
// runtime check share one source. Responses are plain (non-strict) objects: clients must ignore
// fields they do not know, which lets the server add fields without a new API version.
import { z } from "zod";
import { MAX_EVENTS_PER_REQUEST, MAX_ISSUES } from "./constants";
import { eventSchema } from "./schema";

const hex64 = z.string().regex(/^[0-9a-f]{64}$/).meta({ description: "SHA-256, lower-case hex." });

export const eventBatchSchema = z
  .array(eventSchema)
  .min(1)
  .max(MAX_EVENTS_PER_REQUEST)
  .meta({ id: "EventBatch", description: `Between 1 and ${MAX_EVENTS_PER_REQUEST} events, stored all or none.` });

export const ingestRequestSchema = z
  .union([eventSchema, eventBatchSchema])
  .meta({ id: "IngestRequest", description: "One event or an array of events." });

export const apiIssueSchema = z
  .object({
    index: z.int().min(0).optional().meta({
      description: "Position of the offending event in the request (0-based; NDJSON line number − 1).",
    }),
    path: z.string().meta({
      description: "Field path inside that event, dot/bracket notation; empty for the event itself.",
      examples: ["decision.confidence", "evidence[2].summary"],
    }),
    message: z.string().meta({ examples: ["must be at most 1 (got 1.7)", 'unknown field "foo"'] }),
    line: z.int().min(1).optional().meta({ description: "For a policy sent as text: the 1-based line of the problem." }),
    column: z.int().min(1).optional().meta({ description: "For a policy sent as text: the 1-based column of the problem." }),
  })
  .meta({ id: "Issue", description: "One problem with one field of one event (or of a request body, or of a policy document)." });

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({
        description:
          "Stable machine-readable code: invalid_json, invalid_body, invalid_events, unauthenticated, forbidden, conflict, payload_too_large, unsupported_media_type, not_found, unavailable, internal.",
        examples: ["invalid_events"],
      }),
      message: z.string().meta({ description: "What went wrong, for a person." }),
      issues: z.array(apiIssueSchema).max(MAX_ISSUES).optional().meta({
        description: `Field-level problems, at most ${MAX_ISSUES}.`,
      }),
    }),
  })
  .meta({ id: "Error", description: "The one error shape of every endpoint." });

export const ingestResponseSchema = z
  .object({
    accepted: z.int().min(0).meta({ description: "Events stored by this request." }),
    duplicates: z.int().min(0).meta({
      description: "Events already stored with the same body: acknowledged, not stored again.",
    }),
    events: z
      .array(
        z.object({
          id: z.uuid(),
          seq: z.int().min(1).meta({ description: "Position in the workspace's ledger." }),
          hash: hex64,
          duplicate: z.boolean().optional().meta({ description: "True when the event had already been stored." }),
          redacted: z.int().min(0).meta({
            description: "How many values (e-mail addresses, phone and card numbers…) were masked in this event's free text before it was hashed.",
          }),
        }),
      )
      .meta({ description: "One entry per event, in request order; a duplicate carries its original seq and hash." }),
  })
  .meta({ id: "IngestResponse", description: "Every event is durable once acknowledged." });

export const otlpResponseSchema = z
  .object({
    partialSuccess: z
      .object({
        rejectedSpans: z.union([z.int().min(0), z.string().regex(/^\d+$/)]).meta({
          description: "OTLP int64: a number or a decimal string.",
        }),
        errorMessage: z.string().meta({ description: "Names the rejected spans and why." }),
      })
      .optional(),
  })
  .meta({ id: "OtlpExportResponse", description: "OTLP ExportTraceServiceResponse (JSON encoding)." });

export const otlpRequestSchema = z
  .looseObject({ resourceSpans: z.array(z.looseObject({})) })
  .meta({
    id: "OtlpExportRequest",
    description:
      "OTLP ExportTraceServiceRequest in the JSON encoding; spans follow the OpenTelemetry GenAI conventions plus `warrant.*` attributes. Unknown fields are ignored.",
  });

export const healthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    problems: z.array(z.string()).meta({ description: "What is wrong, in words, when status is degraded; empty when ok." }),
    database: z.object({
      ok: z.boolean(),
      engine: z.string().meta({ examples: ["pglite", "postgres"] }),
      latencyMs: z.number().optional(),
      error: z.string().optional(),
    }),
    migrations: z.object({ applied: z.int(), expected: z.int(), ok: z.boolean() }),
    ingest: z.object({
      accepting: z.boolean().meta({ description: "False while the server shuts down: new ingest requests are answered 503." }),
      pending: z.int().meta({ description: "Ingest requests waiting for their group to commit." }),
    }),
    ledger: z.array(
      z.object({
        workspace: z.string(),
        seq: z.int(),
        checkpointSeq: z.int(),
        lastCheckpointAt: z.iso.datetime({ offset: true }).nullable(),
      }),
    ),
  })
  .meta({ id: "Health", description: "Liveness and the state of each dependency; 503 when the database is down." });

export const verifyResultSchema = z
  .object({
    ok: z.boolean(),
    workspace: z.string(),
    checked: z.int().min(0).meta({ description: "Entries whose hash was recomputed." }),
    head: z.object({ seq: z.int().min(0), hash: hex64 }),
    checkpoints: z.object({
      database: z.int().min(0),
      external: z.int().min(0).nullable().meta({ description: "null when no external copy is configured." }),
      verified: z.int().min(0),
    }),
    firstBadSeq: z.int().min(1).optional(),
    kind: z.string().optional().meta({
      description:
        "Kind of break: gap, out-of-order, misplaced, unreadable, broken-link, hash-mismatch, checkpoint-root, checkpoint-signature, checkpoint-mismatch, checkpoint-order, truncated.",
    }),
    reason: z.string().optional(),
    warnings: z.array(z.string()),
  })
  .meta({ id: "VerifyResult", description: "Result of recomputing the workspace's chain and checking its checkpoints." });

export const checkpointsResponseSchema = z
  .object({
    workspace: z.string(),
    checkpoints: z.array(
      z.object({
        treeSize: z.int().min(0),
        rootHash: z.base64().meta({ description: "RFC 6962 Merkle root, base64." }),
        keyId: z.string(),
        createdAt: z.iso.datetime({ offset: true }),
        note: z.string().meta({ description: "The C2SP tlog-checkpoint signed note, verbatim." }),
      }),
    ),
  })
  .meta({ id: "Checkpoints", description: "Signed tree heads of the workspace, newest first." });

export const publicKeySchema = z
  .object({
    name: z.string(),
    algorithm: z.literal("Ed25519"),
    verifierKey: z.string().meta({ description: "C2SP signed-note verifier key: `name+keyid+base64key`." }),
    publicKeyPem: z.string().meta({ description: "The same key as SPKI PEM." }),
  })
  .meta({ id: "PublicKey", description: "The key that signs checkpoints." });

// The metrics API's shapes live with the metrics (lib/metrics), where the SQL and reference
// implementations are tested against them; re-exported here so the OpenAPI document has one source.
export { metricsQueryInputSchema, metricsResultSchema } from "@/lib/metrics/types";
export { metricsSeriesSchema, seriesQueryInputSchema } from "@/lib/metrics/series";

// The decision-authority API's shapes live with the policy (lib/policy), like the metrics'.
export { authorityCheckRequestSchema } from "@/lib/policy/authority";
export {
  authorityCheckAnswerSchema,
  killSwitchRequestSchema,
  policyPublishRequestSchema,
  policyVersionSchema,
  policyVersionsSchema,
} from "@/lib/policy/api-schemas";
