import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";
import { appendEvents } from "./append";
import { verifyLedger } from "./verify";

// The shipped grants (db/sql/app-role.sql), applied to a real server: the app's role can append and
// verify, and the database itself refuses it any change to history, triggers or not.
if (ENGINES.includes("postgres")) {
  describe("the INSERT/SELECT-only application role on a server", () => {
    let t: TestDatabase;
    let app: DatabaseHandle;
    beforeAll(async () => {
      t = await openTestDatabase("postgres");
      const sql = readFileSync("db/sql/app-role.sql", "utf8").replace("CREATE ROLE warrant_app", () => "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'warrant_app') THEN CREATE ROLE warrant_app LOGIN PASSWORD 'change-me'; END IF; END $$; --");
      await t.exec(sql);
      const url = new URL(t.handle.url!);
      url.username = "warrant_app";
      url.password = "change-me";
      app = await openDatabase({ url: url.toString(), max: 2 });
    });
    afterAll(async () => {
      await app?.close();
      await t?.close();
    });

    it("appends and verifies, but cannot update, delete, truncate or disable triggers", async () => {
      const ledger = { ...t.ledger({ checkpointEvery: 5 }), db: app.db };
      await appendEvents(ledger, "role", sampleEvents(10));
      expect(await verifyLedger(ledger, "role")).toMatchObject({ ok: true, checked: 10 });
      await expect(app.execScript("update events set journey = 'x'")).rejects.toThrow(/permission denied|append-only/);
      await expect(app.execScript("delete from events")).rejects.toThrow(/permission denied|append-only/);
      await expect(app.execScript("truncate events")).rejects.toThrow(/permission denied/);
      await expect(app.execScript("alter table events disable trigger user")).rejects.toThrow(/must be owner/);
      await expect(app.execScript("delete from checkpoints")).rejects.toThrow(/permission denied|append-only/);
    });
  });
}
