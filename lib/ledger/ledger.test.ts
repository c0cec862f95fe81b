import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { columnsOf } from "@/lib/events/columns";
import { actionExecuted, aiProposal, caseOpened, caseOutcome, exampleByType } from "@/lib/events/examples";
import type { WarrantEvent } from "@/lib/events/schema";
import { sampleEvents } from "@/tests/helpers/events";
import { appendBatches, appendEvents, LedgerConflictError } from "./append";
import { verifyLedger } from "./verify";

describe.each(ENGINES)("ledger on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(() => t?.close());

  it("assigns gapless seq and a chain that verifies", async () => {
    const ledger = t.ledger({ checkpointEvery: 40 });
    const first = await appendEvents(ledger, "gapless", sampleEvents(30));
    const second = await appendEvents(ledger, "gapless", sampleEvents(30, 30));
    expect([...first, ...second].map((r) => r.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const result = await verifyLedger(ledger, "gapless");
    expect(result).toMatchObject({ ok: true, checked: 60, head: { seq: 60, hash: second[29].hash } });
    expect(result.checkpoints.verified).toBe(1);
  });

  it("stores text with quotes, backslashes, braces and control characters exactly as it was hashed", async () => {
    // U+001E separates the records an append sends (lib/ledger/append.ts): in a string it travels escaped.
    const awkward = ['say "hi"', "C:\\refunds\\", "{a,b}", "NULL", " padded ", "", "line\nbreak", "émoji 🧾", "\\x00", "record\u001eseparator\u001f"];
    const events = sampleEvents(awkward.length * 2).map((event, i) => {
      const text = awkward[Math.floor(i / 2)];
      const withCase = { ...event, caseId: `case ${text}`, actor: { ...event.actor, id: `actor ${text}` } };
      return (event.type === "action.executed" ? { ...withCase, decision: { ...event.decision, rationale: `because ${text}` } } : withCase) as WarrantEvent;
    });
    await appendEvents(t.ledger(), "awkward", events);
    expect(await verifyLedger(t.ledger(), "awkward")).toMatchObject({ ok: true, checked: events.length });
    const stored = await t.exec<{ case_id: string; actor_id: string; rationale: string | null }>(
      `select case_id, actor_id, body #>> '{decision,rationale}' as rationale from events where workspace_id = 'awkward' order by seq`,
    );
    expect(stored).toEqual(
      events.map((e) => ({ case_id: e.caseId, actor_id: e.actor.id, rationale: e.type === "action.executed" ? (e.decision?.rationale ?? null) : null })),
    );
  });

  it("derives every query column in the database exactly as columnsOf does", async () => {
    // PostgreSQL reads the columns from the stored event (ENTRY_COLUMNS in append.ts). Each is compared
    // with columnsOf's value as the database types it, so 1e21 and "1000000000000000000000" are equal.
    const variants: WarrantEvent[] = [
      ...Object.values(exampleByType),
      { ...caseOpened, id: randomUUID(), actor: { type: "system", id: "crm", version: "4.2" }, occurredAt: "2025-03-11T09:12:40.123456+05:30" },
      { ...aiProposal, id: randomUUID(), decision: { ...aiProposal.decision, confidence: 0 }, action: { ...aiProposal.action, amount: { value: 1e21, currency: "JPY" } } },
      { ...actionExecuted, id: randomUUID(), actor: { type: "ai", id: "refund-agent" }, decision: { rationale: "no confidence given" }, action: { name: "refund.issue", amount: { value: 0.1 + 0.2, currency: "EUR" } } },
      { ...actionExecuted, id: randomUUID(), parentId: undefined, customerRef: undefined, decision: { ...actionExecuted.decision, confidence: 1 }, action: { name: "ticket.close" } },
      { ...caseOutcome, id: randomUUID(), status: "abandoned" } as WarrantEvent,
    ];
    const stored = await appendEvents(t.ledger(), "columns", variants);
    const expected = variants.map((event, i) => {
      const c = columnsOf(event);
      return {
        seq: stored[i].seq, id: event.id, type: event.type, occurred_at: c.occurredAt, case_id: c.caseId, journey: c.journey,
        channel: c.channel, actor_type: c.actorType, actor_id: c.actorId, ai_version: c.aiVersion, action: c.action,
        autonomy: c.autonomy, confidence: c.confidence, parent_id: c.parentId, outcome: c.outcome, customer_ref: c.customerRef,
        amount: c.amount === null ? null : String(c.amount), currency: c.currency,
      };
    });
    const columns = Object.keys(expected[0]).filter((name) => name !== "seq");
    const differing = await t.exec<{ seq: string | number; column: string }>(`
      select e.seq, d.column_name as column
      from events e
      join json_to_recordset('${JSON.stringify(expected).replaceAll("'", "''")}'::json) as x(seq bigint, id uuid, type text,
        occurred_at timestamptz, case_id text, journey text, channel text, actor_type text, actor_id text, ai_version text,
        action text, autonomy text, confidence double precision, parent_id uuid, outcome text, customer_ref text,
        amount numeric, currency text) on x.seq = e.seq
      cross join lateral (values ${columns.map((name) => `('${name}', e.${name} is not distinct from x.${name})`).join(", ")}) as d(column_name, same)
      where e.workspace_id = 'columns' and not d.same`);
    expect(differing).toEqual([]);
    const [{ count }] = await t.exec<{ count: string | number }>(`select count(*) from events where workspace_id = 'columns'`);
    expect(Number(count)).toBe(variants.length);
  });

  it("chains an append longer than one INSERT across its chunks", async () => {
    // 2,000 entries per INSERT (append.ts): the second chunk's first entry links to the first chunk's last.
    const ledger = t.ledger();
    const results = await appendEvents(ledger, "chunks", sampleEvents(2_300));
    expect(results.map((r) => r.seq)).toEqual(Array.from({ length: 2_300 }, (_, i) => i + 1));
    expect(await verifyLedger(ledger, "chunks")).toMatchObject({ ok: true, checked: 2_300 });
  });

  it("refuses UPDATE, DELETE and TRUNCATE of events, checkpoints and access_log", async () => {
    const ledger = t.ledger({ checkpointEvery: 1 });
    await appendEvents(ledger, "immutable", sampleEvents(2));
    await t.exec(`insert into access_log (workspace_id, actor, action) values ('immutable', 'test', 'view')`);
    for (const table of ["events", "checkpoints", "access_log"]) {
      const column = table === "access_log" ? "actor" : table === "events" ? "type" : "note";
      await expect(t.exec(`update ${table} set ${column} = 'x' where workspace_id = 'immutable'`)).rejects.toThrow(/append-only/);
      await expect(t.exec(`delete from ${table} where workspace_id = 'immutable'`)).rejects.toThrow(/append-only/);
      await expect(t.exec(`truncate ${table}`)).rejects.toThrow(/append-only/);
    }
    // Replica mode silences ordinary triggers; these are ENABLE ALWAYS.
    await expect(
      t.exec(`set session_replication_role = replica; delete from events where workspace_id = 'immutable'`),
    ).rejects.toThrow(/append-only/);
    await t.exec(`set session_replication_role = origin`);
    expect((await verifyLedger(ledger, "immutable")).ok).toBe(true);
  });

  it("acknowledges a re-sent event as a duplicate and refuses the same id with another body", async () => {
    const ledger = t.ledger();
    const events = sampleEvents(3);
    const stored = await appendEvents(ledger, "idem", events);
    const again = await appendEvents(ledger, "idem", events);
    expect(again.map((r) => r.duplicate)).toEqual([true, true, true]);
    expect(again.map((r) => r.seq)).toEqual(stored.map((r) => r.seq));
    const changed = { ...events[1], journey: "something_else" };
    await expect(appendEvents(ledger, "idem", [sampleEvents(1, 9)[0], changed])).rejects.toBeInstanceOf(LedgerConflictError);
    // The conflicting batch stored nothing, not even its valid first event.
    expect((await verifyLedger(ledger, "idem")).checked).toBe(3);
  });

  it("treats a repeated id inside one batch as one event", async () => {
    const ledger = t.ledger();
    const [event] = sampleEvents(1);
    const results = await appendEvents(ledger, "inbatch", [event, event]);
    expect(results.map((r) => [r.seq, r.duplicate])).toEqual([
      [1, false],
      [1, true],
    ]);
  });

  it("stores several batches in one transaction and refuses them all if one conflicts", async () => {
    const ledger = t.ledger();
    const [a] = sampleEvents(1);
    await appendEvents(ledger, "group", [a]);
    await expect(appendBatches(ledger, "group", [sampleEvents(2, 5), [{ ...a, caseId: "other" }]])).rejects.toMatchObject({ batchIndex: 1 });
    const ok = await appendBatches(ledger, "group", [sampleEvents(2, 5), sampleEvents(2, 9)]);
    expect(ok.map((batch) => batch.map((r) => r.seq))).toEqual([
      [2, 3],
      [4, 5],
    ]);
  });

  it("keeps workspaces on separate chains", async () => {
    const ledger = t.ledger();
    const [x] = await appendEvents(ledger, "ws-a", sampleEvents(1));
    const [y] = await appendEvents(ledger, "ws-b", sampleEvents(1));
    expect(x.seq).toBe(1);
    expect(y.seq).toBe(1);
    expect(x.hash).not.toBe(y.hash);
  });
});

// Only where a server is configured: PGlite is single-connection, so "concurrent" would mean queued.
if (ENGINES.includes("postgres")) describe("ledger under concurrency on a server", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase("postgres");
  });
  afterAll(() => t?.close());

  it("stays gapless and valid with 20 concurrent appenders × 500 events", async () => {
    const ledger = t.ledger({ checkpointEvery: 700 });
    const appender = async (worker: number) => {
      const seqs: number[] = [];
      for (let i = 0; i < 10; i++) {
        const results = await appendEvents(ledger, "busy", sampleEvents(50, worker * 1000 + i * 50));
        seqs.push(...results.map((r) => r.seq));
      }
      return seqs;
    };
    const all = (await Promise.all(Array.from({ length: 20 }, (_, w) => appender(w)))).flat();
    expect(all.length).toBe(10_000);
    expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    const result = await verifyLedger(ledger, "busy");
    expect(result).toMatchObject({ ok: true, checked: 10_000 });
    expect(result.checkpoints.verified).toBe(14);
  }, 120_000);
});
