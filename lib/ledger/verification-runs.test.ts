import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";
import { appendEvents } from "./append";
import type { Ledger } from "./context";
import { latestVerifications, listVerifications, runVerification } from "./verification-runs";

describe.each(ENGINES)("verification runs (%s)", (engine) => {
  let db: TestDatabase;
  let ledger: Ledger;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    ledger = db.ledger({ checkpointEvery: 10 });
    await appendEvents(ledger, "acme", sampleEvents(25));
    await appendEvents(ledger, "other", sampleEvents(3));
  });
  afterAll(() => db.close());

  it("records who verified what, and when, with progress along the way", async () => {
    const progress: number[] = [];
    const { result, run } = await runVerification(ledger, "acme", { actor: "officer@example.com", via: "page" }, (p) => {
      progress.push(p.checked);
      expect(p.total).toBe(25);
    });
    expect(result.ok).toBe(true);
    expect(progress.at(-1)).toBe(25);
    expect(run).toMatchObject({ workspace: "acme", actor: "officer@example.com", via: "page", ok: true, checked: 25, headSeq: 25, checkpointsVerified: 1 });
    expect(Date.parse(run!.finishedAt)).toBeGreaterThanOrEqual(Date.parse(run!.startedAt));
  });

  it("records a failed run with the first bad entry", async () => {
    await db.exec(`alter table events disable trigger events_append_only`);
    await db.exec(`update events set record = replace(record, 'refund-agent', 'refund-agenT') where workspace_id = 'other' and seq = 2`);
    await db.exec(`alter table events enable always trigger events_append_only`);
    const { run } = await runVerification(ledger, "other", { actor: "cli", via: "cli" });
    expect(run).toMatchObject({ ok: false, firstBadSeq: 2, kind: "hash-mismatch" });
  });

  it("lists the latest run per workspace and a workspace's runs newest first", async () => {
    await runVerification(ledger, "acme", { actor: "apikey:wrt_abc", via: "api" });
    const latest = await latestVerifications(ledger.db, ["acme", "other", "nobody"]);
    expect(latest.get("acme")).toMatchObject({ actor: "apikey:wrt_abc" });
    expect(latest.get("other")).toMatchObject({ ok: false });
    expect(latest.has("nobody")).toBe(false);
    expect((await listVerifications(ledger.db, "acme")).map((r) => r.actor)).toEqual(["apikey:wrt_abc", "officer@example.com"]);
  });

  it("is append-only: the database refuses to rewrite or delete a run", async () => {
    await expect(db.exec(`update verifications set ok = true`)).rejects.toThrow(/append-only/);
    await expect(db.exec(`delete from verifications`)).rejects.toThrow(/append-only/);
    await expect(db.exec(`truncate verifications`)).rejects.toThrow(/append-only/);
  });
});
