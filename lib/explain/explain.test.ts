import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionExecuted, aiProposal, caseOpened, overrideJourney, refundJourney, voucherExecuted } from "@/lib/events/examples";
import type { WarrantEvent } from "@/lib/events/schema";
import { appendEvents, checkpointNow } from "@/lib/ledger/append";
import type { Ledger } from "@/lib/ledger/context";
import { verifyInclusion } from "@/lib/ledger/merkle";
import { appendPolicyVersion } from "@/lib/policy/store";
import { projectEntries } from "@/lib/projections/project";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { explainAction, NotExplainableError } from "./explain";
import { EventNotFoundError, verifyEvent } from "./proof";
import { explanationText } from "./sections";

const ACCOUNTABILITY = { party: "Fernhill Retail Ltd", contestUrl: "https://fernhill.example/contest" };

const POLICY = {
  id: "decision-authority",
  rules: [
    { pattern: "*", maxAutonomy: "approve" },
    { pattern: "refund.*", maxAutonomy: "autonomous", when: { amount: { max: 50, currency: "EUR" } }, clause: { id: "refund-policy", version: 3, clause: "§2" } },
    { pattern: "refund.*", maxAutonomy: "approve", when: { amount: { max: 500, currency: "EUR" } }, clause: { id: "refund-policy", version: 3, clause: "§4" } },
    { pattern: "voucher.*", maxAutonomy: "supervised", when: { amount: { max: 50, currency: "EUR" } }, clause: { id: "goodwill", version: 2, clause: "§1.4" } },
  ],
};

/** An autonomous AI refund on order `order`, with every optional field unless told otherwise. */
function refund(order: string, value: number, extra: Partial<Record<string, unknown>> = {}): WarrantEvent {
  return {
    id: randomUUID(),
    type: "action.executed",
    occurredAt: "2025-04-02T10:00:00Z",
    caseId: `case_${order}`,
    journey: "delivery_failure",
    channel: "chat",
    customerRef: "cus_1183",
    actor: { type: "ai", id: "refund-agent", version: "refund-agent@2025.04.1" },
    action: { name: "refund.issue", target: { system: "shopify", ref: `order/${order}` }, amount: { value, currency: "EUR" }, reversible: true },
    autonomy: "autonomous",
    decision: {
      rationale: "The carrier confirmed the parcel was lost. The customer has not been refunded yet.",
      confidence: 0.92,
      evidence: [{ source: "carrier_tracking", ref: "DHL 123", summary: "Marked lost in transit on 1 April." }],
      model: { provider: "anthropic", name: "claude-sonnet-4", version: "2025-05-14" },
    },
    ...extra,
  } as WarrantEvent;
}

/** An AI action carrying only what the contract requires. */
function bare(): WarrantEvent {
  return {
    id: randomUUID(),
    type: "action.executed",
    occurredAt: "2025-04-03T08:00:00Z",
    caseId: "case_bare",
    journey: "order_status",
    channel: "chat",
    actor: { type: "ai", id: "order-agent" },
    action: { name: "order.cancel" },
    autonomy: "autonomous",
    decision: { rationale: "The customer asked to cancel before the order was packed." },
  } as WarrantEvent;
}

/** Nothing a reader should ever see in an explanation. */
function expectReadable(text: string) {
  expect(text).not.toMatch(/undefined|null|NaN|\[object Object\]/);
  expect(text).not.toMatch(/ ,|,,|\.\.(?!\.)| \.|: \.|\(\)/);
}

describe.each(ENGINES)("explanations on %s", (engine) => {
  let t: TestDatabase;
  let ledger: Ledger;
  const W = "shop";
  const within = refund("1183", 42);
  const beyond = refund("2001", 120);
  const unreviewed = refund("3002", 30, { decision: { rationale: "Damaged on arrival, photo supplied.", confidence: 0.65 } });
  const minimal = bare();

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    ledger = { ...t.ledger({ checkpointEvery: 1_000_000 }), project: projectEntries };
    await appendPolicyVersion(t.handle.db, W, { document: POLICY, effectiveFrom: new Date("2025-01-01T00:00:00Z"), createdBy: "admin@fernhill.example", reason: "pilot" });
    await appendEvents(ledger, W, refundJourney);
    await appendEvents(ledger, W, overrideJourney);
    await appendEvents(ledger, W, [within, beyond, unreviewed, minimal]);
    await checkpointNow(ledger, W);
  });
  afterAll(() => t?.close());

  const explain = (id: string, workspace = W) => explainAction(t.handle.db, ledger, workspace, id, { accountability: ACCOUNTABILITY });

  it("puts one plain sentence first: what, why, and under which clause of the policy in force", async () => {
    const e = await explain(within.id);
    expect(e.sentence).toBe(
      "The AI refunded €42.00 on order 1183 because the carrier confirmed the parcel was lost, acting autonomously under refund-policy v3 §2, which allows refunds up to €50 without approval.",
    );
    expect(e.authority).toMatchObject({ status: "within", autonomy: "autonomous", maxAutonomy: "autonomous", policy: { id: "decision-authority", version: 1 }, clause: "refund-policy v3 §2" });
    expect(e.sections.map((s) => s.id)).toEqual(["why", "authority", "confidence", "humans", "outcome", "accountability", "ai", "proof"]);
    expectReadable(explanationText(e));
  });

  it("says when the AI acted beyond its authority, and which rule it broke", async () => {
    const e = await explain(beyond.id);
    expect(e.authority.status).toBe("beyond");
    expect(e.sentence).toBe(
      "The AI refunded €120.00 on order 2001 because the carrier confirmed the parcel was lost, acting autonomously beyond its authority: refund-policy v3 §4 allows refunds up to €500 only after a person approves.",
    );
    expect(e.sections.find((s) => s.id === "authority")!.paragraphs[0]).toMatch(/^Beyond its authority: it acted autonomously, but decision-authority v1 \(refund-policy v3 §4\) allowed at most approve here/);
  });

  it("explains an executed proposal with the approval, the policy the AI cited, the outcome and the AI version", async () => {
    const e = await explain(actionExecuted.id);
    expect(e.sentence).toMatch(/^The AI refunded €42\.00 on order 10442 because issuing the refund proposed for the undelivered order, as approved by agent_0193, after Sam Rivera approved it under refund-policy v3 §2/);
    expect(e.proposal).toEqual({ eventId: aiProposal.id, occurredAt: aiProposal.occurredAt });
    expect(e.humans.map((h) => h.verb)).toEqual(["approved"]);
    expect(e.humans[0].sentence).toBe("Sam Rivera (agent_0193) approved the proposal 48 seconds after it was proposed.");
    expect(e.authority.cited).toBe("refunds v7 §3.2");
    expect(e.outcome).toMatchObject({ status: "resolved", resolvedBy: "hybrid", attestedBy: "customer", reopened: 1 });
    expect(e.outcome.sentence).toBe("The case was resolved by the AI and a person together, as confirmed by the customer. The customer came back about it once afterwards.");
    expect(e.ai).toEqual({ agent: "refund-agent", version: "refund-agent@2025.03.1", model: null });
    expect(e.accountability.sentence).toBe(
      `Fernhill Retail Ltd is accountable for this decision, not the AI. To contest it, go to https://fernhill.example/contest, quoting case case_8841 and reference ${actionExecuted.id}.`,
    );
    expectReadable(explanationText(e));
  });

  it("explains a proposal with its evidence, alternatives, counterfactual and the person who decided", async () => {
    const e = await explain(aiProposal.id);
    expect(e.sentence).toBe(
      "The AI proposed refunding €42.00 on order 10442 because the parcel was returned to the depot after two failed delivery attempts and the customer asked for their money back rather than a new delivery, for a person to decide, citing refunds v7 §3.2; Sam Rivera approved it 48 seconds later.",
    );
    expect(e.authority.status).toBe("not-checked");
    expect(e.evidence).toHaveLength(3);
    const text = explanationText(e);
    expect(text).toContain("Carrier tracking (DHL JJD000390012345): Returned to sender on 10 March after 2 failed attempts.");
    expect(text).toContain("delivery.reschedule: The customer explicitly declined a new delivery.");
    expect(text).toContain("What would have changed the decision: Had the carrier marked the parcel as delivered");
    expect(text).toContain("It considered 2 other options and set them aside:");
    expect(text).toContain("Model: anthropic claude-sonnet-4 (2025-05-14)");
    // The execution that followed is what people (and the AI) did next.
    expect(e.humans.map((h) => h.type)).toEqual(["approval.decided", "action.executed"]);
    expectReadable(text);
  });

  it("shows what people did about an overridden and reversed action", async () => {
    const e = await explain(voucherExecuted.id);
    expect(e.humans.map((h) => h.verb)).toEqual(["overridden", "reversed"]);
    expect(e.sentence).toMatch(/; a person later overrode it, and it was later reversed\.$/);
    expect(e.humans[0].sentence).toBe(
      "agent_0417 overrode the AI: “Customer is on a business account; goodwill is credited to the account, not given as a voucher.” Instead, they issued an account credit of €15.00 on account B-3301.",
    );
    expect(e.outcome.sentence).toBe("The case has no recorded outcome yet.");
  });

  it("reads naturally without evidence, policy, confidence, alternatives, model or version", async () => {
    const e = await explain(minimal.id, W);
    // The workspace has a policy; order.cancel falls under "*" (approve), so autonomous is beyond it.
    expect(e.sentence).toMatch(/^The AI cancelled the order because the customer asked to cancel before the order was packed, acting autonomously beyond its authority/);
    const ids = e.sections.map((s) => s.id);
    expect(ids).not.toContain("confidence");
    expect(ids).not.toContain("alternatives");
    const text = explanationText(e);
    expect(text).toContain("The AI cited no evidence for this decision.");
    expect(text).toContain("The AI did not report its version or model.");
    expect(text).toContain("No person reviewed, overrode or reversed this action; it was taken autonomously.");
    expectReadable(text);
    for (const s of e.sections) {
      expect(s.title.trim()).not.toBe("");
      expect(s.paragraphs.length + (s.facts?.length ?? 0)).toBeGreaterThan(0);
      for (const f of s.facts ?? []) expect(f.value.trim()).not.toBe("");
    }
  });

  it("reads naturally in a workspace with no policy at all, and says the check could not be made", async () => {
    const lone = bare();
    await appendEvents(ledger, "nopolicy", [lone]);
    const e = await explain(lone.id, "nopolicy");
    expect(e.sentence).toBe("The AI cancelled the order because the customer asked to cancel before the order was packed, acting autonomously.");
    expect(e.authority.status).toBe("no-policy");
    expect(e.authority.sentence).toBe("No decision-authority policy was in force in this workspace at the time, so the action could not be checked against one.");
    expect(e.verification.status).toBe("partial");
    expect(e.proof.checkpoint).toBeNull();
    expectReadable(explanationText(e));
  });

  it("says how often AI decisions at the same confidence were overridden", async () => {
    // Band 60–70%: the overridden voucher (supervised, 0.64) and the unreviewed autonomous refund (0.65).
    // Each is compared with the others' record, never with itself.
    const refund = await explain(unreviewed.id);
    expect(refund.confidence).toMatchObject({ value: 0.65, band: { from: 0.6, to: 0.7 }, reviewed: 1, overridden: 1, rate: 1 });
    expect(explanationText(refund)).toContain("Of 1 other AI decision at 60%–70% confidence in this workspace that people reviewed or could have, 1 (100%) was rejected, edited, overridden or reversed.");
    const voucher = await explain(voucherExecuted.id);
    expect(voucher.confidence).toMatchObject({ reviewed: 1, overridden: 0, rate: 0 });
    expect(explanationText(voucher)).toContain("1 other AI decision at 60%–70% confidence in this workspace that people reviewed or could have, 0 (0%) were rejected");
    // 0.92 (the autonomous refunds) and a band nobody else is in.
    const lone = await explain(aiProposal.id);
    expect(lone.confidence).toMatchObject({ band: { from: 0.8, to: 0.9 } });
  });

  it("carries a ledger proof that checks against the signed checkpoint", async () => {
    const e = await explain(within.id);
    expect(e.verification).toMatchObject({ status: "verified", ok: true });
    expect(Object.values(e.verification.checks).map((c) => c.status)).toEqual(["pass", "pass", "pass"]);
    const { proof } = e;
    expect(proof.checkpoint!.treeSize).toBeGreaterThanOrEqual(proof.seq);
    const ok = verifyInclusion(
      Buffer.from(proof.leafHash, "hex"),
      proof.inclusion!.leafIndex,
      proof.inclusion!.treeSize,
      proof.inclusion!.path.map((h) => Buffer.from(h, "hex")),
      Buffer.from(proof.checkpoint!.rootHash, "hex"),
    );
    expect(ok).toBe(true);
  });

  it("refuses events that are not AI decisions, and ids that are not in the workspace", async () => {
    await expect(explain(caseOpened.id)).rejects.toSatisfy(NotExplainableError.is);
    await expect(explain(randomUUID())).rejects.toSatisfy(EventNotFoundError.is);
    await expect(explain("not-a-uuid")).rejects.toSatisfy(EventNotFoundError.is);
    await expect(explain(within.id, "another-workspace")).rejects.toSatisfy(EventNotFoundError.is);
  });

  it("says verification failed when a superuser edited the event's record", async () => {
    const victim = refund("7777", 20);
    await appendEvents(ledger, "tampered", [refund("7776", 10), victim, refund("7778", 15)]);
    await checkpointNow(ledger, "tampered");
    expect((await verifyEvent(t.handle.db, ledger, "tampered", victim.id)).status).toBe("verified");

    await t.exec(`alter table events disable trigger user`);
    try {
      await t.exec(`update events set record = replace(record, '"value":20', '"value":2') where workspace_id = 'tampered' and id = '${victim.id}'`);
    } finally {
      await t.exec(`alter table events enable always trigger events_append_only; alter table events enable always trigger events_no_truncate`);
    }

    const e = await explain(victim.id, "tampered");
    expect(e.sentence).toContain("refunded €2.00"); // the altered record is what is shown…
    expect(e.verification).toMatchObject({ status: "failed", ok: false });
    expect(e.verification.checks.hash.status).toBe("fail");
    expect(e.verification.checks.checkpoint.status).toBe("fail");
    expect(e.verification.summary).toMatch(/^Verification failed: /);
    const text = explanationText(e); // …and the explanation says it cannot be trusted.
    expect(text).toContain("Verification failed.");
    const v = await verifyEvent(t.handle.db, ledger, "tampered", victim.id);
    expect(v).toMatchObject({ ok: false, status: "failed", seq: 2 });
  });

  it("catches a broken link when a superuser replaces the previous entry's hash", async () => {
    const events = [refund("8001", 10), refund("8002", 11)];
    await appendEvents(ledger, "relinked", events);
    await t.exec(`alter table events disable trigger user`);
    try {
      await t.exec(`update events set prev_hash = '\\x${"00".repeat(32)}' where workspace_id = 'relinked' and seq = 2`);
    } finally {
      await t.exec(`alter table events enable always trigger events_append_only; alter table events enable always trigger events_no_truncate`);
    }
    const v = await verifyEvent(t.handle.db, ledger, "relinked", events[1].id);
    expect(v.checks.link.status).toBe("fail");
    expect(v.status).toBe("failed");
  });
});
