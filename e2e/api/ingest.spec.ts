import { expect, test } from "@playwright/test";
import { aiAction, auth, isStored, ingestUrl } from "../fixtures";

const json = { ...auth(), "content-type": "application/json" };
const ndjson = { ...auth(), "content-type": "application/x-ndjson" };

test.describe("POST /api/v1/events accepts", () => {
  test("one event", async ({ request }) => {
    const event = aiAction();
    const response = await request.post(ingestUrl("/api/v1/events"), { headers: json, data: event });
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ accepted: 1, duplicates: 0, events: [{ id: event.id, duplicate: false, redacted: 0 }] });
    expect(body.events[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await isStored(request, event.id)).toBe(true);
  });

  test("an array, in order", async ({ request }) => {
    const events = [aiAction(), aiAction(), aiAction()];
    const response = await request.post(ingestUrl("/api/v1/events"), { headers: json, data: events });
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.events.map((e: { id: string }) => e.id)).toEqual(events.map((e) => e.id));
    const seqs = body.events.map((e: { seq: number }) => e.seq);
    expect(seqs[1]).toBe(seqs[0] + 1);
  });

  test("NDJSON, one event per line", async ({ request }) => {
    const events = [aiAction(), aiAction()];
    const response = await request.post(ingestUrl("/api/v1/events"), { headers: ndjson, data: Buffer.from(events.map((e) => JSON.stringify(e)).join("\n") + "\n") });
    expect(response.status()).toBe(200);
    expect((await response.json()).accepted).toBe(2);
  });

  test("a re-sent event as a duplicate with its original seq and hash", async ({ request }) => {
    const event = aiAction();
    const first = await (await request.post(ingestUrl("/api/v1/events"), { headers: json, data: event })).json();
    const again = await request.post(ingestUrl("/api/v1/events"), { headers: json, data: event });
    expect(again.status()).toBe(200);
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 1, events: [{ ...first.events[0], duplicate: true }] });
  });

  test("personal data in free text, masked before hashing, with the count per event", async ({ request }) => {
    const event = aiAction({ decision: { rationale: "Customer wrote from jane.doe@example.com about card 4111 1111 1111 1111.", confidence: 0.8 } });
    const response = await request.post(ingestUrl("/api/v1/events"), { headers: json, data: event });
    expect((await response.json()).events[0].redacted).toBe(2);
    const stored = await (await request.get(`/api/v1/events/${event.id}`, { headers: auth() })).json();
    expect(stored.event.decision.rationale).toBe("Customer wrote from [redacted:email] about card [redacted:card].");
    expect(stored.record).not.toContain("jane.doe");
  });
});

// Each refusal: the status, the error code, a message or issue that names the problem, and nothing stored.
const refusals: {
  name: string;
  status: number;
  code: string;
  body: (ids: string[]) => string;
  headers?: Record<string, string>;
  expectIssue?: { index?: number; path?: string; message: RegExp };
  expectMessage?: RegExp;
}[] = [
  {
    name: "a batch with one invalid event",
    status: 400,
    code: "invalid_events",
    body: ([a, b, c]) => JSON.stringify([aiAction({ id: a }), aiAction({ id: b, decision: { rationale: "x", confidence: 1.7 } }), aiAction({ id: c })]),
    expectIssue: { index: 1, path: "decision.confidence", message: /at most 1/ },
  },
  {
    name: "an unknown top-level field",
    status: 400,
    code: "invalid_events",
    body: ([a]) => JSON.stringify(aiAction({ id: a, sneaky: true })),
    expectIssue: { index: 0, message: /sneaky/ },
  },
  {
    name: "an AI action without a rationale",
    status: 400,
    code: "invalid_events",
    body: ([a]) => JSON.stringify(aiAction({ id: a, decision: { confidence: 0.5 } })),
    expectIssue: { index: 0, path: "decision.rationale", message: /required for AI actors/ },
  },
  {
    name: "broken JSON",
    status: 400,
    code: "invalid_json",
    body: ([a]) => `[${JSON.stringify(aiAction({ id: a }))},\n  {"id": }]`,
    expectMessage: /line 2, column 10/,
  },
  {
    name: "a broken NDJSON line",
    status: 400,
    code: "invalid_json",
    headers: ndjson,
    body: ([a]) => `${JSON.stringify(aiAction({ id: a }))}\n{"type": "case.opened",}\n`,
    expectIssue: { index: 1, message: /line 2/ },
  },
  { name: "an empty body", status: 400, code: "empty_body", body: () => "" },
  { name: "an empty array", status: 400, code: "empty_batch", body: () => "[]" },
  {
    name: "more than 1,000 events",
    status: 413,
    code: "too_many_events",
    body: ([a]) => JSON.stringify([aiAction({ id: a }), ...Array.from({ length: 1000 }, () => aiAction())]),
    expectMessage: /1001 events; at most 1000/,
  },
  {
    name: "more than 5 MiB",
    status: 413,
    code: "payload_too_large",
    body: ([a]) => JSON.stringify([aiAction({ id: a, attributes: { note: "x".repeat(1000) } }), ...Array.from({ length: 900 }, () => aiAction({ attributes: { blob: "y".repeat(6000) } }))]),
    expectMessage: /5 MiB/,
  },
  {
    name: "an unsupported content type",
    status: 415,
    code: "unsupported_media_type",
    headers: { ...auth(), "content-type": "text/plain" },
    body: ([a]) => JSON.stringify(aiAction({ id: a })),
    expectMessage: /application\/json/,
  },
  { name: "no API key", status: 401, code: "unauthenticated", headers: { "content-type": "application/json" }, body: ([a]) => JSON.stringify(aiAction({ id: a })) },
  {
    name: "an unknown API key",
    status: 401,
    code: "unauthenticated",
    headers: { authorization: "Bearer wrt_forged", "content-type": "application/json" },
    body: ([a]) => JSON.stringify(aiAction({ id: a })),
  },
  {
    name: "a key without the ingest scope",
    status: 403,
    code: "forbidden",
    headers: { ...auth("read"), "content-type": "application/json" },
    body: ([a]) => JSON.stringify(aiAction({ id: a })),
    expectMessage: /scopes \(read\) do not allow/,
  },
];

test.describe("POST /api/v1/events refuses, storing nothing,", () => {
  for (const refusal of refusals) {
    test(`${refusal.name} (${refusal.status})`, async ({ request }) => {
      const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
      const response = await request.post(ingestUrl("/api/v1/events"), { headers: refusal.headers ?? json, data: Buffer.from(refusal.body(ids)) });
      expect(response.status()).toBe(refusal.status);
      const { error } = await response.json();
      expect(error.code).toBe(refusal.code);
      if (refusal.expectMessage) expect(error.message).toMatch(refusal.expectMessage);
      if (refusal.expectIssue) {
        const issue = error.issues.find((i: { index?: number }) => refusal.expectIssue!.index === undefined || i.index === refusal.expectIssue!.index);
        expect(issue).toBeDefined();
        if (refusal.expectIssue.path) expect(issue.path).toBe(refusal.expectIssue.path);
        expect(issue.message).toMatch(refusal.expectIssue.message);
      }
      for (const id of ids) expect(await isStored(request, id)).toBe(false);
    });
  }

  test("an id already stored with a different body (409), and the rest of that request", async ({ request }) => {
    const original = aiAction();
    await request.post(ingestUrl("/api/v1/events"), { headers: json, data: original });
    const fresh = aiAction();
    const response = await request.post(ingestUrl("/api/v1/events"), { headers: json, data: [fresh, { ...original, journey: "billing_dispute" }] });
    expect(response.status()).toBe(409);
    const { error } = await response.json();
    expect(error.code).toBe("conflict");
    expect(error.message).toContain(original.id);
    expect(error.issues).toEqual([{ index: 1, path: "id", message: expect.stringContaining("different body") }]);
    expect(await isStored(request, fresh.id)).toBe(false);
  });
});
