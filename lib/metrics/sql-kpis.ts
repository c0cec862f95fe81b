// Turns the SQL counts of one group (a period, a bucket, a journey…) into KPI values, exactly as the
// reference does: value = numerator ÷ denominator of the reported numbers, calibration error summed
// band by band in order, money as exact decimal sums per currency.
import { AUTONOMY_LEVELS, type Autonomy, HANDOFF_REASONS } from "@/lib/events/constants";
import { ratio } from "./math";
import type { ActionKpis } from "./reference-actions";
import type { CaseKpis } from "./reference-cases";
import type { CaseCounts } from "./sql-cases";
import type { BandCounts, DecisionCounts, HandoffCounts, MoneyCounts } from "./sql-actions";
import { CALIBRATION_BANDS, type Calibration, type Escalation, type Reversal } from "./types";

export type PeriodKpis = CaseKpis & ActionKpis;

export interface GroupCounts {
  cases?: CaseCounts;
  decisions?: DecisionCounts;
  money: MoneyCounts[];
  bands: BandCounts[];
  handoffs?: HandoffCounts;
}

const NO_CASES: Omit<CaseCounts, "key"> = {
  cases: 0,
  aiEngaged: 0,
  contained: 0,
  escalated: 0,
  byReason: Object.fromEntries(HANDOFF_REASONS.map((r) => [r, 0])) as CaseCounts["byReason"],
  engagedClosed: 0,
  aiResolvedHolding: 0,
  containedClosed: 0,
  hollow: 0,
  firstContactClosed: 0,
  firstContactResolved: 0,
  resolved: 0,
  cameBack: 0,
  confirmed: 0,
  csatAiGood: 0,
  csatAiAnswered: 0,
  csatHumanGood: 0,
  csatHumanAnswered: 0,
  ttrMedian: null,
  ttrP90: null,
};

const NO_DECISIONS: Omit<DecisionCounts, "key"> = {
  decisions: 0,
  decided: 0,
  approved: 0,
  edited: 0,
  rejected: 0,
  openToReview: 0,
  overridden: 0,
  reviewCount: 0,
  reviewMedian: null,
  reviewP90: null,
  executed: 0,
  reversed: 0,
  breached: 0,
  byAutonomy: Object.fromEntries(AUTONOMY_LEVELS.map((l) => [l, 0])) as Record<Autonomy, number>,
};

export function caseKpisOf(counts: Omit<CaseCounts, "key"> = NO_CASES): CaseKpis {
  const c = counts;
  const engaged = c.aiEngaged;
  const byReason = Object.fromEntries(HANDOFF_REASONS.map((r) => [r, ratio(c.byReason[r], engaged)])) as Escalation["byReason"];
  return {
    aiEngaged: { value: engaged },
    containment: ratio(c.contained, engaged),
    escalation: { ...ratio(c.escalated, engaged), byReason },
    aiResolution: ratio(c.aiResolvedHolding, c.engagedClosed),
    hollowContainment: ratio(c.hollow, c.containedClosed),
    fcr: ratio(c.firstContactResolved, c.firstContactClosed),
    repeatContact: ratio(c.cameBack, c.resolved),
    confirmedShare: ratio(c.confirmed, c.resolved),
    csatAi: ratio(c.csatAiGood, c.csatAiAnswered),
    csatHuman: ratio(c.csatHumanGood, c.csatHumanAnswered),
    timeToResolution: { median: c.ttrMedian, p90: c.ttrP90, count: c.resolved },
  };
}

function reversalOf(d: Omit<DecisionCounts, "key">, money: MoneyCounts[]): Reversal {
  const byCurrency = [...money]
    .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
    .map((m) => ({ currency: m.currency, ...ratio(Number(m.reversed), Number(m.total)) }));
  return { ...ratio(d.reversed, d.executed), byCurrency };
}

export function calibrationOf(bands: BandCounts[]): Calibration {
  const byBand = new Map(bands.map((b) => [b.band, b]));
  const n = bands.reduce((total, b) => total + b.count, 0);
  let ece = 0;
  const out = Array.from({ length: CALIBRATION_BANDS }, (_, b) => {
    const { count = 0, correct = 0, sum = 0 } = byBand.get(b) ?? {};
    const meanConfidence = count === 0 ? null : sum / count;
    const accuracy = count === 0 ? null : correct / count;
    if (count > 0) ece += (count / n) * Math.abs(accuracy! - meanConfidence!);
    return { from: b / CALIBRATION_BANDS, to: (b + 1) / CALIBRATION_BANDS, count, correct, meanConfidence, accuracy };
  });
  return { ece: n === 0 ? null : ece, count: n, bands: out };
}

export function actionKpisOf(group: Omit<GroupCounts, "cases">): ActionKpis {
  const d = group.decisions ?? NO_DECISIONS;
  const h = group.handoffs ?? { toHuman: 0, withContext: 0 };
  return {
    contextCarried: ratio(h.withContext, h.toHuman),
    approval: ratio(d.approved, d.decided),
    edit: ratio(d.edited, d.decided),
    reject: ratio(d.rejected, d.decided),
    override: ratio(d.overridden, d.openToReview),
    reviewLatency: { median: d.reviewMedian, p90: d.reviewP90, count: d.reviewCount },
    reversal: reversalOf(d, group.money),
    policyBreach: ratio(d.breached, d.executed),
    calibration: calibrationOf(group.bands),
    autonomyMix: Object.fromEntries(AUTONOMY_LEVELS.map((level) => [level, ratio(d.byAutonomy[level], d.executed)])) as Record<Autonomy, ReturnType<typeof ratio>>,
  };
}

export const periodKpisOf = (group: GroupCounts): PeriodKpis => ({ ...caseKpisOf(group.cases), ...actionKpisOf(group) });
