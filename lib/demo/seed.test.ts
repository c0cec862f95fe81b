import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessLog, workspaces } from "@/db/schema";
import { appendEvents } from "@/lib/ledger/append";
import { verifyLedger } from "@/lib/ledger/verify";
import { checkAuthority } from "@/lib/policy/authority";
import { listPolicyVersions } from "@/lib/policy/store";
import { ensureWorkspace } from "@/lib/workspaces";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";
import { NotADemoWorkspaceError, seedDemo } from "./seed";

const options = { events: 2500, seed: "s-1", endDate: new Date("2026-11-01T00:00:00Z"), batchSize: 400 };

describe.each(ENGINES)("seedDemo on %s", (engine) => {
  let t: TestDatabase;
  let other: TestDatabase;
  beforeAll(async () => {
    [t, other] = await Promise.all([openTestDatabase(engine), openTestDatabase(engine)]);
  });
  afterAll(async () => {
    await t?.close();
    await other?.close();
  });

  it("seeds a demo workspace through the ledger, with its policy history, and the chain verifies", async () => {
    const progress: number[] = [];
    const result = await seedDemo(t.ledger(), "demo", { ...options, onProgress: (p) => progress.push(p.appended) });
    expect(result).toMatchObject({ appended: 2500, duplicates: 0, headSeq: 2500, policyVersionsInstalled: 4 });
    expect(progress).toEqual([400, 800, 1200, 1600, 2000, 2400, 2500]);
    const [workspace] = await t.handle.db.select().from(workspaces).where(eq(workspaces.id, "demo"));
    expect(workspace).toMatchObject({ isDemo: true, name: "Demo: Fernhill Home & Garden" });
    expect(await verifyLedger(t.ledger(), "demo")).toMatchObject({ ok: true, checked: 2500, head: { hash: result.headHash } });

    const versions = await listPolicyVersions(t.handle.db, "demo");
    expect(versions.map((v) => [v.version, v.document.caps?.length ?? 0])).toEqual([[1, 0], [2, 0], [3, 1], [4, 0]]);
    expect(await t.handle.db.select().from(accessLog).where(eq(accessLog.workspaceId, "demo"))).toMatchObject([{ action: "policy.lowered_to_assist", target: "refund.*" }]);
    // The latest version answers authority checks today.
    expect(await checkAuthority(t.handle.db, "demo", { action: "voucher.issue", amount: { value: 20, currency: "EUR" } })).toMatchObject({ allowedAutonomy: "autonomous", policyVersion: 4 });
  });

  it("gives the same ledger head for the same seed in another database, and appends nothing when repeated", async () => {
    const first = await seedDemo(other.ledger(), "demo", options);
    const again = await seedDemo(other.ledger(), "demo", options);
    const original = await verifyLedger(t.ledger(), "demo");
    expect(first.headHash).toBe(original.head.hash);
    expect(again).toMatchObject({ appended: 0, duplicates: 2500, policyVersionsInstalled: 0 });
    expect(await listPolicyVersions(other.handle.db, "demo")).toHaveLength(4);
  });

  it("refuses to put demo data into a real workspace", async () => {
    await ensureWorkspace(t.handle.db, "acme");
    await appendEvents(t.ledger(), "acme", sampleEvents(3));
    await expect(seedDemo(t.ledger(), "acme", options)).rejects.toBeInstanceOf(NotADemoWorkspaceError);
    expect((await verifyLedger(t.ledger(), "acme")).checked).toBe(3);
  });
});
