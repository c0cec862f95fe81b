// Plain-TypeScript KPI sketches over generated events (DESIGN §5 terms, simplified), used by the
// demo's tests to assert the story lands in believable ranges. Not the metrics module: no ranges,
// no SQL, whole-window only.
import type { WarrantEvent } from "@/lib/events/schema";
import { checkAction, policyInForceAt } from "@/lib/policy/evaluate";
import type { PolicyInForce } from "@/lib/policy/schema";

const WINDOW = 7 * 86_400_000;

interface CaseInfo {
  journey: string;
  customerRef?: string;
  start: number;
  contact: number;
  aiEngaged: boolean;
  handoff: boolean;
  outcome?: { status: string; resolvedBy?: string; t: number };
  reopenedAt: number[];
}

export interface Ratio {
  numerator: number;
  denominator: number;
  value: number | null;
}

const ratio = (numerator: number, denominator: number): Ratio => ({ numerator, denominator, value: denominator === 0 ? null : numerator / denominator });

export function demoKpis(events: readonly WarrantEvent[], policies: readonly PolicyInForce[]) {
  const cases = new Map<string, CaseInfo>();
  const repeatContacts: { key: string; t: number }[] = [];
  for (const e of events) {
    const t = Date.parse(e.occurredAt);
    let c = cases.get(e.caseId);
    if (!c) {
      c = { journey: e.journey, customerRef: e.customerRef, start: t, contact: 1, aiEngaged: false, handoff: false, reopenedAt: [] };
      cases.set(e.caseId, c);
    }
    if (e.actor.type === "ai") c.aiEngaged = true;
    if (e.type === "case.opened") {
      c.contact = e.contact;
      if (e.contact > 1) repeatContacts.push({ key: `${e.customerRef}|${e.journey}`, t });
    }
    if (e.type === "handoff" && e.from === "ai" && e.to === "human") c.handoff = true;
    if (e.type === "case.outcome") c.outcome = { status: e.status, resolvedBy: e.resolvedBy, t };
    if (e.type === "case.reopened") c.reopenedAt.push(t);
  }
  const repeatsByKey = new Map<string, number[]>();
  for (const r of repeatContacts) repeatsByKey.set(r.key, [...(repeatsByKey.get(r.key) ?? []), r.t]);
  const cameBack = (c: CaseInfo) => {
    const o = c.outcome!;
    const within = (t: number) => t > o.t && t <= o.t + WINDOW;
    return c.reopenedAt.some(within) || (repeatsByKey.get(`${c.customerRef}|${c.journey}`) ?? []).some(within);
  };
  const holds = (c: CaseInfo) => c.outcome?.status === "resolved" && !cameBack(c);

  const perJourney = <T>(f: (list: CaseInfo[]) => T) => {
    const journeys = [...new Set([...cases.values()].map((c) => c.journey))].sort();
    return Object.fromEntries(journeys.map((j) => [j, f([...cases.values()].filter((c) => c.journey === j))]));
  };
  const containment = (list: CaseInfo[]) => {
    const engaged = list.filter((c) => c.aiEngaged);
    return ratio(engaged.filter((c) => !c.handoff).length, engaged.length);
  };
  const hollow = (list: CaseInfo[]) => {
    const closed = list.filter((c) => c.aiEngaged && !c.handoff && c.outcome);
    return ratio(closed.filter((c) => !holds(c)).length, closed.length);
  };

  // Actions: breaches against the policy in force, and overrides by confidence.
  const aiActions = events.filter((e) => e.type === "action.executed" && e.actor.type === "ai");
  const breachesByJourney: Record<string, Ratio> = {};
  const counts = new Map<string, [number, number]>();
  for (const e of aiActions) {
    const result = checkAction(policyInForceAt(policies, e.occurredAt), e).result;
    const [b, n] = counts.get(e.journey) ?? [0, 0];
    counts.set(e.journey, [b + (result === "breach" ? 1 : 0), n + 1]);
  }
  for (const [j, [b, n]] of [...counts].sort()) breachesByJourney[j] = ratio(b, n);
  const totalBreaches = [...counts.values()].reduce((s, [b]) => s + b, 0);

  const reacted = new Set<string>();
  const decided = new Map<string, string>();
  for (const e of events) {
    if ((e.type === "action.overridden" || e.type === "action.reversed") && e.parentId) reacted.add(e.parentId);
    if (e.type === "approval.decided") decided.set(e.parentId, e.outcome);
  }
  const bands = { low: [0, 0], high: [0, 0] };
  for (const e of events) {
    const open =
      (e.type === "ai.proposal" && decided.has(e.id)) ||
      (e.type === "action.executed" && e.actor.type === "ai" && (e.autonomy === "supervised" || e.autonomy === "autonomous"));
    if (!open || (e.type !== "ai.proposal" && e.type !== "action.executed")) continue;
    const confidence = e.decision?.confidence;
    if (confidence === undefined) continue;
    const overridden = e.type === "ai.proposal" ? ["rejected", "edited"].includes(decided.get(e.id)!) : reacted.has(e.id);
    const band = confidence < 0.6 ? bands.low : confidence >= 0.8 ? bands.high : null;
    if (!band) continue;
    band[0] += overridden ? 1 : 0;
    band[1] += 1;
  }

  const csat = { ai: [0, 0], other: [0, 0] };
  for (const e of events) {
    if (e.type !== "feedback" || e.survey !== "csat") continue;
    const c = cases.get(e.caseId)!;
    const bucket = c.outcome?.resolvedBy === "ai" ? csat.ai : csat.other;
    bucket[0] += e.score >= e.scaleMax - 1 ? 1 : 0;
    bucket[1] += 1;
  }

  const all = [...cases.values()];
  return {
    cases: cases.size,
    containment: containment(all),
    containmentByJourney: perJourney(containment),
    hollowContainment: hollow(all),
    hollowByJourney: perJourney(hollow),
    breaches: ratio(totalBreaches, aiActions.length),
    breachesByJourney,
    breachShare: Object.fromEntries([...counts].map(([j, [b]]) => [j, totalBreaches === 0 ? 0 : b / totalBreaches])),
    overrideLowConfidence: ratio(bands.low[0], bands.low[1]),
    overrideHighConfidence: ratio(bands.high[0], bands.high[1]),
    csatAi: ratio(csat.ai[0], csat.ai[1]),
    csatOther: ratio(csat.other[0], csat.other[1]),
    aiVersions: [...new Set(aiActions.map((e) => e.actor.version))],
  };
}
