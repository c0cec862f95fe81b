import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AUTONOMY_LEVELS } from "@/lib/events/constants";
import { actionExecuted, aiProposal, caseOpened } from "@/lib/events/examples";
import type { ActionExecutedEvent } from "@/lib/events/schema";
import { checkAction, evaluateAuthority, policyInForceAt } from "./evaluate";
import { matches, specificity } from "./pattern";
import { policyDocumentSchema, rank, type PolicyDocument, type PolicyInForce } from "./schema";

const refundClause = { id: "refund-policy", version: 3, clause: "§2" };

const document: PolicyDocument = policyDocumentSchema.parse({
  id: "decision-authority",
  rules: [
    { pattern: "*", maxAutonomy: "approve" },
    { pattern: "refund.*", maxAutonomy: "autonomous", when: { amount: { max: 50, currency: "EUR" }, confidence: { min: 0.8 } }, clause: refundClause },
    { pattern: "refund.*", maxAutonomy: "supervised", when: { amount: { max: 200, currency: "EUR" } }, clause: { ...refundClause, clause: "§3" } },
    { pattern: "refund.goodwill", maxAutonomy: "supervised", when: { journeys: ["service_recovery"] } },
    { pattern: "order.cancel", maxAutonomy: "autonomous" },
    { pattern: "account.*", maxAutonomy: "assist" },
  ],
});
const v1: PolicyInForce = { version: 1, effectiveFrom: "2026-01-01T00:00:00Z", document };

describe("patterns", () => {
  it("matches *, prefixes and exact names, and ranks them by specificity", () => {
    expect(matches("*", "refund.issue")).toBe(true);
    expect(matches("refund.*", "refund.issue")).toBe(true);
    expect(matches("refund.*", "refund.issue.partial")).toBe(true);
    expect(matches("refund.*", "refund")).toBe(false);
    expect(matches("refund.*", "refunds.issue")).toBe(false);
    expect(matches("order.cancel", "order.cancel")).toBe(true);
    expect(matches("order.cancel", "order.cancel_request")).toBe(false);
    expect(specificity("*")).toBeLessThan(specificity("refund.*"));
    expect(specificity("refund.*")).toBeLessThan(specificity("refund.issue.*"));
    expect(specificity("refund.issue.*")).toBeLessThan(specificity("refund.issue"));
  });

  it("refuses malformed patterns", () => {
    for (const pattern of ["Refund.*", "refund*", "*.issue", "refund.*.x", "", "refund..issue"]) {
      expect(policyDocumentSchema.safeParse({ id: "p", rules: [{ pattern, maxAutonomy: "assist" }] }).success, pattern).toBe(false);
    }
  });
});

describe("evaluateAuthority", () => {
  it("grants the highest autonomy among the most specific pattern's rules whose conditions hold", () => {
    const small = evaluateAuthority(v1, { action: "refund.issue", amount: 42, currency: "EUR", confidence: 0.9 });
    expect(small).toMatchObject({ maxAutonomy: "autonomous", rule: { index: 1, pattern: "refund.*" }, clause: refundClause, policy: { id: "decision-authority", version: 1 } });
    expect(small.reasons[0]).toMatch(/rule 2 \(refund\.\*, refund-policy v3 §2\) allows up to autonomous because 42 EUR is within 50 EUR, confidence 0.9 is at least 0.8/);

    const unsure = evaluateAuthority(v1, { action: "refund.issue", amount: 42, currency: "EUR", confidence: 0.6 });
    expect(unsure).toMatchObject({ maxAutonomy: "supervised", rule: { index: 2 }, clause: { clause: "§3" } });
    expect(unsure.reasons[1]).toBe("rule 2 (refund.*) would allow autonomous but confidence 0.6 is below 0.8");
  });

  it("does not fall through to a less specific rule when the governing rules' conditions fail", () => {
    // `*` allows approve, but refund.* governs refunds: above €200 nothing is granted.
    const big = evaluateAuthority(v1, { action: "refund.issue", amount: 480, currency: "EUR", confidence: 0.95 });
    expect(big.maxAutonomy).toBe("assist");
    expect(big.rule).toBeNull();
    expect(big.clause).toEqual(refundClause);
    expect(big.reasons.join(" | ")).toMatch(/480 EUR is above the 200 EUR limit/);
  });

  it("treats a value the action does not state, or another currency, as a condition that fails", () => {
    expect(evaluateAuthority(v1, { action: "refund.issue", confidence: 0.99 }).maxAutonomy).toBe("assist");
    const gbp = evaluateAuthority(v1, { action: "refund.issue", amount: 10, currency: "GBP", confidence: 0.99 });
    expect(gbp.maxAutonomy).toBe("assist");
    expect(gbp.reasons.join(" ")).toMatch(/the amount is in GBP and the limit is 50 EUR/);
  });

  it("lets an exact name beat a prefix, and checks journeys", () => {
    expect(evaluateAuthority(v1, { action: "refund.goodwill", amount: 5, currency: "EUR", confidence: 1, journey: "service_recovery" }).maxAutonomy).toBe("supervised");
    const elsewhere = evaluateAuthority(v1, { action: "refund.goodwill", amount: 5, currency: "EUR", confidence: 1, journey: "billing_dispute" });
    expect(elsewhere.maxAutonomy).toBe("assist");
    expect(elsewhere.reasons.join(" ")).toMatch(/journey billing_dispute is not one of service_recovery/);
    expect(evaluateAuthority(v1, { action: "order.cancel" }).maxAutonomy).toBe("autonomous");
    expect(evaluateAuthority(v1, { action: "order.reship" }).maxAutonomy).toBe("approve");
    expect(evaluateAuthority(v1, { action: "account.email_update" }).maxAutonomy).toBe("assist");
  });

  it("limits actions no rule covers to assist, and answers null without a policy", () => {
    const noStar = { ...v1, document: { ...document, rules: document.rules.filter((r) => r.pattern !== "*") } };
    expect(evaluateAuthority(noStar, { action: "voucher.issue" })).toMatchObject({ maxAutonomy: "assist", rule: null });
    expect(evaluateAuthority(null, { action: "refund.issue" })).toMatchObject({ maxAutonomy: null, policy: null, reasons: ["no decision-authority policy is in force"] });
  });

  it("applies every matching cap, whatever the specificity of the rules", () => {
    const capped = {
      ...v1,
      document: { ...document, caps: [{ pattern: "refund.*", maxAutonomy: "assist" as const, by: "ops@retailer.example", reason: "refund errors under review", at: "2026-02-01T10:00:00Z" }] },
    };
    const answer = evaluateAuthority(capped, { action: "refund.goodwill", amount: 5, currency: "EUR", journey: "service_recovery" });
    expect(answer).toMatchObject({ maxAutonomy: "assist", cap: { pattern: "refund.*" } });
    expect(answer.reasons[0]).toBe("refund.* is capped at assist by ops@retailer.example on 2026-02-01: refund errors under review");
    expect(evaluateAuthority(capped, { action: "order.cancel" }).maxAutonomy).toBe("autonomous");
  });

  it("never grants more than the best matching rule nor more than any matching cap (property)", () => {
    const level = fc.constantFrom(...AUTONOMY_LEVELS);
    const pattern = fc.constantFrom("*", "refund.*", "refund.issue", "order.*", "order.cancel");
    const arbitraryRule = fc.record({ pattern, maxAutonomy: level, when: fc.option(fc.record({ confidence: fc.record({ min: fc.double({ min: 0, max: 1, noNaN: true }) }) }), { nil: undefined }) });
    const arbitraryCap = fc.record({ pattern, maxAutonomy: level, by: fc.constant("x"), reason: fc.constant("y") });
    fc.assert(
      fc.property(fc.array(arbitraryRule, { maxLength: 6 }), fc.array(arbitraryCap, { maxLength: 2 }), fc.constantFrom("refund.issue", "order.cancel", "other.thing"), fc.double({ min: 0, max: 1, noNaN: true }), (rules, caps, action, confidence) => {
        const answer = evaluateAuthority({ version: 1, effectiveFrom: "2026-01-01T00:00:00Z", document: { id: "p", rules, caps } }, { action, confidence });
        const granted = rules.filter((r) => matches(r.pattern, action)).map((r) => rank(r.maxAutonomy));
        expect(rank(answer.maxAutonomy!)).toBeLessThanOrEqual(Math.max(0, ...granted));
        for (const c of caps.filter((c) => matches(c.pattern, action))) expect(rank(answer.maxAutonomy!)).toBeLessThanOrEqual(rank(c.maxAutonomy));
      }),
    );
  });
});

describe("policyInForceAt", () => {
  const v2: PolicyInForce = { version: 2, effectiveFrom: new Date("2026-02-01T00:00:00Z"), document };
  const scheduled: PolicyInForce = { version: 3, effectiveFrom: "2026-03-01T00:00:00Z", document };
  const killSwitch: PolicyInForce = { version: 4, effectiveFrom: "2026-02-10T12:00:00Z", document };

  it("picks the version effective at the time, inclusive of its start", () => {
    const versions = [v1, v2, scheduled];
    expect(policyInForceAt(versions, "2025-12-31T23:59:59Z")).toBeNull();
    expect(policyInForceAt(versions, "2026-01-01T00:00:00Z")?.version).toBe(1);
    expect(policyInForceAt(versions, "2026-01-31T23:59:59.999+00:00")?.version).toBe(1);
    expect(policyInForceAt(versions, "2026-02-01T01:00:00+01:00")?.version).toBe(2);
    expect(policyInForceAt(versions, new Date("2026-03-05T00:00:00Z"))?.version).toBe(3);
    expect(policyInForceAt([], "2026-03-05T00:00:00Z")).toBeNull();
  });

  it("lets a later-appended version win over one scheduled earlier for a later date", () => {
    const versions = [v1, v2, scheduled, killSwitch];
    expect(policyInForceAt(versions, "2026-02-05T00:00:00Z")?.version).toBe(2);
    expect(policyInForceAt(versions, "2026-03-05T00:00:00Z")?.version).toBe(4);
  });
});

describe("checkAction", () => {
  const refund = (autonomy: ActionExecutedEvent["autonomy"], value: number, confidence = 0.9): ActionExecutedEvent => ({
    ...actionExecuted,
    autonomy,
    action: { ...actionExecuted.action, amount: { value, currency: "EUR" } },
    decision: { ...actionExecuted.decision!, confidence },
  });

  it("finds an AI action within its authority", () => {
    const check = checkAction(v1, refund("autonomous", 42));
    expect(check.result).toBe("within");
    expect(check.sentence).toBe(
      "The refund.issue of 42 EUR, executed at autonomous, was within policy decision-authority v1: rule 2 (refund.*, refund-policy v3 §2) allows up to autonomous because 42 EUR is within 50 EUR, confidence 0.9 is at least 0.8.",
    );
  });

  it("flags an AI action above its authority and says why", () => {
    const check = checkAction(v1, refund("autonomous", 120));
    expect(check.result).toBe("breach");
    expect(check.sentence).toMatch(/^The refund\.issue of 120 EUR was executed at autonomous, above the supervised that policy decision-authority v1 allowed: rule 3/);
    expect(checkAction(v1, refund("approve", 900)).result).toBe("breach");
    expect(checkAction(v1, refund("assist", 900)).result).toBe("within");
  });

  it("answers none without a policy, and for events that are not AI-executed actions", () => {
    expect(checkAction(null, refund("autonomous", 42))).toMatchObject({ result: "none", sentence: expect.stringMatching(/No decision-authority policy was in force/) });
    expect(checkAction(v1, aiProposal).result).toBe("none");
    expect(checkAction(v1, caseOpened).result).toBe("none");
    expect(checkAction(v1, { ...refund("autonomous", 900), actor: { type: "human", id: "agent_7" } }).result).toBe("none");
  });
});
