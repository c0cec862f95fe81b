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

/** Like the demo's policy: wildcard rules per domain, two voucher tiers, no "*" rule, and a cap on account.*. */
const FERNHILL = {
  id: "decision-authority",
  rules: [
    { pattern: "delivery.*", maxAutonomy: "autonomous", clause: { id: "delivery-policy", version: 5, clause: "§2.1" } },
    { pattern: "replacement.ship", maxAutonomy: "approve", when: { amount: { max: 600, currency: "EUR" } }, clause: { id: "delivery-policy", version: 5, clause: "§3.1" } },
    { pattern: "billing.*", maxAutonomy: "supervised", when: { amount: { max: 100, currency: "EUR" } }, clause: { id: "billing-policy", version: 2, clause: "§3.2" } },
    { pattern: "voucher.*", maxAutonomy: "autonomous", when: { amount: { max: 25, currency: "EUR" } }, clause: { id: "goodwill-policy", version: 1, clause: "§1.2" } },
    { pattern: "voucher.*", maxAutonomy: "supervised", when: { amount: { max: 50, currency: "EUR" } }, clause: { id: "goodwill-policy", version: 1, clause: "§1.3" } },
    { pattern: "loyalty.*", maxAutonomy: "autonomous", clause: { id: "goodwill-policy", version: 1, clause: "§2" } },
    { pattern: "account.*", maxAutonomy: "autonomous", clause: { id: "account-policy", version: 4, clause: "§1" } },
  ],
  caps: [{ pattern: "account.*", maxAutonomy: "assist", by: "ines.moreau@fernhill.example", reason: "Account changes go to people while the flow is audited." }],
};

/** An AI decision in a Fernhill case, as the demo writes them. */
function fernhill(type: "action.executed" | "ai.proposal", action: { name: string; amount?: { value: number; currency: string }; target?: { system: string; ref: string } }, rationale: string, extra: Record<string, unknown> = {}): WarrantEvent {
  return {
    id: randomUUID(),
    type,
    occurredAt: "2025-05-02T10:00:00Z",
    caseId: "case_fh",
    journey: "delivery_failure",
    channel: "chat",
    actor: { type: "ai", id: "cx-agent", version: "cx-agent@2025.05.1" },
    action,
    ...(type === "action.executed" ? { autonomy: "autonomous" } : {}),
    decision: { rationale, confidence: 0.9, policy: { id: "goodwill-policy", version: "1", clause: "§1.2" } },
    ...extra,
  } as WarrantEvent;
}

/** A well-formed lead: the AI's words only inside the closing quotation, the approval told once, no plural made by "s". */
function expectWellFormed(lead: string) {
  const [own, quote = ""] = lead.split(/(?= The AI's stated reason)/);
  expect(own).toMatch(/^The AI [^.]+(\.[0-9][^.]*)*\.$/); // one sentence (the full stops of €-amounts aside)
  expect(quote).toMatch(/^( The AI's stated reason(, when it proposed it)?: “[^”]+”)?$/);
  expect(own).not.toMatch(/\bbecause\b/);
  expect(own).not.toMatch(/\b(I|me|my|we|our|us)\b/); // no first person outside the quotation
  expect(own.match(/\bapproved\b/g)?.length ?? 0).toBeLessThanOrEqual(1);
  expect(own).not.toMatch(/\b(deliverys|loyaltys|billings|vouchers|refunds|accounts)\b/);
  expectReadable(lead);
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

  // The demo-like workspace: an approved replacement, first-person rationales, wildcard rules, an amount
  // no voucher rule covers, an action no rule names, and a cap.
  const F = "fernhill";
  const replacement = { name: "replacement.ship", amount: { value: 89, currency: "EUR" }, target: { system: "shopify", ref: "order/FH-2626906" } };
  const shipProposal = fernhill("ai.proposal", replacement, "GLS lost parcel 93676447620 and the rattan lounge chair is in stock.");
  const shipApproval = {
    id: randomUUID(),
    type: "approval.decided",
    occurredAt: "2025-05-02T10:01:00Z",
    caseId: "case_fh",
    journey: "delivery_failure",
    channel: "chat",
    actor: { type: "human", id: "agent_0311" },
    parentId: shipProposal.id,
    outcome: "approved",
    reviewer: { id: "agent_0311", name: "Julien Lefèvre" },
    latencyMs: 60_000,
  } as WarrantEvent;
  const shipped = fernhill("action.executed", replacement, "Carrying out the replacement ship approved by Julien Lefèvre (agent_0311).", {
    occurredAt: "2025-05-02T10:01:05Z",
    parentId: shipProposal.id,
    autonomy: "approve",
  });
  const moved = fernhill(
    "action.executed",
    { name: "delivery.reschedule", target: { system: "ups", ref: "shipment/1ZDE58870609564215" } },
    "The customer will be away until Sun 1 Nov; I moved the delivery to that day with UPS so the parcel is not returned to sender.",
  );
  const points = fernhill("action.executed", { name: "loyalty.points_credit", target: { system: "loyalty", ref: "member/M-295941" } }, "I credited 500 points because the order arrived late.");
  const credit = fernhill("action.executed", { name: "billing.credit", amount: { value: 21.68, currency: "EUR" }, target: { system: "billing", ref: "invoice/7804990" } }, "Damaged on arrival, photo supplied.", {
    autonomy: "supervised",
  });
  const bigVoucher = fernhill("action.executed", { name: "voucher.issue", amount: { value: 500, currency: "EUR" }, target: { system: "loyalty", ref: "member/M-875168" } }, "We let the customer down badly; I am making it right.");
  const unnamed = fernhill("action.executed", { name: "gift.send", target: { system: "shop", ref: "order/FH-1" } }, "A small gift for a loyal customer.");
  const capped = fernhill("action.executed", { name: "account.password_reset", target: { system: "crm", ref: "customer/M-1" } }, "The customer is locked out.");

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    ledger = { ...t.ledger({ checkpointEvery: 1_000_000 }), project: projectEntries };
    await appendPolicyVersion(t.handle.db, W, { document: POLICY, effectiveFrom: new Date("2025-01-01T00:00:00Z"), createdBy: "admin@fernhill.example", reason: "pilot" });
    await appendEvents(ledger, W, refundJourney);
    await appendEvents(ledger, W, overrideJourney);
    await appendEvents(ledger, W, [within, beyond, unreviewed, minimal]);
    await appendPolicyVersion(t.handle.db, F, { document: FERNHILL, effectiveFrom: new Date("2025-01-01T00:00:00Z"), createdBy: "admin@fernhill.example", reason: "pilot" });
    await appendEvents(ledger, F, [shipProposal, shipApproval, shipped, moved, points, credit, bigVoucher, unnamed, capped]);
    await checkpointNow(ledger, W);
  });
  afterAll(() => t?.close());

  const explain = (id: string, workspace = W) => explainAction(t.handle.db, ledger, workspace, id, { accountability: ACCOUNTABILITY });

  it("puts one plain sentence first: what, under which clause of the policy in force, then the AI's reason quoted", async () => {
    const e = await explain(within.id);
    expect(e.title).toBe("Why the AI refunded €42.00 on order 1183");
    expect(e.sentence).toBe(
      "The AI refunded €42.00 on order 1183, acting autonomously under refund-policy v3 §2, which allows any refund action up to €50 without approval. The AI's stated reason: “The carrier confirmed the parcel was lost.”",
    );
    expect(e.authority).toMatchObject({ status: "within", autonomy: "autonomous", maxAutonomy: "autonomous", policy: { id: "decision-authority", version: 1 }, basis: "rule", clause: "refund-policy v3 §2" });
    expect(e.sections.map((s) => s.id)).toEqual(["why", "authority", "confidence", "humans", "outcome", "accountability", "ai", "proof"]);
    expectReadable(explanationText(e));
  });

  it("says when the AI acted beyond its authority, and which rule it broke", async () => {
    const e = await explain(beyond.id);
    expect(e.authority.status).toBe("beyond");
    expect(e.sentence).toBe(
      "The AI refunded €120.00 on order 2001, acting autonomously beyond its authority: refund-policy v3 §4 allows any refund action up to €500 only after a person approves. The AI's stated reason: “The carrier confirmed the parcel was lost.”",
    );
    expect(e.sections.find((s) => s.id === "authority")!.paragraphs[0]).toMatch(/^Beyond its authority: it acted autonomously, but decision-authority v1 \(refund-policy v3 §4\) allowed at most approve here/);
  });

  it("explains an executed proposal with the approval, the policy the AI cited, the outcome and the AI version", async () => {
    const e = await explain(actionExecuted.id);
    // The execution's own rationale only says it carries out the approved proposal; the reason is the proposal's.
    expect(e.sentence).toBe(
      "The AI refunded €42.00 on order 10442, after Sam Rivera approved it, under refund-policy v3 §2, which allows any refund action up to €50 without approval. The AI's stated reason, when it proposed it: “The parcel was returned to the depot after two failed delivery attempts and the customer asked for their money back rather than a new delivery.”",
    );
    expect(e.sections[0].paragraphs[0]).toMatch(/^When it proposed the action, the AI wrote: “The parcel was returned/);
    expect(e.sections[0].paragraphs[1]).toBe("When it carried it out, it wrote: “Issuing the refund proposed for the undelivered order, as approved by agent_0193.”");
    expect(e.proposal).toEqual({ eventId: aiProposal.id, occurredAt: aiProposal.occurredAt, rationale: aiProposal.decision!.rationale });
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
      "The AI proposed refunding €42.00 on order 10442, for a person to decide, citing refunds v7 §3.2; Sam Rivera approved it 48 seconds later. The AI's stated reason: “The parcel was returned to the depot after two failed delivery attempts and the customer asked for their money back rather than a new delivery.”",
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
    expect(e.sentence).toMatch(/; a person later overrode it, and it was later reversed\. The AI's stated reason: “[^”]+”$/);
    expect(e.humans[0].sentence).toBe(
      "agent_0417 overrode the AI: “Customer is on a business account; goodwill is credited to the account, not given as a voucher.” Instead, they issued an account credit of €15.00 on account B-3301.",
    );
    expect(e.outcome.sentence).toBe("The case has no recorded outcome yet.");
  });

  it("reads naturally without evidence, policy, confidence, alternatives, model or version", async () => {
    const e = await explain(minimal.id, W);
    // The workspace has a policy; order.cancel falls under "*" (approve), so autonomous is beyond it.
    expect(e.sentence).toMatch(/^The AI cancelled the order, acting autonomously beyond its authority: decision-authority v1 allows any action only after a person approves\. The AI's stated reason: “The customer asked to cancel before the order was packed\.”$/);
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
    expect(e.sentence).toBe("The AI cancelled the order, acting autonomously. The AI's stated reason: “The customer asked to cancel before the order was packed.”");
    expect(e.authority.status).toBe("no-policy");
    expect(e.authority.sentence).toBe("No decision-authority policy was in force in this workspace at the time, so the action could not be checked against one.");
    expect(e.verification.status).toBe("partial");
    expect(e.proof.checkpoint).toBeNull();
    expectReadable(explanationText(e));
  });

  it("explains an approved execution by its proposal's reason, and tells the approval once", async () => {
    const e = await explain(shipped.id, F);
    expect(e.sentence).toBe(
      "The AI shipped a replacement of €89.00 on order FH-2626906, after Julien Lefèvre approved it, under delivery-policy v5 §3.1, which allows shipping a replacement up to €600 only after a person approves. The AI's stated reason, when it proposed it: “GLS lost parcel 93676447620 and the rattan lounge chair is in stock.”",
    );
    expect(e.sentence).not.toMatch(/because carrying out/i);
    expect(e.sentence.match(/approved/g)).toHaveLength(1);
    expectWellFormed(e.sentence);
  });

  it("quotes a first-person rationale instead of splicing it into the sentence", async () => {
    const e = await explain(moved.id, F);
    expect(e.sentence).toBe(
      "The AI rescheduled the delivery on shipment 1ZDE58870609564215, acting autonomously under delivery-policy v5 §2.1, which allows any delivery action without approval. The AI's stated reason: “The customer will be away until Sun 1 Nov; I moved the delivery to that day with UPS so the parcel is not returned to sender.”",
    );
    expectWellFormed(e.sentence);
    expectWellFormed((await explain(points.id, F)).sentence);
  });

  it("names what a wildcard rule allows without inventing a plural", async () => {
    const lead = async (event: WarrantEvent) => (await explain(event.id, F)).sentence;
    expect(await lead(moved)).toContain("which allows any delivery action without approval");
    expect(await lead(points)).toContain("which allows any loyalty action without approval");
    expect(await lead(credit)).toContain("acting on its own with a person reviewing afterwards, under billing-policy v2 §3.2, which allows any billing action up to €100 if a person reviews afterwards");
    for (const event of [moved, points, credit]) expectWellFormed(await lead(event));
  });

  it("says the policy's default decided when no rule grants the action, and cites no clause that did not decide", async () => {
    // voucher.* rules match but none allows €500: the limit is the default, not goodwill-policy §1.2.
    const e = await explain(bigVoucher.id, F);
    expect(e.authority).toMatchObject({ status: "beyond", basis: "default", clause: null, maxAutonomy: "assist", cited: "goodwill-policy v1 §1.2" });
    expect(e.sentence).toBe(
      "The AI issued a voucher of €500.00 on member M-875168, acting autonomously beyond its authority: no rule of decision-authority v1 grants it, so the policy's default allows it only as a suggestion for a person to carry out. The AI's stated reason: “We let the customer down badly; I am making it right.”",
    );
    expect(e.sentence).not.toContain("§1.2");
    const section = e.sections.find((s) => s.id === "authority")!;
    expect(section.paragraphs[0]).toBe(
      "Beyond its authority: it acted autonomously, but no rule of decision-authority v1 grants issuing a voucher of €500.00, so the policy's default allowed at most assist.",
    );
    expect(section.paragraphs[1]).toMatch(/^Also considered: rule 4 \(voucher\.\*\) would allow autonomous but 500 EUR is above the 25 EUR limit; rule 5/);
    expect(section.facts).toContainEqual({ label: "Clause", value: "None: no rule grants this action, so the policy's default applies" });
    expect(section.facts).toContainEqual({ label: "Cited by the AI", value: "goodwill-policy v1 §1.2" });
    expectWellFormed(e.sentence);

    // No rule names gift.send at all: the same default.
    const gift = await explain(unnamed.id, F);
    expect(gift.authority).toMatchObject({ status: "beyond", basis: "default", clause: null });
    expect(gift.sentence).toMatch(/^The AI sent a gift on order FH-1, acting autonomously beyond its authority: no rule of decision-authority v1 grants it, so the policy's default allows it only as a suggestion for a person to carry out\./);
    expectWellFormed(gift.sentence);
  });

  it("blames a cap, not the rule it lowered, when a cap set the limit", async () => {
    const e = await explain(capped.id, F);
    expect(e.authority).toMatchObject({ status: "beyond", basis: "cap", clause: null, maxAutonomy: "assist" });
    expect(e.sentence).toMatch(/^The AI reset the account password on customer M-1, acting autonomously beyond its authority: a cap in decision-authority v1 allows any account action only as a suggestion for a person to carry out\./);
    expect(e.sentence).not.toContain("account-policy v4 §1");
    expectWellFormed(e.sentence);
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
