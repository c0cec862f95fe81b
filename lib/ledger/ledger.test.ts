import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
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
