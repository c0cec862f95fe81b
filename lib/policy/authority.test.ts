import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessLog, authorityChecks } from "@/db/schema";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { eq } from "drizzle-orm";
import { authorityCheckRequestSchema, checkAuthority } from "./authority";
import { PolicyValidationError } from "./load";
import type { PolicyDocument } from "./schema";
import { appendPolicyVersion, liftCap, listPolicyVersions, lowerToAssist, policyVersionAt } from "./store";

const policy: PolicyDocument = {
  id: "decision-authority",
  rules: [
    { pattern: "*", maxAutonomy: "approve" },
    {
      pattern: "refund.*",
      maxAutonomy: "autonomous",
      when: { amount: { max: 50, currency: "EUR" }, confidence: { min: 0.8 } },
      clause: { id: "refund-policy", version: 3, clause: "§2" },
    },
    { pattern: "refund.issue", maxAutonomy: "supervised", clause: { id: "refund-policy", version: 3, clause: "§4" } },
  ],
};

const proposal = authorityCheckRequestSchema.parse({
  action: "refund.issue",
  amount: { value: 30, currency: "EUR" },
  confidence: 0.93,
  journey: "refund",
  autonomy: "supervised",
  agent: { id: "cx-agent", version: "cx-agent/2026.10" },
});

describe.each(ENGINES)("authority checks and the kill switch on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(() => t?.close());

  it("answers null without a policy, and records the question and the answer", async () => {
    const answer = await checkAuthority(t.handle.db, "none", proposal, { askedBy: "key_123" });
    expect(answer).toMatchObject({ allowedAutonomy: null, permitted: null, policyVersion: null, clause: null });
    const [row] = await t.handle.db.select().from(authorityChecks).where(eq(authorityChecks.id, answer.checkId));
    expect(row).toMatchObject({ workspaceId: "none", askedBy: "key_123", action: "refund.issue", amount: "30", currency: "EUR", requestedAutonomy: "supervised", allowedAutonomy: null });
    expect(row.request).toEqual(proposal);
    expect(row.answer).toEqual(answer);
  });

  it("answers the highest autonomy allowed now, with the clause and the policy version", async () => {
    const db = t.handle.db;
    const v1 = await appendPolicyVersion(db, "shop", { document: policy, createdBy: "admin@shop.example", reason: "first policy", effectiveFrom: new Date(Date.now() - 60_000) });
    expect(v1.version).toBe(1);
    const answer = await checkAuthority(db, "shop", proposal);
    expect(answer).toMatchObject({
      allowedAutonomy: "supervised",
      permitted: true,
      policyVersion: 1,
      policy: { id: "decision-authority", version: 1 },
      clause: { id: "refund-policy", version: 3, clause: "§4" },
      rule: { index: 2, pattern: "refund.issue" },
      cap: null,
    });
    const voucher = await checkAuthority(db, "shop", { action: "voucher.issue", autonomy: "autonomous" }, { askedBy: "cx-agent" });
    expect(voucher).toMatchObject({ allowedAutonomy: "approve", permitted: false, clause: null });
  });

  it("drops a pattern to assist at once with the kill switch, recording who and why", async () => {
    const db = t.handle.db;
    const before = new Date();
    const v2 = await lowerToAssist(db, "shop", "refund.*", { by: "compliance@shop.example", reason: "refunds above the cap were issued autonomously" });
    expect(v2).toMatchObject({ version: 2, createdBy: "compliance@shop.example", reason: "kill switch on refund.*: refunds above the cap were issued autonomously" });
    expect(v2.document.rules).toEqual(policy.rules);
    expect(v2.document.caps).toEqual([{ pattern: "refund.*", maxAutonomy: "assist", by: "compliance@shop.example", reason: "refunds above the cap were issued autonomously", at: v2.effectiveFrom.toISOString() }]);

    // The very next check sees it, even for the more specific refund.issue rule.
    const answer = await checkAuthority(db, "shop", proposal);
    expect(answer).toMatchObject({ allowedAutonomy: "assist", permitted: false, policyVersion: 2, cap: { pattern: "refund.*", by: "compliance@shop.example" } });
    expect(answer.reasons[0]).toMatch(/^refund\.\* is capped at assist by compliance@shop\.example on \d{4}-\d{2}-\d{2}: refunds above the cap/);
    expect((await checkAuthority(db, "shop", { action: "order.cancel" })).allowedAutonomy).toBe("approve");

    // What was in force before stays answerable; the access log has the change.
    expect((await policyVersionAt(db, "shop", new Date(before.getTime() - 1)))?.version).toBe(1);
    const log = await db.select().from(accessLog).where(eq(accessLog.workspaceId, "shop"));
    expect(log).toMatchObject([{ actor: "compliance@shop.example", action: "policy.lowered_to_assist", target: "refund.*", details: { policyVersion: 2 } }]);

    const v3 = await liftCap(db, "shop", "refund.*", { by: "compliance@shop.example", reason: "fixed in cx-agent/2026.10" });
    expect(v3.document.caps).toEqual([]);
    expect((await checkAuthority(db, "shop", proposal)).allowedAutonomy).toBe("supervised");
    await expect(liftCap(db, "shop", "refund.*", { by: "x", reason: "again" })).rejects.toThrow(/no cap on refund\.\* to lift/);
    expect((await listPolicyVersions(db, "shop")).map((v) => v.version)).toEqual([1, 2, 3]);
  });

  it("starts a policy that restricts only the capped pattern when none was in force", async () => {
    const db = t.handle.db;
    await lowerToAssist(db, "fresh", "billing.*", { by: "admin", reason: "billing incident" });
    expect((await checkAuthority(db, "fresh", { action: "billing.credit" })).allowedAutonomy).toBe("assist");
    expect((await checkAuthority(db, "fresh", { action: "order.cancel" })).allowedAutonomy).toBe("autonomous");
  });

  it("refuses an invalid policy or pattern, and keeps versions gapless under concurrent appends", async () => {
    const db = t.handle.db;
    await expect(appendPolicyVersion(db, "busy", { document: { id: "p", rules: [{ pattern: "*", maxAutonomy: "full" }] }, createdBy: "a", reason: "b" })).rejects.toBeInstanceOf(PolicyValidationError);
    await expect(lowerToAssist(db, "busy", "Refund*", { by: "a", reason: "b" })).rejects.toBeInstanceOf(PolicyValidationError);
    await Promise.all(Array.from({ length: 6 }, (_, i) => appendPolicyVersion(db, "busy", { document: policy, createdBy: "a", reason: `edit ${i}` })));
    expect((await listPolicyVersions(db, "busy")).map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("refuses UPDATE, DELETE and TRUNCATE of policy versions and authority checks", async () => {
    for (const [table, column] of [["policy_versions", "reason"], ["authority_checks", "action"]]) {
      await expect(t.exec(`update ${table} set ${column} = 'x'`)).rejects.toThrow(/append-only/);
      await expect(t.exec(`delete from ${table}`)).rejects.toThrow(/append-only/);
      await expect(t.exec(`truncate ${table}`)).rejects.toThrow(/append-only/);
    }
  });
});
