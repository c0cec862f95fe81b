// The metrics fixture: 92 events whose KPI values are worked out by hand in reference.test.ts. The
// SQL implementation's tests load the same events (in this order: it is ledger order) and must get
// the same answers. Events are numbered #1…#92; `fixtureId(n)` is the id of event #n.
//
// Range [2025-03-01, 2025-03-31) UTC ("current"); the previous period is [2025-01-30, 2025-03-01).
// Two AI versions: care@1 and care@2. Workspace "acme" holds cases 01–17; "globex" one case whose
// id and customer collide with acme's case_01 on purpose (workspaces never mix).
import type { Actor } from "@/lib/events/schema";
import type { PolicyDocument } from "@/lib/policy/schema";
import type { Channel } from "@/lib/events/constants";
import {
  type Common,
  decided,
  executed,
  handoff,
  money,
  numberedId,
  opened,
  outcome,
  overridden,
  proposal,
  reopened,
  reversed,
  survey,
} from "./build";
import type { WorkspaceEvent } from "./ledger-view";

export const FIXTURE_RANGE = { from: "2025-03-01T00:00:00Z", to: "2025-03-31T00:00:00Z" } as const;
export const FIXTURE_PREVIOUS_RANGE = { from: "2025-01-30T00:00:00Z", to: "2025-03-01T00:00:00Z" } as const;

export const fixtureId = (n: number) => numberedId("f17c0e00", n);

const v1 = { type: "ai", id: "care-agent", version: "care@1" } as const;
const v2 = { type: "ai", id: "care-agent", version: "care@2" } as const;
const unversioned = { type: "ai", id: "care-agent" } as const;
const h1: Actor = { type: "human", id: "agent_1" };
const h2: Actor = { type: "human", id: "agent_2" };
const system: Actor = { type: "system", id: "payments" };

/** Common fields of case `caseId`; the customer is the default actor, the channel can change mid-case. */
function inCase(caseId: string, journey: string, channel: Channel, customerRef: string) {
  const customer: Actor = { type: "customer", id: customerRef };
  return <A extends Actor = Actor>(n: number, occurredAt: string, actor?: A, otherChannel?: Channel) =>
    ({ id: fixtureId(n), occurredAt, caseId, journey, channel: otherChannel ?? channel, customerRef, actor: actor ?? customer }) as Common & { actor: A };
}

const DF = "delivery_failure";
const BD = "billing_dispute";

// ---- previous period -------------------------------------------------------------------------
// case_14: autonomous AI refund, contained, resolved by AI (customer-attested), CSAT 4/5; the refund
// is charged back the next day.
const c14 = inCase("case_14", BD, "chat", "cus_l");
// case_13: approved proposal, handoff to a human (error) with context, resolved by a human in March;
// an autonomous AI voucher on 2 March falls in the *current* period's action KPIs.
const c13 = inCase("case_13", DF, "chat", "cus_k");
// case_15: starts 1 ms before the previous period (not counted); its AI action at exactly the
// previous period's start is counted, and overridden.
const c15 = inCase("case_15", DF, "chat", "cus_o");

// ---- current period --------------------------------------------------------------------------
const c01 = inCase("case_01", DF, "chat", "cus_a"); // starts exactly at `from`; approved proposal; AI resolution that holds
const c09 = inCase("case_09", BD, "chat", "cus_a"); // cus_a again, other journey: not a repeat of case_01
const c02 = inCase("case_02", DF, "chat", "cus_b"); // autonomous voucher reversed; AI resolution reopened 2 days later
const c03 = inCase("case_03", DF, "voice", "cus_c"); // proposal rejected; handoff (low confidence) with context
const c04 = inCase("case_04", BD, "chat", "cus_d"); // supervised refund overridden + reversed; handoff without context
const c05 = inCase("case_05", BD, "voice", "cus_e"); // opened at 12:00+02:00; proposal edited; unresolved (timeout)
const c06 = inCase("case_06", BD, "chat", "cus_f"); // proposal expired; the case stays open
const c07 = inCase("case_07", DF, "chat", "cus_g"); // AI resolution; the customer opens case_08 three days later
const c08 = inCase("case_08", DF, "voice", "cus_g"); // the repeat contact (contact 2); humans only
const c10 = inCase("case_10", DF, "chat", "cus_h"); // two outcomes at one instant; reopened exactly 7 days later
const c16 = inCase("case_16", BD, "chat", "cus_m"); // AI resolves, reopened next day, AI resolves again
const c11 = inCase("case_11", DF, "voice", "cus_i"); // opened on voice, continued on chat; reopened 7 days + 1 ms later
const c17 = inCase("case_17", DF, "chat", "cus_n"); // humans only: abandoned, reopened, resolved
const c12 = inCase("case_12", DF, "chat", "cus_j"); // starts exactly at `to`: not counted
const g01 = inCase("case_01", DF, "chat", "cus_a"); // workspace globex

const acme = [
  opened(c14(1, "2025-02-10T09:00:00Z"), 1),
  executed(c14(2, "2025-02-10T09:01:00Z", v2), money("refund.issue", 30, "USD"), "autonomous", { confidence: 0.7 }),
  outcome(c14(3, "2025-02-10T09:31:00Z", v2), "resolved", "customer", "ai"),
  survey(c14(4, "2025-02-10T10:00:00Z"), 4, 5),
  reversed(c14(5, "2025-02-11T09:00:00Z", system), fixtureId(2), "customer"),

  opened(c13(6, "2025-02-20T10:00:00Z"), 1),
  proposal(c13(7, "2025-02-20T10:01:00Z", v1), money("refund.issue", 50, "EUR"), 0.9),
  decided(c13(8, "2025-02-20T10:03:00Z", h1), fixtureId(7), "approved", 120_000),
  executed(c13(9, "2025-02-20T10:04:00Z", v1), money("refund.issue", 50, "EUR"), "approve", { confidence: 0.9, parentId: fixtureId(7) }),
  handoff(c13(10, "2025-02-20T10:05:00Z", v1), "ai", "human", "error", true),
  executed(c13(11, "2025-03-02T09:00:00Z", v1), money("voucher.issue", 10, "EUR"), "autonomous"),
  outcome(c13(12, "2025-03-02T10:00:00Z", h1), "resolved", "agent", "human"),

  opened(c15(13, "2025-01-29T23:59:59.999Z"), 1),
  executed(c15(14, "2025-01-30T00:00:00Z", v1), money("order.cancel"), "autonomous", { confidence: 0.2 }),
  overridden(c15(15, "2025-01-30T01:00:00Z", h1), fixtureId(14)),

  opened(c01(16, "2025-03-01T00:00:00Z"), 1),
  proposal(c01(17, "2025-03-01T00:05:00Z", v1), money("refund.issue", 40, "EUR"), 0.85),
  decided(c01(18, "2025-03-01T00:05:30Z", h1), fixtureId(17), "approved", 30_000),
  executed(c01(19, "2025-03-01T00:06:00Z", v1), money("refund.issue", 40, "EUR"), "approve", { confidence: 0.85, parentId: fixtureId(17) }),
  outcome(c01(20, "2025-03-01T00:10:00Z", v1), "resolved", "customer", "ai"),
  survey(c01(21, "2025-03-01T00:12:00Z"), 5, 5),
  survey(c01(22, "2025-03-01T00:12:30Z"), 10, 10, "nps"),

  opened(c09(23, "2025-03-02T10:00:00Z"), 2),
  proposal(c09(24, "2025-03-02T10:02:00Z", v2), money("refund.issue", 20, "USD"), 0.35),
  decided(c09(25, "2025-03-02T10:03:00Z", h2), fixtureId(24), "rejected", 60_000),
  decided(c09(26, "2025-03-02T10:04:00Z", h2), fixtureId(24), "approved", 120_000),
  handoff(c09(27, "2025-03-02T10:05:00Z", v2), "ai", "human", "policy_required", true),
  outcome(c09(28, "2025-03-02T11:00:00Z", h2), "resolved", "customer", "human"),
  survey(c09(29, "2025-03-02T11:05:00Z"), 4, 5),

  opened(c02(30, "2025-03-03T10:00:00Z"), 1),
  executed(c02(31, "2025-03-03T10:02:00Z", v1), money("voucher.issue", 15, "EUR"), "autonomous", { confidence: 0.95 }),
  outcome(c02(32, "2025-03-03T10:30:00Z", v1), "resolved", "timeout", "ai"),
  survey(c02(33, "2025-03-03T11:00:00Z"), 2, 5),
  reopened(c02(34, "2025-03-05T09:00:00Z")),
  reversed(c02(35, "2025-03-05T09:30:00Z", system), fixtureId(31), "system"),

  opened(c03(36, "2025-03-04T11:00:00Z"), 1),
  proposal(c03(37, "2025-03-04T11:01:00Z", v1), money("refund.issue", 120, "EUR"), 0.55),
  decided(c03(38, "2025-03-04T11:03:00Z", h1), fixtureId(37), "rejected", 120_000),
  handoff(c03(39, "2025-03-04T11:04:00Z", v1), "ai", "human", "low_confidence", true),
  executed(c03(40, "2025-03-04T11:20:00Z", h1), money("refund.issue", 60, "EUR"), "assist"),
  outcome(c03(41, "2025-03-04T11:30:00Z", h1), "resolved", "agent", "human"),
  survey(c03(42, "2025-03-04T12:00:00Z"), 9, 10),

  opened(c04(43, "2025-03-06T08:00:00Z"), 1),
  executed(c04(44, "2025-03-06T08:03:00Z", v2), money("refund.issue", 25, "USD"), "supervised", { confidence: 0.75 }),
  handoff(c04(45, "2025-03-06T08:10:00Z", v2), "ai", "human", "customer_requested", false),
  overridden(c04(46, "2025-03-06T09:00:00Z", h2), fixtureId(44)),
  reversed(c04(47, "2025-03-06T09:01:00Z", h2), fixtureId(44), "human"),
  outcome(c04(48, "2025-03-06T10:00:00Z", h2), "resolved", "customer", "hybrid"),
  survey(c04(49, "2025-03-06T10:05:00Z"), 3, 5),

  opened(c05(50, "2025-03-08T12:00:00+02:00"), 1),
  proposal(c05(51, "2025-03-08T10:05:00Z", v2), money("account_credit.issue", 10, "USD"), 0.65),
  decided(c05(52, "2025-03-08T10:15:00Z", h2), fixtureId(51), "edited"),
  executed(c05(53, "2025-03-08T10:16:00Z", v2), money("account_credit.issue", 8, "USD"), "approve", { confidence: 0.65, parentId: fixtureId(51) }),
  outcome(c05(54, "2025-03-09T10:00:00Z", system), "unresolved", "timeout"),
  survey(c05(55, "2025-03-09T10:05:00Z"), 1, 5),

  opened(c06(56, "2025-03-10T09:00:00Z"), 1),
  proposal(c06(57, "2025-03-10T09:02:00Z", v2), money("refund.issue", 300, "USD"), 0.15),
  decided(c06(58, "2025-03-11T09:02:00Z", h1), fixtureId(57), "expired"),

  opened(c07(59, "2025-03-12T14:00:00Z"), 1),
  executed(c07(60, "2025-03-12T14:01:00Z", v1), money("delivery.reschedule"), "autonomous", { confidence: 0.45 }),
  outcome(c07(61, "2025-03-12T14:05:00Z", v1), "resolved", "judge", "ai"),
  survey(c07(62, "2025-03-12T14:06:00Z"), 8, 10),

  opened(c08(63, "2025-03-15T09:00:00Z"), 2),
  outcome(c08(64, "2025-03-15T09:20:00Z", h1), "resolved", "agent", "human"),

  opened(c10(65, "2025-03-16T08:00:00Z"), 1),
  executed(c10(66, "2025-03-16T08:01:00Z", v1), money("order.cancel"), "autonomous", { confidence: 1 }),
  proposal(c10(67, "2025-03-16T08:02:00Z", v2), money("refund.issue", 5, "EUR"), 0.4),
  outcome(c10(68, "2025-03-16T08:30:00Z", v1), "unresolved", "judge"),
  outcome(c10(69, "2025-03-16T08:30:00Z", v1), "resolved", "judge", "ai"),
  reopened(c10(70, "2025-03-23T08:30:00Z")),

  opened(c16(71, "2025-03-18T09:00:00Z"), 1),
  outcome(c16(72, "2025-03-18T09:10:00Z", unversioned), "resolved", "customer", "ai"),
  reopened(c16(73, "2025-03-19T09:00:00Z")),
  outcome(c16(74, "2025-03-19T10:00:00Z", v2), "resolved", "customer", "ai"),

  opened(c11(75, "2025-03-20T10:00:00Z"), 1),
  proposal(c11(76, "2025-03-20T10:01:00Z", v1, "chat"), money("refund.issue", 20, "EUR"), 0.3),
  decided(c11(77, "2025-03-20T10:02:00Z", h1, "chat"), fixtureId(76), "approved", 2_000),
  executed(c11(78, "2025-03-20T10:02:30Z", v1, "chat"), money("refund.issue", 20, "EUR"), "approve", { confidence: 0.3, parentId: fixtureId(76) }),
  overridden(c11(79, "2025-03-20T10:05:00Z", h1, "chat"), fixtureId(78)),
  outcome(c11(80, "2025-03-20T10:10:00Z", v1, "chat"), "resolved", "customer", "ai"),
  survey(c11(81, "2025-03-20T10:20:00Z", undefined, "chat"), 10, 10),
  reopened(c11(82, "2025-03-27T10:10:00.001Z", undefined, "chat")),

  opened(c17(83, "2025-03-21T09:00:00Z"), 1),
  handoff(c17(84, "2025-03-21T09:05:00Z", h1), "human", "ai", "other", true),
  outcome(c17(85, "2025-03-21T09:30:00Z", system), "abandoned", "timeout"),
  reopened(c17(86, "2025-03-22T09:00:00Z")),
  outcome(c17(87, "2025-03-22T09:30:00Z", h1), "resolved", "agent", "human"),

  opened(c12(88, "2025-03-31T00:00:00Z"), 1),
  executed(c12(89, "2025-03-31T00:01:00Z", v1), money("refund.issue", 70, "EUR"), "autonomous", { confidence: 0.5 }),
];

const globex = [
  opened(g01(90, "2025-03-05T00:00:00Z"), 2),
  executed(g01(91, "2025-03-05T00:01:00Z", v1), money("refund.issue", 99, "EUR"), "autonomous", { confidence: 0.6 }),
  outcome(g01(92, "2025-03-05T00:02:00Z", v1), "resolved", "customer", "ai"),
];

export const fixtureEvents: WorkspaceEvent[] = [
  ...acme.map((event) => ({ workspace: "acme", event })),
  ...globex.map((event) => ({ workspace: "globex", event })),
];

/** AI-executed actions the decision-authority policy flags as breaches: #31, #66 (current), #14 (previous), #89 (at `to`). */
export const fixtureBreaches: ReadonlySet<string> = new Set([31, 66, 14, 89].map(fixtureId));

/**
 * A decision-authority policy whose verdicts on acme's events are exactly `fixtureBreaches` (globex has
 * no policy, so nothing there breaches), for loading
 * the fixture through ingest: order cancellations at most supervised (#14, #66 were autonomous),
 * vouchers alone up to 10 EUR (#31's 15 EUR is above), refunds alone up to 50 USD (#89's 70 EUR is not
 * in USD); anything else autonomous. In force from FIXTURE_POLICY_FROM.
 */
export const fixturePolicy: PolicyDocument = {
  id: "fixture-authority",
  rules: [
    { pattern: "*", maxAutonomy: "autonomous" },
    { pattern: "order.cancel", maxAutonomy: "supervised" },
    { pattern: "voucher.issue", maxAutonomy: "autonomous", when: { amount: { max: 10, currency: "EUR" } } },
    { pattern: "voucher.issue", maxAutonomy: "supervised" },
    { pattern: "refund.issue", maxAutonomy: "autonomous", when: { amount: { max: 50, currency: "USD" } } },
    { pattern: "refund.issue", maxAutonomy: "supervised" },
  ],
};
export const FIXTURE_POLICY_FROM = new Date("2024-01-01T00:00:00Z");
