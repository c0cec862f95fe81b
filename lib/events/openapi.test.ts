import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./openapi";
import { EVENT_TYPES } from "./schema";

const doc = buildOpenApiDocument();

function refsIn(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => refsIn(item, out));
  else if (node && typeof node === "object")
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out.add(value);
      else refsIn(value, out);
    }
  return out;
}

function resolve(ref: string): unknown {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
}

describe("buildOpenApiDocument", () => {
  it("is an OpenAPI 3.1 document using JSON Schema 2020-12", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it.each([
    ["/api/v1/events", "post"],
    ["/api/v1/otlp/v1/traces", "post"],
    ["/api/v1/health", "get"],
    ["/api/v1/ledger/verify", "post"],
    ["/api/v1/ledger/checkpoints", "get"],
    ["/api/v1/ledger/public-key", "get"],
    ["/api/v1/metrics", "get"],
    ["/api/v1/metrics/series", "get"],
    ["/api/v1/authority/check", "post"],
    ["/api/v1/policies", "get"],
    ["/api/v1/policies", "post"],
    ["/api/v1/policies/kill-switch", "post"],
  ])("describes %s %s", (path, method) => {
    expect(doc.paths[path]?.[method]).toBeDefined();
  });

  it("takes events as JSON (one or many) and as NDJSON, answering every documented status", () => {
    const post = doc.paths["/api/v1/events"].post as { requestBody: { content: Record<string, { schema: unknown }> }; responses: Record<string, unknown> };
    expect(post.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/IngestRequest" });
    expect(post.requestBody.content["application/x-ndjson"]).toBeDefined();
    expect(Object.keys(post.responses).sort()).toEqual(["200", "400", "401", "403", "409", "413", "415"]);
    expect(doc.components.schemas.IngestRequest).toEqual({
      anyOf: [{ $ref: "#/components/schemas/Event" }, { $ref: "#/components/schemas/EventBatch" }],
      description: expect.any(String),
    });
  });

  it("generates the event schema from zod: a strict branch per type, with a discriminator", () => {
    const event = doc.components.schemas.Event as { oneOf: unknown[]; discriminator: { propertyName: string; mapping: Record<string, string> } };
    expect(event.oneOf).toHaveLength(EVENT_TYPES.length);
    expect(event.discriminator.propertyName).toBe("type");
    expect(Object.keys(event.discriminator.mapping).sort()).toEqual([...EVENT_TYPES].sort());
    const proposal = doc.components.schemas.AiProposalEvent as { additionalProperties: boolean; required: string[] };
    expect(proposal.additionalProperties).toBe(false);
    expect(proposal.required).toEqual(expect.arrayContaining(["id", "type", "occurredAt", "caseId", "actor", "action", "decision"]));
    expect(doc.components.schemas.AiDecision).toMatchObject({ required: ["rationale"], additionalProperties: false });
  });

  it("uses the one error shape for every error response", () => {
    for (const response of Object.values(doc.components.responses)) {
      expect(response).toMatchObject({ content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
    }
    expect(doc.components.schemas.Error).toMatchObject({ required: ["error"] });
  });

  it("resolves every $ref inside the document", () => {
    const missing = [...refsIn(doc)].filter((ref) => resolve(ref) === undefined);
    expect(missing).toEqual([]);
    expect([...refsIn(doc)].some((ref) => ref.includes("$defs"))).toBe(false);
  });

  it("requires a bearer token except on the public endpoints", () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths["/api/v1/health"].get.security).toEqual([]);
  });

  it("is JSON-serialisable without loss", () => {
    expect(JSON.parse(JSON.stringify(doc))).toStrictEqual(doc);
  });
});
