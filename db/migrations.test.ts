import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";

// Migration 0014 swaps the events parent index for a partial one. On a large ledger an operator builds
// the partial index beforehand without blocking appends (docs/deployment.md, "Upgrading"); the migration
// must then leave it alone, and otherwise replace the full index.
const MIGRATION_0014 = readFileSync(path.join(__dirname, "migrations/0014_events_parent_partial.sql"), "utf8");

describe.each(ENGINES)("migration 0014 (partial parent index) on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(() => t?.close());

  const parentIndex = async () => {
    const [row] = await t.exec<{ oid: number; def: string }>(
      "select i.indexrelid::bigint as oid, pg_get_indexdef(i.indexrelid) as def from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'events_workspace_parent'",
    );
    return { oid: Number(row.oid), def: row.def };
  };

  it("replaces the full index of an older schema with the partial one", async () => {
    await t.exec("drop index events_workspace_parent; create index events_workspace_parent on events (workspace_id, parent_id)");
    expect((await parentIndex()).def).not.toMatch(/WHERE/);
    await t.exec(MIGRATION_0014);
    expect((await parentIndex()).def).toMatch(/\(workspace_id, parent_id\) WHERE \(parent_id IS NOT NULL\)$/);
  });

  it("leaves a partial index built beforehand as it is", async () => {
    const before = await parentIndex();
    expect(before.def).toMatch(/WHERE \(parent_id IS NOT NULL\)$/);
    await t.exec(MIGRATION_0014);
    expect(await parentIndex()).toEqual(before);
  });
});
