// Action KPIs of DESIGN §5, reference implementation. Each AI proposal, AI-executed action and
// handoff to a human is reduced to its facts, including every later reaction to it whenever it came;
// a period's KPIs then count the facts whose own occurredAt lies in the range. See docs/metrics.md.
import { AUTONOMY_LEVELS, type Autonomy, type Channel } from "@/lib/events/constants";
import type { ActionExecutedEvent, AiProposalEvent, ApprovalDecidedEvent, WarrantEvent } from "@/lib/events/schema";
import { type LedgerView, type Stamped, childrenOf, isType } from "./ledger-view";
import { countRatio, distribution, moneyRatio, ratio, toMicroUnits } from "./math";
import { secondsBetween } from "./time";
import {
  CALIBRATION_BANDS,
  type Calibration,
  type CalibrationBand,
  type Distribution,
  type MetricsFilters,
  type PolicyChecks,
  type Ratio,
  type Reversal,
} from "./types";

interface Attribution {
  workspace: string;
  id: string;
  at: bigint;
  journey: string;
  channel: Channel;
  /** actor.version when the actor is an AI. */
  aiVersion: string | null;
}

/** An AI proposal or an AI-executed action. */
export interface DecisionFacts extends Attribution {
  kind: "proposal" | "action";
  confidence: number | null;
  /** Proposals: the latest `approval.decided` outcome, null when undecided. */
  approval: ApprovalDecidedEvent["outcome"] | null;
  /** Proposals: seconds the reviewer took (latencyMs, else the time between the two events), unless expired. */
  reviewSeconds: number | null;
  /** Actions: autonomy, amount, policy breach and whether an `action.reversed` answers it. */
  autonomy: Autonomy | null;
  amount: { micro: bigint; currency: string } | null;
  breached: boolean;
  reversed: boolean;
  /** An `action.overridden` answers it or one of its executions. */
  overridden: boolean;
  /** An `action.reversed` answers it or one of its executions. */
  reversedAny: boolean;
}

export interface HandoffFacts extends Attribution {
  contextTransferred: boolean;
}

const attribution = (s: Stamped): Attribution => ({
  workspace: s.workspace,
  id: s.event.id,
  at: s.at,
  journey: s.event.journey,
  channel: s.event.channel,
  aiVersion: s.event.actor.type === "ai" ? (s.event.actor.version ?? null) : null,
});

function isBreach(checks: PolicyChecks, id: string): boolean {
  return checks instanceof Map ? checks.get(id) === "breach" : (checks as ReadonlySet<string>).has(id);
}

/** A proposal is carried out by the `action.executed` events that answer it; reactions to those count against it. */
function family(view: LedgerView, s: Stamped): Stamped[] {
  const executions = s.event.type === "ai.proposal" ? childrenOf(view, s).filter(isType("action.executed")) : [];
  return [s, ...executions];
}

function decisionFacts(view: LedgerView, s: Stamped<AiProposalEvent | ActionExecutedEvent>, checks: PolicyChecks): DecisionFacts {
  const reactions = family(view, s).flatMap((member) => childrenOf(view, member));
  const isAction = s.event.type === "action.executed";
  const latestApproval = isAction ? undefined : childrenOf(view, s).filter(isType("approval.decided")).at(-1);
  const amount = s.event.action.amount;
  let reviewSeconds: number | null = null;
  if (latestApproval && latestApproval.event.outcome !== "expired") {
    const { latencyMs } = latestApproval.event;
    reviewSeconds = latencyMs !== undefined ? latencyMs / 1000 : Math.max(0, secondsBetween(s.at, latestApproval.at));
  }
  return {
    ...attribution(s),
    kind: isAction ? "action" : "proposal",
    confidence: s.event.decision?.confidence ?? null,
    approval: latestApproval?.event.outcome ?? null,
    reviewSeconds,
    autonomy: s.event.type === "action.executed" ? s.event.autonomy : null,
    amount: isAction && amount ? { micro: toMicroUnits(amount.value), currency: amount.currency } : null,
    breached: isAction && isBreach(checks, s.event.id),
    reversed: isAction && childrenOf(view, s).some(isType("action.reversed")),
    overridden: reactions.some(isType("action.overridden")),
    reversedAny: reactions.some(isType("action.reversed")),
  };
}

export interface ActionFacts {
  decisions: DecisionFacts[];
  handoffs: HandoffFacts[];
}

export function actionFacts(view: LedgerView, checks: PolicyChecks): ActionFacts {
  const decisions: DecisionFacts[] = [];
  const handoffs: HandoffFacts[] = [];
  for (const s of view.all) {
    const event: WarrantEvent = s.event;
    if (event.type === "ai.proposal" || (event.type === "action.executed" && event.actor.type === "ai"))
      decisions.push(decisionFacts(view, s as Stamped<AiProposalEvent | ActionExecutedEvent>, checks));
    else if (event.type === "handoff" && event.from === "ai" && event.to === "human")
      handoffs.push({ ...attribution(s), contextTransferred: event.contextTransferred });
  }
  return { decisions, handoffs };
}

/** Facts whose own occurredAt lies in [from, to) and whose own journey, channel and AI version match. */
export function actionsIn<T extends Attribution>(facts: readonly T[], from: bigint, to: bigint, filters: MetricsFilters): T[] {
  return facts.filter(
    (f) =>
      f.at >= from &&
      f.at < to &&
      (filters.journey === undefined || f.journey === filters.journey) &&
      (filters.channel === undefined || f.channel === filters.channel) &&
      (filters.aiVersion === undefined || f.aiVersion === filters.aiVersion),
  );
}

/** An AI decision open to review: a decided proposal, or an AI action at supervised or autonomous. */
export const isOpenToReview = (d: DecisionFacts) =>
  d.kind === "proposal" ? d.approval !== null : d.autonomy === "supervised" || d.autonomy === "autonomous";
/** A human disagreed: the proposal was rejected or edited, or the decision (or its execution) overridden. */
export const isOverridden = (d: DecisionFacts) => d.approval === "rejected" || d.approval === "edited" || d.overridden;
/** "Correct" for calibration: not rejected, edited, overridden or reversed. */
export const isCorrect = (d: DecisionFacts) => !isOverridden(d) && !d.reversedAny;

/** Band of a confidence: floor(confidence × 10), 1 falling in the last band (SQL: least(floor(c * 10), 9)). */
export const bandOf = (confidence: number) => Math.min(Math.floor(confidence * CALIBRATION_BANDS), CALIBRATION_BANDS - 1);

export function calibration(decisions: readonly DecisionFacts[]): Calibration {
  const rated = decisions.filter((d) => isOpenToReview(d) && d.confidence !== null);
  const bands = Array.from({ length: CALIBRATION_BANDS }, (_, b) => ({ b, count: 0, correct: 0, confidences: [] as number[] }));
  for (const d of rated) {
    const band = bands[bandOf(d.confidence!)]!;
    band.count++;
    band.confidences.push(d.confidence!);
    if (isCorrect(d)) band.correct++;
  }
  const n = rated.length;
  let ece = 0;
  const out: CalibrationBand[] = bands.map(({ b, count, correct, confidences }) => {
    // Summed in ascending order so that the mean does not depend on the order of the input.
    const sum = confidences.sort((x, y) => x - y).reduce((acc, c) => acc + c, 0);
    const meanConfidence = count === 0 ? null : sum / count;
    const accuracy = count === 0 ? null : correct / count;
    if (count > 0) ece += (count / n) * Math.abs(accuracy! - meanConfidence!);
    return { from: b / CALIBRATION_BANDS, to: (b + 1) / CALIBRATION_BANDS, count, correct, meanConfidence, accuracy };
  });
  return { ece: n === 0 ? null : ece, count: n, bands: out };
}

function reversal(executed: readonly DecisionFacts[]): Reversal {
  const sums = new Map<string, { reversed: bigint; total: bigint }>();
  for (const d of executed) {
    if (!d.amount) continue;
    const sum = sums.get(d.amount.currency) ?? { reversed: 0n, total: 0n };
    sum.total += d.amount.micro;
    if (d.reversed) sum.reversed += d.amount.micro;
    sums.set(d.amount.currency, sum);
  }
  const byCurrency = [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, { reversed, total }]) => ({ currency, ...moneyRatio(reversed, total) }));
  return { ...countRatio(executed, () => true, (d) => d.reversed), byCurrency };
}

export interface ActionKpis {
  contextCarried: Ratio;
  approval: Ratio;
  edit: Ratio;
  reject: Ratio;
  override: Ratio;
  reviewLatency: Distribution;
  reversal: Reversal;
  policyBreach: Ratio;
  calibration: Calibration;
  autonomyMix: Record<Autonomy, Ratio>;
}

/** The action KPIs over the given (already selected) facts. */
export function actionKpis({ decisions, handoffs }: ActionFacts): ActionKpis {
  const decided = decisions.filter((d) => d.kind === "proposal" && d.approval !== null);
  const executed = decisions.filter((d) => d.kind === "action");
  const approvalShare = (outcome: ApprovalDecidedEvent["outcome"]) => countRatio(decided, () => true, (d) => d.approval === outcome);
  return {
    contextCarried: countRatio(handoffs, () => true, (h) => h.contextTransferred),
    approval: approvalShare("approved"),
    edit: approvalShare("edited"),
    reject: approvalShare("rejected"),
    override: countRatio(decisions, isOpenToReview, isOverridden),
    reviewLatency: distribution(decided.flatMap((d) => (d.reviewSeconds === null ? [] : [d.reviewSeconds]))),
    reversal: reversal(executed),
    policyBreach: countRatio(executed, () => true, (d) => d.breached),
    calibration: calibration(decisions),
    autonomyMix: Object.fromEntries(
      AUTONOMY_LEVELS.map((level) => [level, ratio(executed.filter((d) => d.autonomy === level).length, executed.length)]),
    ) as Record<Autonomy, Ratio>,
  };
}
