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

// Hostile values (docs/reliability.md) spliced as raw JSON text — so that what JSON.stringify cannot
// write (1e400, lone surrogates) gets through — at random places of random batches.
const hostileValue = fc.oneof(
  fc.constantFrom("1e400", "-1e400", "1e-400", "-0", "18446744073709551616", "-9223372036854775809", "123456789012345678901234567890"),
  fc.constantFrom('"\\u0000"', '"a\\u0000b"', '"\\ud800"', '"x\\udc00"', '"\\ud83d\\ude00"', '"<script>window.__xss=1</script>"', "\"'; DROP TABLE events; --\""),
  fc.constantFrom('{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"__proto__":null}', "[]", "{}", "null", "true"),
  fc.integer({ min: 1, max: 20_000 }).map((n) => "[".repeat(n) + "]".repeat(n)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => '{"a":'.repeat(n) + "1" + "}".repeat(n)),
  fc.constantFrom(1, 200, 201, 4000, 4001, 16_000, 16_400, 100_000).map((n) => `"${"x".repeat(n)}"`),
);
const hostilePlace = fc.constantFrom("caseId", "journey", "customerRef", "actor.id", "decision.rationale", "decision.confidence", "action.amount.value", "attributes.k", "attributes.__proto__", "__proto__", "extra");

test("hostile values anywhere in a batch never cause a 5xx or a partial write, at either endpoint", async ({ request }) => {
  test.setTimeout(180_000);
  const MARK = "__HOSTILE_VALUE__";
  await fc.assert(
    fc.asyncProperty(fc.array(fc.option(fc.record({ place: hostilePlace, value: hostileValue }), { nil: undefined, freq: 2 }), { minLength: 1, maxLength: 4 }), fc.boolean(), async (plan, ndjson) => {
      const events = plan.map(() => aiAction());
      const texts = events.map((event, i) => {
        const h = plan[i];
        if (!h) return JSON.stringify(event);
        return JSON.stringify(mutate(event, { path: h.place, value: MARK })).replace(`"${MARK}"`, h.value);
      });
      const body = ndjson ? texts.join("\n") : `[${texts.join(",")}]`;
      const response = await request.post("/api/v1/events", { headers: { ...auth(), "content-type": ndjson ? "application/x-ndjson" : "application/json" }, data: Buffer.from(body) });
      expect(response.status(), await response.text()).toBeLessThan(500);
      const stored = await Promise.all(events.map((e) => isStored(request, e.id)));
      if (response.status() === 200) expect(stored.every(Boolean)).toBe(true);
      else expect(stored.some(Boolean)).toBe(false);
    }),
    { numRuns: 60 },
  );
  await fc.assert(
    fc.asyncProperty(hostileValue, fc.constantFrom("stringValue", "doubleValue", "intValue", "kvlistValue", "arrayValue"), fc.constantFrom("warrant.rationale", "warrant.confidence", "warrant.case_id", "gen_ai.tool.name", "x"), async (value, kind, key) => {
      const span = `{"traceId":"${"ab".repeat(16)}","spanId":"${randomHex(16)}","name":"execute_tool refund.issue","startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"execute_tool"}},{"key":"${key}","value":{"${kind}":${value}}}]}`;
      const body = `{"resourceSpans":[{"scopeSpans":[{"spans":[${span}]}]}]}`;
      const response = await request.post("/api/v1/otlp/v1/traces", { headers: { ...auth(), "content-type": "application/json" }, data: Buffer.from(body) });
      expect(response.status(), await response.text()).toBeLessThan(500);
    }),
    { numRuns: 60 },
  );
});

function randomHex(length: number) {
  return Array.from({ length }, () => Math.floor(Math.random() * 16).toString(16)).join("");
}
