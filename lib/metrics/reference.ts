// The reference implementation of every KPI of DESIGN §5 over plain arrays of events. It is the
// executable definition: the SQL implementation and the rollups are tested against it, and
// docs/metrics.md describes what it computes. Clarity wins over speed here.
import { type ActionKpis, actionFacts, actionKpis, actionsIn } from "./reference-actions";
import { type CaseKpis, caseFacts, caseKpis, casesIn } from "./reference-cases";
import { type WorkspaceEvent, viewLedger } from "./ledger-view";
import { formatInstant, instant } from "./time";
import type { MetricsKpis, MetricsQuery, MetricsResult, PolicyChecks } from "./types";

export type { WorkspaceEvent } from "./ledger-view";

type PeriodKpis = CaseKpis & ActionKpis;

/**
 * Every KPI for the query's range and for the period of equal length just before it.
 *
 * `events` are the ledger's events with their workspace, in ledger order (the order stands for
 * `seq` and breaks ties between equal `occurredAt`). All of them are evidence, whatever their time:
 * the range selects which cases and AI decisions are counted, never what is known about them.
 * `policyChecks` says which AI-executed actions breached the decision-authority policy (lib/policy):
 * a set of their event ids, or each action's check by event id.
 */
export function computeMetricsReference(
  events: readonly WorkspaceEvent[],
  query: MetricsQuery,
  policyChecks: PolicyChecks = new Set<string>(),
): MetricsResult {
  const { filters } = query;
  const view = viewLedger(events, filters.workspace);
  const cases = caseFacts(view, query.cameBackWindowDays);
  const actions = actionFacts(view, policyChecks);

  const from = instant(query.from);
  const to = instant(query.to);
  const previousFrom = from - (to - from);
  const period = (start: bigint, end: bigint): PeriodKpis => ({
    ...caseKpis(casesIn(cases, start, end, filters)),
    ...actionKpis({
      decisions: actionsIn(actions.decisions, start, end, filters),
      handoffs: actionsIn(actions.handoffs, start, end, filters),
    }),
  });
  const current = period(from, to);
  const previous = period(previousFrom, from);

  return {
    from: query.from,
    to: query.to,
    previous: { from: formatInstant(previousFrom), to: query.from },
    cameBackWindowDays: query.cameBackWindowDays,
    filters,
    kpis: combine(current, previous),
  };
}

/** Pairs each KPI with its previous-period value; the autonomy mix pairs level by level. */
function combine(current: PeriodKpis, previous: PeriodKpis): MetricsKpis {
  const kpis = Object.fromEntries(
    Object.entries(current).map(([id, value]) => [id, { ...value, previous: previous[id as keyof PeriodKpis] }]),
  ) as unknown as MetricsKpis;
  kpis.autonomyMix = Object.fromEntries(
    Object.entries(current.autonomyMix).map(([level, value]) => [
      level,
      { ...value, previous: previous.autonomyMix[level as keyof PeriodKpis["autonomyMix"]] },
    ]),
  ) as MetricsKpis["autonomyMix"];
  return kpis;
}
