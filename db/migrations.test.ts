import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { overrideJourney, refundJourney } from "@/lib/events/examples";
import { appendEvents } from "@/lib/ledger/append";
import { projectEntries } from "@/lib/projections/project";
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

// Migration 0015 adds the AI's own actions to the cases projection; existing rows are backfilled from
// the ledger with the rules the projector applies at ingest.
const MIGRATION_0015 = readFileSync(path.join(__dirname, "migrations/0015_cases_ai_actions.sql"), "utf8");

describe.each(ENGINES)("migration 0015 (the AI's own actions per case) on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(() => t?.close());

  it("backfills existing cases exactly as the projector fills new ones", async () => {
    const ledger = { ...t.ledger(), project: projectEntries };
    await appendEvents(ledger, "m15", [...refundJourney, ...overrideJourney]);
    await appendEvents(ledger, "m15", [
      { id: randomUUID(), type: "action.executed", occurredAt: "2025-07-01T10:00:00Z", caseId: "by_person", journey: "delivery_failure", channel: "chat",
        actor: { type: "human", id: "agent_0171" }, action: { name: "replacement.ship" }, autonomy: "assist" },
    ]);
    const read = () => t.exec<{ case_id: string; ai_proposed: string[]; ai_executed: string[] }>(
      "select case_id, ai_proposed, ai_executed from cases where workspace_id = 'm15' order by case_id",
    );
    const projected = await read();
    expect(projected).toEqual([
      { case_id: "by_person", ai_proposed: [], ai_executed: [] },
      { case_id: "case_8841", ai_proposed: ["refund.issue"], ai_executed: ["refund.issue"] },
      { case_id: "case_9127", ai_proposed: [], ai_executed: ["voucher.issue"] },
    ]);
    // As an older schema left them: the columns added empty.
    await t.exec("update cases set ai_proposed = '{}', ai_executed = '{}' where workspace_id = 'm15'");
    await t.exec(MIGRATION_0015.split("--> statement-breakpoint").slice(2).join(";"));
    expect(await read()).toEqual(projected);
  });
});

// Migration 0016 adds the references an event names to its case-search document; existing documents are
// recomputed, and events that name a reference but carry no rationale or reason get their first.
const MIGRATION_0016 = readFileSync(path.join(__dirname, "migrations/0016_event_search_references.sql"), "utf8");

describe.each(ENGINES)("migration 0016 (references in case search) on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(() => t?.close());

  it("recomputes the search documents exactly as the projector writes new ones", async () => {
    const ledger = { ...t.ledger(), project: projectEntries };
    await appendEvents(ledger, "m16", [...refundJourney, ...overrideJourney]);
    await appendEvents(ledger, "m16", [
      { id: randomUUID(), type: "action.executed", occurredAt: "2025-07-01T10:00:00Z", caseId: "by_person", journey: "order_status", channel: "email",
        actor: { type: "human", id: "agent_0171" }, action: { name: "order.cancel", target: { system: "shopify", ref: "order/58314" } }, autonomy: "assist" },
    ]);
    const read = () => t.exec<{ seq: string | number; document: string }>(
      "select seq, document::text as document from event_search where workspace_id = 'm16' order by seq",
    );
    const projected = await read();
    expect(projected.some((row) => row.document.includes("'58314'"))).toBe(true);
    expect(projected.some((row) => row.document.includes("'jjd000390012345'"))).toBe(true);
    // As an older schema left them: documents of rationales and reasons only, none for the person's action.
    await t.exec(`update event_search s set document = to_tsvector('english'::regconfig, coalesce(e.body #>> '{decision,rationale}', '') || ' ' || coalesce(e.body ->> 'reason', ''))
      from events e where e.workspace_id = s.workspace_id and e.seq = s.seq and s.workspace_id = 'm16'`);
    await t.exec("delete from event_search where workspace_id = 'm16' and document = ''::tsvector");
    expect(await read()).not.toEqual(projected);
    await t.exec(MIGRATION_0016);
    expect(await read()).toEqual(projected);
  });
});
