// The demo workspace's decision-authority policy and its history: what the retailer's governance
// board allowed the AI to do, version by version. The generator checks every AI action against the
// version in force, exactly as ingest does, so the breaches it shows are real breaches of these.
import type { PolicyDocument, PolicyInForce, PolicyRule } from "@/lib/policy/schema";
import { POLICY_DAYS } from "./story";
import type { Timeline } from "./timeline";

const gov = (clause: string) => ({ id: "cx-governance", version: 2, clause });
const refunds = (clause: string) => ({ id: "refund-policy", version: 3, clause });
const delivery = (clause: string) => ({ id: "delivery-policy", version: 5, clause });
const billing = (clause: string) => ({ id: "billing-policy", version: 2, clause });
const goodwill = (clause: string) => ({ id: "goodwill-policy", version: 1, clause });
const accounts = (clause: string) => ({ id: "account-policy", version: 4, clause });

const common: PolicyRule[] = [
  { pattern: "*", maxAutonomy: "approve", clause: gov("§1.1"), note: "Anything not named below needs a person's approval." },
  { pattern: "delivery.*", maxAutonomy: "autonomous", clause: delivery("§2.1") },
  { pattern: "carrier.claim_open", maxAutonomy: "autonomous", clause: delivery("§4.2") },
  { pattern: "return.label_issue", maxAutonomy: "autonomous", clause: refunds("§1.3") },
];

const initial: PolicyDocument = {
  id: "decision-authority",
  title: "Who may decide what: customer service AI",
  description: "Initial authority for the cx-agent pilot: information and logistics alone, money and identity with a person.",
  rules: [
    ...common,
    { pattern: "order.address_update", maxAutonomy: "supervised", when: { confidence: { min: 0.7 } }, clause: delivery("§1.4") },
    { pattern: "refund.*", maxAutonomy: "approve", when: { amount: { max: 500, currency: "EUR" } }, clause: refunds("§2.1") },
    { pattern: "replacement.ship", maxAutonomy: "approve", when: { amount: { max: 400, currency: "EUR" } }, clause: delivery("§3.1") },
    { pattern: "billing.*", maxAutonomy: "approve", when: { amount: { max: 150, currency: "EUR" } }, clause: billing("§3") },
    { pattern: "voucher.*", maxAutonomy: "approve", when: { amount: { max: 50, currency: "EUR" } }, clause: goodwill("§1") },
    { pattern: "loyalty.*", maxAutonomy: "supervised", clause: goodwill("§2") },
    { pattern: "account.*", maxAutonomy: "approve", clause: accounts("§1") },
    { pattern: "account.email_update", maxAutonomy: "assist", clause: accounts("§2.3"), note: "Identity changes are made by a person." },
    { pattern: "subscription.cancel", maxAutonomy: "supervised", clause: accounts("§5") },
  ],
};

/** After the 30-day review: more autonomy where the pilot's override rates were low, with limits. */
const review = (refundConfidence: number): PolicyDocument => ({
  ...initial,
  description: "Authority widened after the 30-day review of override and reversal rates.",
  rules: [
    ...common,
    { pattern: "order.address_update", maxAutonomy: "autonomous", when: { confidence: { min: 0.8 } }, clause: delivery("§1.4") },
    { pattern: "order.address_update", maxAutonomy: "supervised", clause: delivery("§1.4") },
    { pattern: "refund.*", maxAutonomy: "autonomous", when: { amount: { max: 75, currency: "EUR" }, confidence: { min: refundConfidence } }, clause: refunds("§2.2") },
    { pattern: "refund.*", maxAutonomy: "supervised", when: { amount: { max: 250, currency: "EUR" } }, clause: refunds("§2.3") },
    { pattern: "refund.*", maxAutonomy: "approve", when: { amount: { max: 1000, currency: "EUR" } }, clause: refunds("§2.4") },
    { pattern: "replacement.ship", maxAutonomy: "supervised", when: { amount: { max: 150, currency: "EUR" }, confidence: { min: 0.75 } }, clause: delivery("§3.2") },
    { pattern: "replacement.ship", maxAutonomy: "approve", when: { amount: { max: 600, currency: "EUR" } }, clause: delivery("§3.1") },
    { pattern: "billing.*", maxAutonomy: "supervised", when: { amount: { max: 100, currency: "EUR" }, confidence: { min: 0.8 } }, clause: billing("§3.2") },
    { pattern: "billing.*", maxAutonomy: "approve", when: { amount: { max: 500, currency: "EUR" } }, clause: billing("§3") },
    { pattern: "voucher.*", maxAutonomy: "autonomous", when: { amount: { max: 25, currency: "EUR" } }, clause: goodwill("§1.2") },
    { pattern: "voucher.*", maxAutonomy: "supervised", when: { amount: { max: 50, currency: "EUR" } }, clause: goodwill("§1.3") },
    { pattern: "loyalty.*", maxAutonomy: "autonomous", clause: goodwill("§2") },
    { pattern: "account.*", maxAutonomy: "supervised", clause: accounts("§1") },
    { pattern: "account.address_update", maxAutonomy: "autonomous", when: { confidence: { min: 0.85 } }, clause: accounts("§1.2") },
    { pattern: "account.address_update", maxAutonomy: "supervised", clause: accounts("§1.2") },
    { pattern: "account.email_update", maxAutonomy: "approve", clause: accounts("§2.3") },
    { pattern: "subscription.cancel", maxAutonomy: "autonomous", clause: accounts("§5") },
  ],
});

export interface DemoPolicyVersion extends PolicyInForce {
  effectiveFrom: Date;
  createdBy: string;
  reason: string;
}

/** The four versions, numbered as `appendPolicyVersion` will number them in a fresh workspace. */
export function demoPolicyVersions(timeline: Timeline, aiVersionWithRegression: string): DemoPolicyVersion[] {
  const killedAt = new Date(timeline.at(POLICY_DAYS.killSwitch) + 10.5 * 3_600_000);
  const widened = review(0.8);
  return [
    {
      version: 1,
      effectiveFrom: new Date(timeline.at(POLICY_DAYS.initial)),
      document: initial,
      createdBy: "governance-board@fernhill.example",
      reason: "Initial decision authority for the cx-agent pilot.",
    },
    {
      version: 2,
      effectiveFrom: new Date(timeline.at(POLICY_DAYS.review)),
      document: widened,
      createdBy: "governance-board@fernhill.example",
      reason: "30-day review: autonomy for small refunds, vouchers, address changes and cancellations.",
    },
    {
      version: 3,
      effectiveFrom: killedAt,
      document: {
        ...widened,
        caps: [
          {
            pattern: "refund.*",
            maxAutonomy: "assist",
            by: "ines.moreau@fernhill.example",
            reason: `${aiVersionWithRegression} issued refunds above the €75 autonomous limit; refunds go back to people until a fix ships.`,
            at: killedAt.toISOString(),
          },
        ],
      },
      createdBy: "ines.moreau@fernhill.example",
      reason: `kill switch on refund.*: ${aiVersionWithRegression} issued refunds above the €75 autonomous limit.`,
    },
    {
      version: 4,
      effectiveFrom: new Date(timeline.at(POLICY_DAYS.lifted) + 9 * 3_600_000),
      document: { ...review(0.85), description: "Refund cap lifted after the fix; the autonomous refund threshold raised to confidence 0.85." },
      createdBy: "ines.moreau@fernhill.example",
      reason: "Lifted the cap on refund.*: the new release enforces the refund limits (verified on 400 replayed cases).",
    },
  ];
}
