import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, test } from "@playwright/test";

/** API keys that scripts/test.mjs created with the CLI before the server started. */
export function e2eApiKey(kind: "admin" | "read" = "admin"): string {
  return readFileSync(path.resolve(`.test-data/e2e-${kind === "admin" ? "api" : kind}-key`), "utf8").trim();
}

export const auth = (kind: "admin" | "read" = "admin") => ({ authorization: `Bearer ${e2eApiKey(kind)}` });

/** A valid, realistic AI action, unique per call. */
export function aiAction(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    type: "action.executed",
    occurredAt: new Date().toISOString(),
    caseId: `case-${randomUUID().slice(0, 8)}`,
    journey: "delivery_failure",
    channel: "chat",
    customerRef: "cus_e2e",
    actor: { type: "ai", id: "refund-agent", version: "cx-agent/2026.10" },
    action: { name: "refund.issue", target: { system: "shopify", ref: "order/1183" }, amount: { value: 42, currency: "EUR" } },
    autonomy: "autonomous",
    decision: { rationale: "The carrier confirmed the parcel was lost; policy allows a refund up to €50.", confidence: 0.92 },
    ...overrides,
  };
}

/** True when the event with this id is stored in the e2e workspace. */
export async function isStored(request: APIRequestContext, id: string): Promise<boolean> {
  const response = await request.get(`/api/v1/events/${id}`, { headers: auth() });
  if (response.status() === 404) return false;
  if (response.status() === 200) return true;
  throw new Error(`GET /api/v1/events/${id} answered ${response.status()}`);
}

/**
 * Where the ingest endpoints are posted to: the app's port, or in the `ingest-port` project the ingest
 * listener's (lib/ingest/listener.ts), so the same contract tests hold for both front doors.
 */
export function ingestUrl(path: string): string {
  const base = (test.info().project.metadata as { ingestBase?: string } | undefined)?.ingestBase ?? "";
  return `${base}${path}`;
}
