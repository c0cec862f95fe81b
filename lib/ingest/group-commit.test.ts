import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { type DatabaseHandle, openDatabase, type PipelinedRunner, rowsOf } from "@/db/client";
import type { WarrantEvent } from "@/lib/events/schema";
import { appendBatches } from "@/lib/ledger/append";
import { verifyLedger } from "@/lib/ledger/verify";
import { projectEntries } from "@/lib/projections/project";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";
import { BURST_EVENTS, DEFAULT_COMMIT_TIMEOUT_MS, GroupCommitter } from "./group-commit";

// Overlap 2 (a server's setting) lets the next group's transaction wait for the chain lock while the
// previous one commits; every behaviour below must hold either way.
describe.each(ENGINES.flatMap((engine) => ([1, 2] as const).map((overlap) => [engine, overlap] as const)))("group commit on %s, overlap %i", (engine, overlap) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(() => t?.close());

  it("coalesces concurrent requests into few transactions, each request getting its own results", async () => {
    const ledger = t.ledger();
    let transactions = 0;
    const counting = { ...ledger, project: { prepare: async () => undefined, apply: async () => void (transactions += 1) } };
    const committer = new GroupCommitter(counting, 10_000, DEFAULT_COMMIT_TIMEOUT_MS, overlap);
    const requests = Array.from({ length: 50 }, (_, i) => sampleEvents(4, i * 4));
    const results = await Promise.all(requests.map((events) => committer.submit("gc", events)));
    results.forEach((result, i) => expect(result.map((r) => r.id)).toEqual(requests[i].map((e) => e.id)));
    const seqs = results.flat().map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // The first request runs alone; the 49 that queued behind it share the next transaction(s).
    expect(transactions).toBeLessThanOrEqual(3);
    expect((await verifyLedger(ledger, "gc")).ok).toBe(true);
  });

  /** A ledger whose transactions stay under way a while after sending their writes, counting how many run at once. */
  const slowCountingLedger = () => {
    const ledger = t.ledger();
    const seen = { most: 0 };
    let running = 0;
    const pipelined: PipelinedRunner = (work, options) => {
      running += 1;
      seen.most = Math.max(seen.most, running);
      return ledger.pipelined!(work, options).finally(() => (running -= 1));
    };
    const slowApply: typeof projectEntries.apply = async (...args) => {
      await projectEntries.apply(...args);
      await new Promise((r) => setTimeout(r, 15));
    };
    return { ledger, seen, counted: { ...ledger, pipelined, project: { prepare: projectEntries.prepare, apply: slowApply } } };
  };

  it(`runs at most ${overlap} of a workspace's transactions at once while few events wait, and the chain stays whole`, async () => {
    const { ledger, seen, counted } = slowCountingLedger();
    const committer = new GroupCommitter(counted, 10_000, DEFAULT_COMMIT_TIMEOUT_MS, overlap);
    // Fewer events in all than BURST_EVENTS, so never that many waiting.
    const requests = Array.from({ length: BURST_EVENTS - 80 }, (_, i) => sampleEvents(1, 20_000 + i));
    // Arriving over time, so that groups follow one another.
    const results = await Promise.all(
      requests.map(async (events, i) => {
        await new Promise((r) => setTimeout(r, i % 40));
        return committer.submit("gc-overlap", events);
      }),
    );
    results.forEach((result, i) => expect(result.map((r) => r.id)).toEqual(requests[i].map((e) => e.id)));
    const total = requests.flat().length;
    expect(results.flat().map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(seen.most).toBe(overlap);
    expect(await verifyLedger(ledger, "gc-overlap")).toMatchObject({ ok: true, checked: total });
  });

  // On a server only: PGlite runs one transaction at a time, so a second one sends its writes only
  // once the first has ended, and a third never finds two under way.
  if (engine === "postgres") it(`runs ${overlap === 1 ? "still one" : "one more"} transaction at once while ${BURST_EVENTS} events or more wait, and the chain stays whole`, async () => {
    const { ledger, seen, counted } = slowCountingLedger();
    // Groups of at most BURST_EVENTS, so that once the first few are under way the rest still wait.
    const committer = new GroupCommitter(counted, BURST_EVENTS, DEFAULT_COMMIT_TIMEOUT_MS, overlap);
    const requests = Array.from({ length: 24 }, (_, i) => sampleEvents(BURST_EVENTS / 2, 40_000 + i * BURST_EVENTS));
    const results = await Promise.all(
      requests.map(async (events, i) => {
        await new Promise((r) => setTimeout(r, i % 8));
        return committer.submit("gc-burst", events);
      }),
    );
    results.forEach((result, i) => expect(result.map((r) => r.id)).toEqual(requests[i].map((e) => e.id)));
    const total = requests.flat().length;
    expect(results.flat().map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(seen.most).toBe(overlap === 1 ? 1 : overlap + 1);
    expect(await verifyLedger(ledger, "gc-burst")).toMatchObject({ ok: true, checked: total });
  });

  it("fails only the conflicting request of a group; the others are stored", async () => {
    const ledger = t.ledger();
    const [stored] = sampleEvents(1, 1000);
    await appendBatches(ledger, "gc-conflict", [[stored]]);
    const committer = new GroupCommitter(ledger, 10_000, DEFAULT_COMMIT_TIMEOUT_MS, overlap);
    const blocker = committer.submit("gc-conflict", sampleEvents(1, 2000));
    const good = committer.submit("gc-conflict", sampleEvents(2, 3000));
    const bad = committer.submit("gc-conflict", [{ ...stored, journey: "changed" }]);
    const alsoGood = committer.submit("gc-conflict", sampleEvents(2, 4000));
    await expect(bad).rejects.toMatchObject({ brand: "warrant.LedgerConflictError" });
    expect((await Promise.all([blocker, good, alsoGood])).flat().map((r) => r.duplicate)).toEqual([false, false, false, false, false]);
    await committer.whenIdle();
    expect(await verifyLedger(ledger, "gc-conflict")).toMatchObject({ ok: true, checked: 6 });
  });
  const storedIds = async (workspace: string) =>
    rowsOf<{ id: string }>(await t.handle.db.execute(sql`select id::text from events where workspace_id = ${workspace}`)).map((r) => r.id);

  it("fails only the request holding a value the database cannot store, with a 400 naming it; its group is stored", async () => {
    const ledger = t.ledger();
    const committer = new GroupCommitter(ledger, 10_000, DEFAULT_COMMIT_TIMEOUT_MS, overlap);
    const poisoned = (patch: (e: WarrantEvent & Record<string, unknown>) => void) => {
      const [event] = sampleEvents(1, 5001) as (WarrantEvent & Record<string, unknown>)[];
      patch(event);
      return [event];
    };
    const blocker = committer.submit("gc-poison", sampleEvents(1, 5000));
    const good = committer.submit("gc-poison", sampleEvents(3, 5100));
    // JSON.parse turns 1e400 into Infinity and keeps "\u0000" and lone surrogates: all valid JSON, none storable.
    const nul = committer.submit("gc-poison", poisoned((e) => (e.caseId = "case\u0000x")));
    const infinite = committer.submit("gc-poison", poisoned((e) => (e.attributes = { n: Number.POSITIVE_INFINITY })));
    const surrogate = committer.submit("gc-poison", poisoned((e) => (e.attributes = { text: "\ud800" })));
    const alsoGood = committer.submit("gc-poison", sampleEvents(2, 5200));
    // Awaited together: the two refused when taken are already rejected, and must be handled at once.
    await Promise.all([
      expect(nul).rejects.toMatchObject({ status: 400, code: "invalid_events", issues: [{ index: 0, path: "caseId" }] }),
      expect(infinite).rejects.toMatchObject({ status: 400, issues: [{ index: 0, path: "attributes.n" }] }),
      expect(surrogate).rejects.toMatchObject({ status: 400, issues: [{ index: 0, path: "attributes.text" }] }),
    ]);
    const stored = (await Promise.all([blocker, good, alsoGood])).flat();
    expect(stored).toHaveLength(6);
    await committer.whenIdle();
    expect((await storedIds("gc-poison")).sort()).toEqual(stored.map((r) => r.id).sort());
    expect(await verifyLedger(ledger, "gc-poison")).toMatchObject({ ok: true, checked: 6 });
  });

  it("answers 503 when the database does not commit in time, and never stores a request that was still queued", async () => {
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    const ledger = { ...t.ledger(), project: { prepare: async () => undefined, apply: () => hung } };
    const committer = new GroupCommitter(ledger, 10_000, 300, overlap);
    // With overlap 2 a second transaction starts behind the hung one (it waits for the lock): its
    // request is as undecided as the first's. The request after those is only queued.
    const running = Array.from({ length: overlap }, (_, i) => sampleEvents(1, 6000 + i));
    const queued = sampleEvents(1, 6100);
    const taken = [];
    for (const events of running) {
      taken.push(committer.submit("gc-hang", events));
      await new Promise((r) => setTimeout(r, 50));
    }
    const second = committer.submit("gc-hang", queued);
    for (const request of taken) {
      await expect(request).rejects.toMatchObject({ status: 503, headers: { "retry-after": "2" }, message: expect.stringContaining("may or may not") });
    }
    await expect(second).rejects.toMatchObject({ status: 503, message: expect.stringContaining("nothing was stored") });
    expect(committer.pending).toBe(overlap); // the running transactions are still counted until they end
    release();
    await committer.whenIdle();
    // The running ones committed after their callers gave up (a retry would be a duplicate); the queued one never ran.
    expect((await storedIds("gc-hang")).sort()).toEqual(running.map(([event]) => event.id).sort());
    const retried = await new GroupCommitter(t.ledger(), 10_000, DEFAULT_COMMIT_TIMEOUT_MS, overlap).submit("gc-hang", running[0]);
    expect(retried[0].duplicate).toBe(true);
  });

  it("close() refuses new requests with 503 and resolves once the ones already taken are committed", async () => {
    const committer = new GroupCommitter(t.ledger(), 10_000, DEFAULT_COMMIT_TIMEOUT_MS, overlap);
    const taken = Array.from({ length: 5 }, (_, i) => committer.submit("gc-close", sampleEvents(2, 7000 + i * 2)));
    const closed = committer.close();
    expect(committer.accepting).toBe(false);
    await expect(committer.submit("gc-close", sampleEvents(1, 7100))).rejects.toMatchObject({ status: 503, headers: { "retry-after": "1" } });
    await closed;
    expect(committer.pending).toBe(0);
    expect((await Promise.all(taken)).flat()).toHaveLength(10);
    expect(await storedIds("gc-close")).toHaveLength(10);
  });
});

// Several processes may ingest into one workspace (docs/scaling.md). Each speculates on the head its
// own last group left, so they keep making each other's bases stale, and stale speculations meet
// ordinary appends. Two connection pools with a committer each stand for two processes.
if (ENGINES.includes("postgres")) describe("group commit from two processes into one workspace, on a server", () => {
  let t: TestDatabase;
  let other: DatabaseHandle;
  beforeAll(async () => {
    t = await openTestDatabase("postgres");
    other = await openDatabase({ url: t.handle.url, max: 10 });
  });
  afterAll(async () => {
    // Closed by the test already, unless it failed before that; a second close is harmless.
    await other?.close().catch(() => {});
    await t?.close();
  });

  it("stores every request once, in one gapless chain that verifies, without a deadlock", async () => {
    const first = { ...t.ledger(), project: projectEntries };
    const second = { ...first, db: other.db, pipelined: other.pipelined };
    const committers = [first, second].map((ledger) => new GroupCommitter(ledger, 10_000, DEFAULT_COMMIT_TIMEOUT_MS, 2));
    const requests = Array.from({ length: 300 }, (_, i) => sampleEvents(1 + (i % 7), 50_000 + i * 7));
    // Arriving over time at both processes, so that their groups interleave.
    const results = await Promise.all(
      requests.map(async (events, i) => {
        await new Promise((r) => setTimeout(r, i % 60));
        return committers[i % 2].submit("two", events);
      }),
    );
    results.forEach((result, i) => expect(result.map((r) => [r.id, r.duplicate])).toEqual(requests[i].map((e) => [e.id, false])));
    const total = requests.reduce((n, events) => n + events.length, 0);
    expect(results.flat().map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(await verifyLedger(first, "two")).toMatchObject({ ok: true, checked: total });
    // A deadlock whose victim was a speculation would have been retried silently; PostgreSQL counts it.
    // (Closing the second pool makes its sessions report their statistics.)
    await other.close();
    const [{ deadlocks }] = await t.exec<{ deadlocks: string }>(`select deadlocks::text from pg_stat_database where datname = current_database()`);
    expect(deadlocks).toBe("0");
  });
});
