import fc from "fast-check";
import { expect, test } from "@playwright/test";
import { aiAction, auth, isStored } from "../fixtures";

// Random and mutated bodies at both ingest endpoints: never a 5xx, and either every event of a
// request is stored (200) or none is (4xx).
const mutation = fc.oneof(
  fc.record({ path: fc.constantFrom("id", "type", "occurredAt", "caseId", "journey", "channel", "actor", "autonomy", "decision", "action", "attributes", "__proto__", "constructor"), value: fc.jsonValue() }),
  fc.record({ path: fc.constantFrom("decision.confidence", "decision.rationale", "action.amount.value", "action.name", "actor.type"), value: fc.oneof(fc.double(), fc.string(), fc.constant(null), fc.integer()) }),
);

function mutate(event: Record<string, unknown>, m: { path: string; value: unknown }) {
  const copy = JSON.parse(JSON.stringify(event));
  const keys = m.path.split(".");
  let holder = copy;
  for (const key of keys.slice(0, -1)) holder = holder[key] ?? (holder[key] = {});
  Object.defineProperty(holder, keys.at(-1)!, { value: m.value, enumerable: true, configurable: true, writable: true });
  return copy;
}

test("random and mutated event batches never cause a 5xx or a partial write", async ({ request }) => {
  test.setTimeout(120_000);
  await fc.assert(
    fc.asyncProperty(fc.array(fc.option(mutation, { nil: undefined, freq: 2 }), { minLength: 1, maxLength: 5 }), fc.boolean(), async (mutations, ndjson) => {
      const events = mutations.map((m) => (m ? mutate(aiAction(), m) : aiAction()));
      const body = ndjson ? events.map((e) => JSON.stringify(e)).join("\n") : JSON.stringify(events);
      const response = await request.post("/api/v1/events", {
        headers: { ...auth(), "content-type": ndjson ? "application/x-ndjson" : "application/json" },
        data: Buffer.from(body),
      });
      expect(response.status()).toBeLessThan(500);
      const ids = events.map((e) => e.id).filter((id): id is string => typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id));
      const stored = await Promise.all(ids.map((id) => isStored(request, id)));
      if (response.status() === 200) expect(stored.every(Boolean)).toBe(true);
      else expect(stored.some(Boolean)).toBe(false);
    }),
    { numRuns: 60 },
  );
});

test("random bytes and random JSON never cause a 5xx at either endpoint", async ({ request }) => {
  test.setTimeout(120_000);
  const body = fc.oneof(fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)), fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? "null")));
  await fc.assert(
    fc.asyncProperty(body, fc.constantFrom("/api/v1/events", "/api/v1/otlp/v1/traces"), fc.constantFrom("application/json", "application/x-ndjson", "text/plain"), async (data, path, type) => {
      const response = await request.post(path, { headers: { ...auth(), "content-type": type }, data });
      expect(response.status()).toBeGreaterThanOrEqual(200);
      expect(response.status()).toBeLessThan(500);
    }),
    { numRuns: 80 },
  );
});
