import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendBatches } from "@/lib/ledger/append";
import { verifyLedger } from "@/lib/ledger/verify";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";
import { GroupCommitter } from "./group-commit";

describe.each(ENGINES)("group commit on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(() => t?.close());

  it("coalesces concurrent requests into few transactions, each request getting its own results", async () => {
    const ledger = t.ledger();
    let transactions = 0;
    const counting = { ...ledger, project: async () => void (transactions += 1) };
    const committer = new GroupCommitter(counting);
    const requests = Array.from({ length: 50 }, (_, i) => sampleEvents(4, i * 4));
    const results = await Promise.all(requests.map((events) => committer.submit("gc", events)));
    results.forEach((result, i) => expect(result.map((r) => r.id)).toEqual(requests[i].map((e) => e.id)));
    const seqs = results.flat().map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // The first request runs alone; the 49 that queued behind it share the next transaction(s).
    expect(transactions).toBeLessThanOrEqual(3);
    expect((await verifyLedger(ledger, "gc")).ok).toBe(true);
  });

  it("fails only the conflicting request of a group; the others are stored", async () => {
    const ledger = t.ledger();
    const [stored] = sampleEvents(1, 1000);
    await appendBatches(ledger, "gc-conflict", [[stored]]);
    const committer = new GroupCommitter(ledger);
    const blocker = committer.submit("gc-conflict", sampleEvents(1, 2000));
    const good = committer.submit("gc-conflict", sampleEvents(2, 3000));
    const bad = committer.submit("gc-conflict", [{ ...stored, journey: "changed" }]);
    const alsoGood = committer.submit("gc-conflict", sampleEvents(2, 4000));
    await expect(bad).rejects.toMatchObject({ brand: "warrant.LedgerConflictError" });
    expect((await Promise.all([blocker, good, alsoGood])).flat().map((r) => r.duplicate)).toEqual([false, false, false, false, false]);
    await committer.whenIdle();
    expect(await verifyLedger(ledger, "gc-conflict")).toMatchObject({ ok: true, checked: 6 });
  });
});
