import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { loadEnv } from "@/lib/env";
import { appendEvents } from "@/lib/ledger/append";
import { verifyLedger } from "@/lib/ledger/verify";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";
import { demoLoadStatus, loadDemoOnFirstStart } from "./first-start";

const now = new Date("2026-12-05T09:30:00Z");
let t: TestDatabase | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function starting(engine: "pglite" | "postgres", demo: "0" | "1" = "1") {
  t = await openTestDatabase(engine);
  return { handle: t.handle, ledger: t.ledger(), env: loadEnv({ NODE_ENV: "test", WARRANT_DEMO: demo, WARRANT_DATA_DIR: t.dir }) };
}

const eventCount = async (workspace: string) =>
  Number(rowsOf<{ n: string }>(await t!.handle.db.execute(sql`select count(*) as n from events where workspace_id = ${workspace}`))[0].n);

describe("the first-start demo", () => {
  it("loads into an empty embedded database in the background, reporting progress, and the chain verifies", async () => {
    const rt = await starting("pglite");
    const { started, done } = await loadDemoOnFirstStart(rt, now, 600);
    expect(started).toBe(true);
    expect(demoLoadStatus()).toMatchObject({ workspace: "demo", total: 600, state: "loading" });
    await done;
    expect(demoLoadStatus()).toMatchObject({ state: "done", appended: 600 });
    expect(await eventCount("demo")).toBe(600);
    expect(await verifyLedger(rt.ledger, "demo")).toMatchObject({ ok: true, checked: 600 });
  });

  it("is not loaded when WARRANT_DEMO=0", async () => {
    const rt = await starting("pglite", "0");
    expect((await loadDemoOnFirstStart(rt, now, 100)).started).toBe(false);
    expect(await eventCount("demo")).toBe(0);
  });

  it("is not loaded once any workspace holds an event: a restart never adds invented data to a real ledger", async () => {
    const rt = await starting("pglite");
    await appendEvents(rt.ledger, "default", sampleEvents(1));
    expect((await loadDemoOnFirstStart(rt, now, 100)).started).toBe(false);
    expect(await eventCount("demo")).toBe(0);
  });

  // Only where a server is configured (CI always has one): a test that cannot run is not declared.
  if (ENGINES.includes("postgres")) it("is never loaded into a PostgreSQL server, which is somebody's real deployment", async () => {
    const rt = await starting("postgres");
    expect((await loadDemoOnFirstStart(rt, now, 100)).started).toBe(false);
    expect(await eventCount("demo")).toBe(0);
  });
});
