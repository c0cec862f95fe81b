// The story the demo tells, as data: a mid-size online retailer rolls its support AI out journey by
// journey over 90 days. Day numbers count from the first day of the window (day 0) to day 90 (the
// end date). docs/demo.md tells the same story in prose; keep the two in step.
import type { Autonomy, Channel } from "@/lib/events/constants";

export const DEMO_DAYS = 90;

export const JOURNEYS = ["order_status", "delivery_failure", "billing_dispute", "refund", "account_change", "service_recovery"] as const;
export type Journey = (typeof JOURNEYS)[number];

/** Share of contacts per journey (before the carrier disruption). */
export const JOURNEY_SHARE: readonly (readonly [Journey, number])[] = [
  ["order_status", 28],
  ["delivery_failure", 19],
  ["refund", 17],
  ["service_recovery", 13],
  ["account_change", 12],
  ["billing_dispute", 11],
];

export const CHANNEL_SHARE: readonly (readonly [Channel, number])[] = [
  ["chat", 55],
  ["email", 25],
  ["voice", 20],
];

/** Days on which each journey's AI moves up to approve, supervised and autonomous. */
export const ROLLOUT: Record<Journey, { approve: number; supervised: number; autonomous: number }> = {
  order_status: { approve: 7, supervised: 18, autonomous: 35 },
  account_change: { approve: 14, supervised: 35, autonomous: 60 },
  delivery_failure: { approve: 10, supervised: 28, autonomous: 48 },
  refund: { approve: 21, supervised: 40, autonomous: 55 },
  service_recovery: { approve: 16, supervised: 38, autonomous: 64 },
  // Billing disputes are regulated: the AI never acts there without a human after it.
  billing_dispute: { approve: 30, supervised: 60, autonomous: Number.POSITIVE_INFINITY },
};

export function rolloutLevel(journey: Journey, day: number): Autonomy {
  const r = ROLLOUT[journey];
  if (day >= r.autonomous) return "autonomous";
  if (day >= r.supervised) return "supervised";
  if (day >= r.approve) return "approve";
  return "assist";
}

export interface Release {
  /** Day the version went live (negative: before the window). */
  day: number;
  model: { provider: string; name: string; version: string };
  /** Added to every decision's confidence: later releases are surer, and rightly so. */
  confidenceLift: number;
  /** How strongly a wrong decision follows low confidence: P(wrong) ≈ badness × (1 − confidence). */
  badness: number;
  /** The regression of the second release: it ignores the amount limits on refunds. */
  ignoresRefundLimits: boolean;
}

export const RELEASES: readonly Release[] = [
  { day: -20, model: { provider: "anthropic", name: "claude-sonnet-4", version: "2025-05-14" }, confidenceLift: 0, badness: 0.62, ignoresRefundLimits: false },
  { day: 27, model: { provider: "anthropic", name: "claude-sonnet-4-5", version: "2025-09-29" }, confidenceLift: 0.04, badness: 0.52, ignoresRefundLimits: true },
  { day: 70, model: { provider: "anthropic", name: "claude-sonnet-4-5", version: "2025-09-29" }, confidenceLift: 0.07, badness: 0.45, ignoresRefundLimits: false },
];

/** Policy history: the initial policy, the 30-day review, the kill switch on refunds, and its lifting. */
export const POLICY_DAYS = { initial: -10, review: 30, killSwitch: 66, lifted: 73 } as const;

/** A carrier's depot strike: delivery failures surge for a week. */
export const DISRUPTION = { from: 44, to: 51, deliveryFailureFactor: 2.6, volumeFactor: 1.3 } as const;

/** The journey built to show hollow containment: the AI closes cases that come back. */
export const HOLLOW_JOURNEY: Journey = "delivery_failure";
/** The journey built to show policy breaches (the refund-limit regression). */
export const BREACH_JOURNEY: Journey = "refund";
