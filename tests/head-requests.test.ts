// Next.js answers a HEAD with the route's GET handler. A HEAD transfers no content, so the downloads
// the access log accounts for (explanations and their PDFs, exports, the regulator's report) must not
// be logged for it; the GET beside it shows the same request is logged when it does read.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as explanation } from "@/app/api/v1/events/[id]/explanation/route";
import { GET as exportEvents } from "@/app/api/v1/exports/events/route";
import { GET as regulatorReport } from "@/app/api/v1/reports/regulator/route";
import { accessLog } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { loadEnv } from "@/lib/env";
import { appendEvents } from "@/lib/ledger/append";
import { projectEntries } from "@/lib/projections/project";
import type { Runtime } from "@/lib/runtime";
import { openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";

const W = "head-test";
let db: TestDatabase;
let key: string;
let actionId: string;

beforeAll(async () => {
  db = await openTestDatabase("pglite");
  const ledger = { ...db.ledger(), project: projectEntries };
  const events = sampleEvents(8);
  actionId = events.find((e) => e.type === "action.executed")!.id;
  await appendEvents(ledger, W, events);
  key = (await createApiKey(db.handle.db, { workspaceId: W, name: "officer", scopes: ["read", "export"] })).key;
  const env = loadEnv({ NODE_ENV: "test", WARRANT_DATA_DIR: db.dir });
  // The routes take their runtime from here (lib/runtime.ts) rather than opening the app's database.
  const runtime = { handle: db.handle, ledger, env, ingest: undefined as never } satisfies Runtime;
  (globalThis as unknown as { warrantRuntime?: Promise<Runtime> }).warrantRuntime = Promise.resolve(runtime);
});
afterAll(async () => {
  (globalThis as unknown as { warrantRuntime?: Promise<Runtime> }).warrantRuntime = undefined;
  await db.close();
});

const logged = async () => (await db.handle.db.select().from(accessLog).where(eq(accessLog.workspaceId, W))).map((e) => e.action);
const call = <P>(handler: (r: Request, s: { params: Promise<P> }) => Promise<Response>, method: "GET" | "HEAD", url: string, params = {} as P) =>
  handler(new Request(`http://localhost${url}`, { method, headers: { authorization: `Bearer ${key}`, "x-request-id": randomUUID() } }), { params: Promise.resolve(params) });

describe.each([
  { what: "an explanation's PDF", action: "explanation.pdf", send: (m: "GET" | "HEAD") => call(explanation, m, `/api/v1/events/${actionId}/explanation?format=pdf`, { id: actionId }), type: "application/pdf" },
  { what: "an explanation", action: "explanation.view", send: (m: "GET" | "HEAD") => call(explanation, m, `/api/v1/events/${actionId}/explanation`, { id: actionId }), type: "application/json" },
  { what: "an export", action: "export.events", send: (m: "GET" | "HEAD") => call(exportEvents, m, "/api/v1/exports/events?format=bundle"), type: "application/x-ndjson" },
  { what: "the regulator's report", action: "export.report", send: (m: "GET" | "HEAD") => call(regulatorReport, m, "/api/v1/reports/regulator?month=2026-10"), type: "application/pdf" },
])("$what", ({ action, send, type }) => {
  it("is not logged as an access when asked for with HEAD, and is with GET", async () => {
    const before = (await logged()).filter((a) => a === action).length;
    const head = await send("HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toContain(type);
    await head.arrayBuffer();
    expect((await logged()).filter((a) => a === action)).toHaveLength(before);

    const get = await send("GET");
    expect(get.status).toBe(200);
    expect((await get.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect((await logged()).filter((a) => a === action)).toHaveLength(before + 1);
  });
});

describe("the regulator's report route", () => {
  it("refuses a month that has not begun with a 400 naming the month and why", async () => {
    const next = new Date();
    const month = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 6, 1)).toISOString().slice(0, 7);
    const before = (await logged()).length;
    const response = await call(regulatorReport, "GET", `/api/v1/reports/regulator?month=${month}`);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: "invalid_query", message: expect.stringMatching(/^month: this month starts on 1 \w+ \d{4}, after the time of the request/) });
    expect(body.error.issues).toEqual([{ path: "month", message: expect.stringContaining("a report can only cover what has already happened") }]);
    expect(await logged()).toHaveLength(before);
  });
});
