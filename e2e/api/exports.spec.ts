import { expect, test } from "@playwright/test";
import { aiAction, auth } from "../fixtures";
import { scopeKey } from "../people";

const key = (scope: "read" | "export") => ({ authorization: `Bearer ${scopeKey(scope)}` });

test.describe("exports API", () => {
  test.beforeAll(async ({ request }) => {
    const events = Array.from({ length: 12 }, (_, i) => aiAction({ caseId: `=export-case-${i % 3}` }));
    const response = await request.post("/api/v1/events", { headers: { ...auth(), "content-type": "application/json" }, data: events });
    expect(response.ok()).toBe(true);
  });

  test("JSONL is streamed with its total, a file name and one event per line", async ({ request }) => {
    const response = await request.get("/api/v1/exports/events?format=jsonl&case=%3Dexport-case-1", { headers: key("export") });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^application\/x-ndjson/);
    expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="warrant-default-.*\.jsonl"/);
    const total = Number(response.headers()["x-warrant-total-events"]);
    const lines = (await response.text()).trimEnd().split("\n");
    expect(lines.length).toBe(total);
    expect(total).toBeGreaterThanOrEqual(4);
    for (const line of lines) expect(JSON.parse(line).record.event.caseId).toBe("=export-case-1");
  });

  test("CSV neutralises a cell that would be a formula", async ({ request }) => {
    const response = await request.get("/api/v1/exports/events?format=csv&case=%3Dexport-case-2", { headers: key("export") });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^text\/csv/);
    const text = await response.text();
    expect(text.split("\r\n")[0]).toMatch(/^seq,id,type,occurred_at,/);
    expect(text).toContain(",'=export-case-2,");
    expect(text).not.toMatch(/,=export-case-2,/);
  });

  test("a bundle names the checkpoint it is proven against", async ({ request }) => {
    const response = await request.get("/api/v1/exports/events?format=bundle&journey=delivery_failure", { headers: key("export") });
    expect(response.status()).toBe(200);
    const checkpoint = Number(response.headers()["x-warrant-checkpoint"]);
    const lines = (await response.text()).trimEnd().split("\n");
    expect(JSON.parse(lines[0])).toMatchObject({ kind: "header", format: "warrant-bundle", mode: "filtered", checkpoint });
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ kind: "signature" });
  });

  for (const [name, query, path] of [
    ["an unknown format", "format=xml", "format"],
    ["a date without a zone", "from=2026-10-01T10:00:00", "from"],
    ["a reversed range", "from=2026-10-02&to=2026-10-01", "from"],
    ["an unknown parameter", "colour=blue", "(query)"],
    ["since on a CSV", "format=csv&since=3", "since"],
    ["since at a size never signed", "format=bundle&since=999999999", "since"],
  ] as const) {
    test(`refuses ${name} with 400 naming the parameter`, async ({ request }) => {
      const response = await request.get(`/api/v1/exports/events?${query}`, { headers: key("export") });
      expect(response.status()).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe("invalid_query");
      expect(error.issues?.[0]?.path ?? "").toBe(path);
    });
  }

  test("needs the export scope", async ({ request }) => {
    expect((await request.get("/api/v1/exports/events")).status()).toBe(401);
    expect((await request.get("/api/v1/exports/events", { headers: key("read") })).status()).toBe(403);
  });

  test("the regulator's report is a PDF", async ({ request }) => {
    const month = new Date().toISOString().slice(0, 7);
    const response = await request.get(`/api/v1/reports/regulator?month=${month}`, { headers: key("export") });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/pdf");
    expect((await response.body()).subarray(0, 5).toString()).toBe("%PDF-");
    expect((await request.get("/api/v1/reports/regulator?month=2026-13", { headers: key("export") })).status()).toBe(400);
  });

  test("a report for a month that has not begun is refused, naming the month and why", async ({ request }) => {
    const now = new Date();
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 6, 1)).toISOString().slice(0, 7);
    const response = await request.get(`/api/v1/reports/regulator?month=${month}`, { headers: key("export") });
    expect(response.status()).toBe(400);
    const { error } = await response.json();
    expect(error.message).toMatch(/^month: this month starts on .*, after the time of the request/);
    expect(error.issues).toEqual([{ path: "month", message: expect.stringContaining("a report can only cover what has already happened") }]);
  });

  test("a HEAD on a download is not logged as an access; the GET is", async ({ request }) => {
    const admin = { authorization: `Bearer ${scopeKey("admin")}` };
    const newest = async () => (await (await request.get("/api/v1/access-log?limit=1", { headers: admin })).json()).entries[0]?.id ?? 0;
    const month = new Date().toISOString().slice(0, 7);
    for (const url of [`/api/v1/reports/regulator?month=${month}`, "/api/v1/exports/events?format=csv&case=%3Dexport-case-1"]) {
      const before = await newest();
      expect((await request.head(url, { headers: key("export") })).status()).toBe(200);
      expect(await newest()).toBe(before);
      expect((await request.get(url, { headers: key("export") })).status()).toBe(200);
      expect(await newest()).toBeGreaterThan(before);
    }
  });

  test("an event's proof checks against the checkpoint covering it", async ({ request }) => {
    const event = aiAction();
    await request.post("/api/v1/events", { headers: { ...auth(), "content-type": "application/json" }, data: event });
    const response = await request.get(`/api/v1/events/${event.id}/proof`, { headers: key("read") });
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ id: event.id, seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await request.get(`/api/v1/events/00000000-0000-4000-8000-000000000000/proof`, { headers: key("read") })).status()).toBe(404);
  });
});
