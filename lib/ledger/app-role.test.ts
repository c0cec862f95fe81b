import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDatabase, rowsOf, type DatabaseHandle } from "@/db/client";
import { projectEntries } from "@/lib/projections/project";
import { rebuildProjections } from "@/lib/projections/rebuild";
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
      const grants = readFileSync("db/sql/app-role.sql", "utf8").replace("CREATE ROLE warrant_app", () => "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'warrant_app') THEN CREATE ROLE warrant_app LOGIN PASSWORD 'change-me'; END IF; END $$; --");
      await t.exec(grants);
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

    it("is granted something on every table of the schema, so a new table cannot be forgotten", async () => {
      const ungranted = rowsOf<{ table_name: string }>(
        await t.handle.db.execute(sql`
          select t.table_name from information_schema.tables t
          where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
            and not exists (select 1 from information_schema.role_table_grants g
              where g.grantee = 'warrant_app' and g.table_schema = 'public' and g.table_name = t.table_name)
            -- The ledger's monthly partitions are reached through their parent.
            and not exists (select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid where c.relname = t.table_name)
          order by 1`),
      ).map((row) => row.table_name);
      expect(ungranted).toEqual([]);
    });

    it("projects and rebuilds with its grants, the KPI rollups' triggers included, and cannot delete rollups", async () => {
      const ledger = { ...t.ledger(), db: app.db, project: projectEntries };
      await appendEvents(ledger, "role-projected", sampleEvents(40));
      await rebuildProjections(app.db, "role-projected");
      const [counts] = rowsOf<{ rollup: number; cases: number }>(
        await app.db.execute(sql`select
          (select sum(cases)::int from case_rollups where workspace_id = 'role-projected') as rollup,
          (select count(*)::int from cases where workspace_id = 'role-projected') as cases`),
      );
      expect(counts.cases).toBeGreaterThan(0);
      expect(counts.rollup).toBe(counts.cases);
      await expect(app.execScript("delete from case_rollups")).rejects.toThrow(/permission denied/);
    });
  });
}
