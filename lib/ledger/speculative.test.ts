import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PipelinedOptions, type PipelinedRunner, rowsOf } from "@/db/client";
import type { WarrantEvent } from "@/lib/events/schema";
import { projectEntries } from "@/lib/projections/project";
import { appendPolicyVersion } from "@/lib/policy/store";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";
import { type AppendBase, type AppendedEvent, appendEvents, LedgerConflictError } from "./append";
import type { Ledger } from "./context";
import { verifyLedger } from "./verify";

/**
 * The ledger with its transactions counted (a speculation that held is one, one that failed is two)
 * and the options each asked its runner for, in order.
 */
function counting(ledger: Ledger) {
  const counts = { transactions: 0 };
  const asked: (PipelinedOptions | undefined)[] = [];
  const runner = ledger.pipelined!;
  const pipelined: PipelinedRunner = (work, options) => {
    counts.transactions += 1;
    asked.push(options);
    return runner(work, options);
  };
  return { ledger: { ...ledger, pipelined }, counts, asked };
}

/** Appends ordinarily and returns the base the append left. */
async function appendLeaving(ledger: Ledger, workspaceId: string, events: WarrantEvent[]) {
  let leaves: AppendBase | undefined;
  const results = await appendEvents(ledger, workspaceId, events, { onSent: (base) => (leaves = base) });
  return { results, leaves: leaves! };
}

describe.each(ENGINES)("speculative append on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(() => t?.close());

  async function head(workspaceId: string) {
    const [row] = rowsOf<{ seq: string; hash: string; frontier: string; checkpoint_seq: string }>(
      await t.handle.db.execute(`select seq::text, encode(hash, 'hex') as hash, encode(frontier, 'hex') as frontier, checkpoint_seq::text from chain_heads where workspace_id = '${workspaceId}'`),
    );
    return row;
  }

  it("asks for generic plans once the chain it appends to is genericPlansFrom entries long", async () => {
    const { ledger, asked } = counting(t.ledger({ genericPlansFrom: 20 }));
    let { leaves } = await appendLeaving(ledger, "generic", sampleEvents(10));
    for (let round = 1; round <= 3; round++) {
      let next: AppendBase | undefined;
      await appendEvents(ledger, "generic", sampleEvents(10, round * 10), { base: leaves, onSent: (base) => (next = base) });
      leaves = next!;
    }
    // The ordinary append reads the head under the lock, so it never knows the length beforehand.
    expect(asked.map((options) => options?.genericPlans)).toEqual([undefined, false, true, true]);
    expect(await verifyLedger(ledger, "generic")).toMatchObject({ ok: true, checked: 40 });
    // Without the option, never.
    const plain = counting(t.ledger());
    const first = await appendLeaving(plain.ledger, "custom", sampleEvents(30));
    await appendEvents(plain.ledger, "custom", sampleEvents(10, 30), { base: first.leaves });
    expect(plain.asked.map((options) => options?.genericPlans)).toEqual([undefined, false]);
  });

  it("commits in one transaction on the head the previous append left, and the chain verifies", async () => {
    const { ledger, counts } = counting(t.ledger({ checkpointEvery: 20 }));
    let { leaves } = await appendLeaving(ledger, "spec", sampleEvents(10));
    for (let round = 1; round <= 4; round++) {
      counts.transactions = 0;
      let next: AppendBase | undefined;
      const results = await appendEvents(ledger, "spec", sampleEvents(10, round * 10), { base: leaves, onSent: (base) => (next = base) });
      expect(counts.transactions).toBe(1);
      expect(results.map((r) => r.seq)).toEqual(Array.from({ length: 10 }, (_, i) => round * 10 + i + 1));
      leaves = next!;
      // The base it announced is the head it left, checkpoint bookkeeping included.
      expect(await head("spec")).toEqual({
        seq: String(leaves.head.seq),
        hash: leaves.head.hash.toString("hex"),
        frontier: leaves.head.frontier.toString("hex"),
        checkpoint_seq: String(leaves.head.checkpointSeq),
      });
    }
    const verified = await verifyLedger(ledger, "spec");
    expect(verified).toMatchObject({ ok: true, checked: 50, head: { seq: 50, hash: leaves.head.hash.toString("hex") } });
    expect(verified.checkpoints.verified).toBe(2);
  });

  it("rolls back and appends the ordinary way when the head moved since the base", async () => {
    const { ledger, counts } = counting(t.ledger());
    const { leaves } = await appendLeaving(ledger, "moved", sampleEvents(3));
    // Another writer (another process) appends in between: the base is stale.
    await appendEvents(t.ledger(), "moved", sampleEvents(2, 3));
    counts.transactions = 0;
    const results = await appendEvents(ledger, "moved", sampleEvents(3, 5), { base: leaves });
    expect(counts.transactions).toBe(2);
    expect(results.map((r) => r.seq)).toEqual([6, 7, 8]);
    expect(await verifyLedger(ledger, "moved")).toMatchObject({ ok: true, checked: 8 });
  });

  it("still answers a re-sent event as a duplicate and a changed one as a conflict, storing nothing else", async () => {
    const { ledger, counts } = counting(t.ledger());
    const events = sampleEvents(4);
    const { results: stored, leaves } = await appendLeaving(ledger, "respec", events);
    // The base does not know the events are stored: their unique key fails, and the append runs again.
    counts.transactions = 0;
    const again = await appendEvents(ledger, "respec", [events[2], ...sampleEvents(1, 4)], { base: leaves });
    expect(counts.transactions).toBe(2);
    expect(again.map((r) => [r.seq, r.duplicate])).toEqual([
      [stored[2].seq, true],
      [5, false],
    ]);
    const changed = { ...events[1], journey: "something_else" };
    await expect(appendEvents(ledger, "respec", [...sampleEvents(1, 6), changed], { base: leaves })).rejects.toBeInstanceOf(LedgerConflictError);
    expect(await verifyLedger(ledger, "respec")).toMatchObject({ ok: true, checked: 5 });
  });

  it("judges AI actions against the policy in force when it commits, not the one the base read", async () => {
    const { ledger, counts } = counting({ ...t.ledger(), project: projectEntries });
    const capped = { id: "authority", rules: [{ pattern: "refund.*", maxAutonomy: "approve" as const }] };
    const open = { id: "authority", rules: [{ pattern: "refund.*", maxAutonomy: "autonomous" as const }] };
    const from = new Date(Date.UTC(2026, 0, 1));
    await appendPolicyVersion(t.handle.db, "judged", { document: capped, effectiveFrom: from, createdBy: "test", reason: "start capped" });
    // sampleEvents' odd events are autonomous AI refunds: a breach of `capped`, within `open`.
    const { leaves } = await appendLeaving(ledger, "judged", sampleEvents(2));
    let next: AppendBase | undefined;
    counts.transactions = 0;
    await appendEvents(ledger, "judged", sampleEvents(2, 2), { base: leaves, onSent: (base) => (next = base) });
    expect(counts.transactions).toBe(1);
    await appendPolicyVersion(t.handle.db, "judged", { document: open, effectiveFrom: from, createdBy: "test", reason: "lifted" });
    counts.transactions = 0;
    await appendEvents(ledger, "judged", sampleEvents(2, 4), { base: next });
    expect(counts.transactions).toBe(2);
    const checks = rowsOf<{ check: string; version: number }>(
      await t.handle.db.execute(`select policy_check as check, policy_version as version from ai_decisions where workspace_id = 'judged' order by occurred_at`),
    );
    expect(checks).toEqual([
      { check: "breach", version: 1 },
      { check: "breach", version: 1 },
      { check: "within", version: 2 },
    ]);
  });
});

// Two transactions of a workspace at once need two connections: a server only.
if (ENGINES.includes("postgres")) describe("speculative append beside other transactions, on a server", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase("postgres");
  });
  afterAll(() => t?.close());

  it("a small group sent right behind a large one waits for it and both hold", async () => {
    const { ledger, counts } = counting(t.ledger());
    const { leaves } = await appendLeaving(ledger, "order", sampleEvents(2));
    counts.transactions = 0;
    // The small group is computed on the head the large one leaves and sent the moment the large one has
    // sent its writes. It inserts its one row long before the large one's 2,000 are in, and must still ask
    // for the chain lock only after the large one ended.
    let small: Promise<AppendedEvent[]> | undefined;
    const largeResults = await appendEvents(ledger, "order", sampleEvents(2000, 2), {
      base: leaves,
      onSent: (next) => (small ??= appendEvents(ledger, "order", sampleEvents(1, 2002), { base: next })),
    });
    const smallResults = await small!;
    expect(counts.transactions).toBe(2);
    expect(largeResults.at(-1)?.seq).toBe(2002);
    expect(smallResults.map((r) => r.seq)).toEqual([2003]);
    expect(await verifyLedger(ledger, "order")).toMatchObject({ ok: true, checked: 2003 });
  });

  it("a stale speculation waits at the append gate while an ordinary append holds the chain lock, then appends after it", async () => {
    const { leaves } = await appendLeaving(t.ledger(), "gate", sampleEvents(3));
    // An ordinary append (another process's, say) that takes the chain lock and, before it writes,
    // waits until the speculation is seen waiting.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const holder: Ledger = {
      ...t.ledger(),
      project: {
        prepare: async (tx) => {
          // Sent behind the gate and the chain lock on the transaction's connection: once it is
          // answered, both are held.
          await tx.execute(sql`select 1`);
          locked();
          await released;
        },
        apply: async () => {},
      },
    };
    const ordinary = appendEvents(holder, "gate", sampleEvents(2, 3));
    await holding;
    // Computed on the head before the ordinary append: its sequence numbers 4 to 6 overlap that one's 4 and 5.
    const speculative = appendEvents(t.ledger(), "gate", sampleEvents(3, 5), { base: leaves });
    try {
      let waiting: { locktype: string }[] = [];
      for (let i = 0; i < 500 && waiting.length === 0; i++) {
        waiting = await t.exec<{ locktype: string }>(`select locktype from pg_locks where not granted and pid in (select pid from pg_stat_activity where datname = current_database())`);
        if (waiting.length === 0) await new Promise((r) => setTimeout(r, 10));
      }
      // It waits at the gate, before inserting anything: had it inserted its rows and then waited for
      // the chain lock, the ordinary append would now wait for those rows, a deadlock.
      expect(waiting).toEqual([{ locktype: "advisory" }]);
    } finally {
      release();
    }
    expect((await ordinary).map((r) => r.seq)).toEqual([4, 5]);
    expect((await speculative).map((r) => r.seq)).toEqual([6, 7, 8]);
    const [{ deadlocks }] = await t.exec<{ deadlocks: string }>(`select deadlocks::text from pg_stat_database where datname = current_database()`);
    expect(deadlocks).toBe("0");
    expect(await verifyLedger(t.ledger(), "gate")).toMatchObject({ ok: true, checked: 8 });
  });
});
