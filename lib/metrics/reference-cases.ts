// Case KPIs of DESIGN §5, reference implementation. First every case is reduced to its facts
// (start, attribution, engagement, outcome, whether it came back); then a period's KPIs count the
// facts of the cases that started in it. docs/metrics.md states every rule applied here.
import type { Channel } from "@/lib/events/constants";
import { HANDOFF_REASONS } from "@/lib/events/constants";
import type { CaseOutcomeEvent, HandoffEvent } from "@/lib/events/schema";
import { type LedgerView, customerKey, isType } from "./ledger-view";
import { countRatio, distribution, ratio } from "./math";
import { MICROS_PER_DAY, secondsBetween } from "./time";
import type { Distribution, Escalation, MetricsFilters, Ratio } from "./types";

type HandoffReason = HandoffEvent["reason"];

export interface CaseFacts {
  workspace: string;
  caseId: string;
  /** Instant of the case's earliest event (µs). */
  start: bigint;
  /** Journey, channel and customer of the case: those of its earliest event (the customer: earliest that names one). */
  journey: string;
  channel: Channel;
  customerRef: string | null;
  /** The version of the case's earliest AI event that names one. */
  aiVersion: string | null;
  aiEngaged: boolean;
  /** Reason of the case's first handoff from AI to human, or null when there was none. */
  escalation: HandoffReason | null;
  /** `contact` of the case's earliest `case.opened`, or null when it has none. */
  contact: number | null;
  /** The latest `case.outcome`; null = the case is open. */
  outcome: { status: CaseOutcomeEvent["status"]; resolvedBy: CaseOutcomeEvent["resolvedBy"] | null; attestedBy: CaseOutcomeEvent["attestedBy"]; at: bigint } | null;
  /** Resolved, and the customer came back within the window after one of its resolutions. */
  cameBack: boolean;
  /** A `case.reopened` at any time up to the end of the window after the latest outcome. */
  reopened: boolean;
  /** Seconds from start to the resolving outcome, when resolved. */
  secondsToResolution: number | null;
  csatAnswered: number;
  csatGood: number;
}

export const isResolved = (c: CaseFacts) => c.outcome?.status === "resolved";
export const isOpen = (c: CaseFacts) => c.outcome === null;
export const isContained = (c: CaseFacts) => c.aiEngaged && c.escalation === null;
/** A resolution that holds: resolved, and the customer did not come back. */
export const holds = (c: CaseFacts) => isResolved(c) && !c.cameBack;

/** "Good" = the top two points of the survey's scale (4–5 of 5, 9–10 of 10); the top point alone below 3. */
export function isGoodCsat(score: number, scaleMax: number): boolean {
  return scaleMax >= 3 ? score >= scaleMax - 1 : score >= scaleMax;
}

/** Reduces every case of the view to its facts; `windowDays` is the came-back window. */
export function caseFacts(view: LedgerView, windowDays: number): CaseFacts[] {
  const window = BigInt(windowDays) * MICROS_PER_DAY;
  const facts: CaseFacts[] = [];
  for (const events of view.cases.values()) {
    const first = events[0]!;
    const ai = events.filter((s) => s.event.actor.type === "ai");
    const outcomes = events.filter(isType("case.outcome"));
    const reopenings = events.filter(isType("case.reopened")).map((s) => s.at);
    const latest = outcomes.at(-1);
    const customerRef = events.find((s) => s.event.customerRef !== undefined)?.event.customerRef ?? null;
    const repeats = customerRef === null ? [] : (view.repeatOpenings.get(customerKey(first.workspace, customerRef, first.event.journey)) ?? []);
    const returnsWithin = (after: bigint) =>
      [...reopenings, ...repeats].some((at) => at > after && at <= after + window);
    const resolved = latest?.event.status === "resolved";
    const opened = events.find(isType("case.opened"));
    const csat = events.filter(isType("feedback")).filter((s) => s.event.survey === "csat");
    facts.push({
      workspace: first.workspace,
      caseId: first.event.caseId,
      start: first.at,
      journey: first.event.journey,
      channel: first.event.channel,
      customerRef,
      aiVersion: ai.find((s) => s.event.actor.version !== undefined)?.event.actor.version ?? null,
      aiEngaged: ai.length > 0,
      escalation: events.filter(isType("handoff")).find((s) => s.event.from === "ai" && s.event.to === "human")?.event.reason ?? null,
      contact: opened?.event.contact ?? null,
      outcome: latest
        ? { status: latest.event.status, resolvedBy: latest.event.resolvedBy ?? null, attestedBy: latest.event.attestedBy, at: latest.at }
        : null,
      // Every resolution the case had must hold: one the customer came back after, then resolved
      // again, still cost them a second contact.
      cameBack: resolved && outcomes.some((o) => o.event.status === "resolved" && returnsWithin(o.at)),
      reopened: latest !== undefined && reopenings.some((at) => at <= latest.at + window),
      secondsToResolution: resolved ? secondsBetween(first.at, latest.at) : null,
      csatAnswered: csat.length,
      csatGood: csat.filter((s) => isGoodCsat(s.event.score, s.event.scaleMax)).length,
    });
  }
  return facts;
}

/** Cases that started in [from, to) and match the filters (by the case's own attribution). */
export function casesIn(facts: readonly CaseFacts[], from: bigint, to: bigint, filters: MetricsFilters): CaseFacts[] {
  return facts.filter(
    (c) =>
      c.start >= from &&
      c.start < to &&
      (filters.journey === undefined || c.journey === filters.journey) &&
      (filters.channel === undefined || c.channel === filters.channel) &&
      (filters.aiVersion === undefined || c.aiVersion === filters.aiVersion),
  );
}

export interface CaseKpis {
  aiEngaged: { value: number };
  containment: Ratio;
  escalation: Escalation;
  aiResolution: Ratio;
  hollowContainment: Ratio;
  fcr: Ratio;
  repeatContact: Ratio;
  confirmedShare: Ratio;
  csatAi: Ratio;
  csatHuman: Ratio;
  timeToResolution: Distribution;
}

function csat(cases: readonly CaseFacts[], resolvedBy: (r: string | null | undefined) => boolean): Ratio {
  const counted = cases.filter((c) => isResolved(c) && resolvedBy(c.outcome?.resolvedBy));
  return ratio(
    counted.reduce((n, c) => n + c.csatGood, 0),
    counted.reduce((n, c) => n + c.csatAnswered, 0),
  );
}

/** The case KPIs over the given (already selected) cases. */
export function caseKpis(cases: readonly CaseFacts[]): CaseKpis {
  const engaged = cases.filter((c) => c.aiEngaged);
  const escalation = countRatio(engaged, () => true, (c) => c.escalation !== null);
  const byReason = Object.fromEntries(
    HANDOFF_REASONS.map((reason) => [reason, countRatio(engaged, () => true, (c) => c.escalation === reason)]),
  ) as Escalation["byReason"];
  const resolved = cases.filter(isResolved);
  return {
    aiEngaged: { value: engaged.length },
    containment: countRatio(engaged, () => true, isContained),
    escalation: { ...escalation, byReason },
    aiResolution: countRatio(engaged, (c) => !isOpen(c), (c) => holds(c) && c.outcome?.resolvedBy === "ai"),
    hollowContainment: countRatio(cases, (c) => isContained(c) && !isOpen(c), (c) => !holds(c)),
    fcr: countRatio(cases, (c) => c.contact === 1 && !isOpen(c), (c) => holds(c) && !c.reopened),
    repeatContact: countRatio(resolved, () => true, (c) => c.cameBack),
    confirmedShare: countRatio(resolved, () => true, (c) => c.outcome?.attestedBy === "customer" || c.outcome?.attestedBy === "agent"),
    csatAi: csat(cases, (r) => r === "ai"),
    csatHuman: csat(cases, (r) => r === "human" || r === "hybrid"),
    timeToResolution: distribution(resolved.map((c) => c.secondsToResolution!)),
  };
}
