// Realistic example events with fixed ids and timestamps, used by tests, docs/events.md and the
// OpenAPI document. Case 8841: a parcel never arrived; the AI proposes a €42.00 refund, a human
// approves it, the AI executes it, the customer asks for a person, the case is resolved, rated, and
// reopened. Case 9127 shows the events the first case does not need: an override and a reversal.
import type {
  ActionExecutedEvent,
  ActionOverriddenEvent,
  ActionReversedEvent,
  AiProposalEvent,
  ApprovalDecidedEvent,
  CaseOpenedEvent,
  CaseOutcomeEvent,
  CaseReopenedEvent,
  FeedbackEvent,
  HandoffEvent,
  WarrantEvent,
} from "./schema";

const id = (n: number) => `3b9a6f2e-5c1d-4e8a-9b7f-0c2d4e6f8a${String(n).padStart(2, "0")}`;

const refundCase = {
  caseId: "case_8841",
  journey: "delivery_failure",
  channel: "chat",
  customerRef: "cus_5b1e9a7d",
} as const;

const refundAgent = { type: "ai", id: "refund-agent", version: "refund-agent@2025.03.1" } as const;
const humanAgent = { type: "human", id: "agent_0193" } as const;
const customer = { type: "customer", id: "cus_5b1e9a7d" } as const;

const refundAction = {
  name: "refund.issue",
  target: { system: "shopify", ref: "order/10442" },
  amount: { value: 42, currency: "EUR" },
  reversible: true,
} as const;

export const caseOpened: CaseOpenedEvent = {
  id: id(1),
  type: "case.opened",
  occurredAt: "2025-03-11T09:12:40Z",
  ...refundCase,
  actor: customer,
  contact: 1,
};

export const aiProposal: AiProposalEvent = {
  id: id(2),
  type: "ai.proposal",
  occurredAt: "2025-03-11T09:14:05Z",
  ...refundCase,
  actor: refundAgent,
  action: refundAction,
  decision: {
    rationale:
      "The parcel was returned to the depot after two failed delivery attempts and the customer asked for their money back rather than a new delivery. Refund policy R-7 §3.2 allows a full refund of an undelivered order up to €100.",
    confidence: 0.86,
    evidence: [
      { source: "carrier_tracking", ref: "DHL JJD000390012345", summary: "Returned to sender on 10 March after 2 failed attempts." },
      { source: "order_system", ref: "order/10442", summary: "Order total €42.00, paid by card, nothing refunded yet." },
      { source: "conversation", ref: "message 4", summary: "Customer declines a redelivery and asks for a refund." },
    ],
    policy: { id: "refunds", version: "7", clause: "3.2" },
    alternatives: [
      { action: "delivery.reschedule", whyNot: "The customer explicitly declined a new delivery." },
      { action: "voucher.issue", whyNot: "Policy R-7 §3.2 entitles the customer to their money back, not a voucher." },
    ],
    counterfactual: "Had the carrier marked the parcel as delivered, I would have opened a carrier investigation instead of proposing a refund.",
    model: { provider: "anthropic", name: "claude-sonnet-4", version: "2025-05-14" },
  },
};

export const approvalDecided: ApprovalDecidedEvent = {
  id: id(3),
  type: "approval.decided",
  occurredAt: "2025-03-11T09:14:53Z",
  ...refundCase,
  actor: humanAgent,
  parentId: aiProposal.id,
  outcome: "approved",
  reviewer: { id: "agent_0193", name: "Sam Rivera" },
  latencyMs: 48000,
};

export const actionExecuted: ActionExecutedEvent = {
  id: id(4),
  type: "action.executed",
  occurredAt: "2025-03-11T09:14:55Z",
  ...refundCase,
  actor: refundAgent,
  parentId: aiProposal.id,
  action: refundAction,
  autonomy: "approve",
  decision: {
    rationale: "Issuing the refund proposed for the undelivered order, as approved by agent_0193.",
    confidence: 0.86,
    policy: { id: "refunds", version: "7", clause: "3.2" },
  },
  attributes: { paymentProvider: "stripe", refundRef: "re_3PqL2xKZ" },
};

export const handoff: HandoffEvent = {
  id: id(5),
  type: "handoff",
  occurredAt: "2025-03-11T09:16:20Z",
  ...refundCase,
  actor: refundAgent,
  from: "ai",
  to: "human",
  reason: "customer_requested",
  contextTransferred: true,
};

export const caseOutcome: CaseOutcomeEvent = {
  id: id(6),
  type: "case.outcome",
  occurredAt: "2025-03-11T09:21:02Z",
  ...refundCase,
  actor: humanAgent,
  status: "resolved",
  resolvedBy: "hybrid",
  attestedBy: "customer",
};

export const feedback: FeedbackEvent = {
  id: id(7),
  type: "feedback",
  occurredAt: "2025-03-11T10:32:11+01:00",
  ...refundCase,
  actor: customer,
  survey: "csat",
  score: 4,
  scaleMax: 5,
  about: "case",
};

export const caseReopened: CaseReopenedEvent = {
  id: id(8),
  type: "case.reopened",
  occurredAt: "2025-03-14T16:40:00Z",
  ...refundCase,
  actor: customer,
  attributes: { note: "refund not yet visible on card statement" },
};

/** Case 8841 in the order it happened. */
export const refundJourney: WarrantEvent[] = [
  caseOpened,
  aiProposal,
  approvalDecided,
  actionExecuted,
  handoff,
  caseOutcome,
  feedback,
  caseReopened,
];

const recoveryCase = {
  caseId: "case_9127",
  journey: "service_recovery",
  channel: "email",
  customerRef: "cus_0c44d2f1",
} as const;

export const voucherExecuted: ActionExecutedEvent = {
  id: id(11),
  type: "action.executed",
  occurredAt: "2025-03-12T14:03:10Z",
  ...recoveryCase,
  actor: { type: "ai", id: "care-agent", version: "care-agent@2025.02.4" },
  action: { name: "voucher.issue", target: { system: "loyalty", ref: "member/77120" }, amount: { value: 15, currency: "EUR" }, reversible: true },
  autonomy: "supervised",
  decision: {
    rationale: "The customer's last two orders arrived late; policy G-2 allows a €15 goodwill voucher after repeated delays.",
    confidence: 0.64,
    policy: { id: "goodwill", version: "2", clause: "1.4" },
  },
};

export const actionOverridden: ActionOverriddenEvent = {
  id: id(12),
  type: "action.overridden",
  occurredAt: "2025-03-12T15:20:44Z",
  ...recoveryCase,
  actor: { type: "human", id: "agent_0417" },
  parentId: voucherExecuted.id,
  reason: "Customer is on a business account; goodwill is credited to the account, not given as a voucher.",
  replacement: { name: "account_credit.issue", target: { system: "billing", ref: "account/B-3301" }, amount: { value: 15, currency: "EUR" }, reversible: true },
};

export const actionReversed: ActionReversedEvent = {
  id: id(13),
  type: "action.reversed",
  occurredAt: "2025-03-12T15:21:30Z",
  ...recoveryCase,
  actor: { type: "system", id: "loyalty-service" },
  parentId: voucherExecuted.id,
  reason: "Voucher cancelled following the override by agent_0417.",
  by: "human",
};

/** Case 9127: an AI action a human countermanded and had rolled back. */
export const overrideJourney: WarrantEvent[] = [voucherExecuted, actionOverridden, actionReversed];

/** One example per event type, keyed by type. */
export const exampleByType = {
  "case.opened": caseOpened,
  "ai.proposal": aiProposal,
  "action.executed": actionExecuted,
  "approval.decided": approvalDecided,
  "action.overridden": actionOverridden,
  "action.reversed": actionReversed,
  handoff,
  "case.outcome": caseOutcome,
  "case.reopened": caseReopened,
  feedback,
} satisfies { [T in WarrantEvent["type"]]: Extract<WarrantEvent, { type: T }> };
