import { TableScroll } from "@/components/ui/table-scroll";
import type { Role } from "@/lib/auth/permissions";
import type { DashboardQuery } from "@/lib/metrics/dashboard-query";
import { decisionLinks } from "@/lib/metrics/decision-links";
import type { MetricsQuery } from "@/lib/metrics/types";
import { CalibrationChart } from "./calibration-chart";
import { CHART } from "./chart-config";
import { ChartFigure, NoData } from "./chart-figure";
import { loadBreakdown, loadBuckets, loadHandoffReasons, loadMetrics, loadRecentBreaches } from "./data";
import { bucketLabel, count, money, percent, shortDateTime } from "./format";
import { KpiCard, RateCard } from "./kpi-card";
import { MaybeLink } from "./maybe-link";
import { RateCell } from "./rate-cell";
import { RateLinesChart } from "./rate-lines-chart";

/** Do people trust the AI: satisfaction, calibration, breaches, and context at handoff. */
export async function TrustKpis({ query }: { query: MetricsQuery }) {
  const { kpis: k } = await loadMetrics(query);
  const ece = k.calibration.ece;
  const previous = k.calibration.previous.ece;
  const delta = ece !== null && previous !== null ? Math.round((ece - previous) * 1000) / 10 : null;
  return (
    <section aria-labelledby="trust-kpis" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <h2 id="trust-kpis" className="sr-only">Key figures</h2>
      <RateCard label="CSAT, resolved by AI" kpi={k.csatAi} better="up" of="survey answers" definition="Good answers (top two points of the scale) on cases the AI resolved." />
      <RateCard label="CSAT, resolved by people" kpi={k.csatHuman} better="up" of="survey answers" definition="The same, on cases a person or a person with the AI resolved." />
      <KpiCard
        label="Calibration error (ECE)"
        value={ece === null ? "—" : `${(ece * 100).toFixed(1)} pts`}
        detail={`${count(k.calibration.count)} decision${k.calibration.count === 1 ? "" : "s"} with a stated confidence`}
        change={
          delta === null
            ? null
            : { text: `${delta > 0 ? "▲" : delta < 0 ? "▼" : "■"} ${Math.abs(delta).toFixed(1)} pts`, tone: delta > 0 ? "bad" : delta < 0 ? "good" : "neutral", spoken: `${delta > 0 ? "up" : "down"} ${Math.abs(delta).toFixed(1)} points` }
        }
        definition="Average gap between how sure the AI said it was and how often people let its decision stand. 0 is perfect."
      />
      <RateCard label="Confirmed resolutions" kpi={k.confirmedShare} better="up" of="resolved cases" definition="Attested by the customer or an agent, not by a timeout or an automated judge." />
      <RateCard label="Override rate" kpi={k.override} better="down" of="AI decisions open to review" definition="Rejected, edited or overridden by a person." />
      <RateCard label="Reversal rate" kpi={k.reversal} better="down" of="AI-executed actions" definition="AI actions later rolled back." />
      <RateCard label="Policy breaches" kpi={k.policyBreach} better="down" of="AI-executed actions" definition="Executed above the autonomy the decision-authority policy allowed at the time." />
      <RateCard label="Context carried at handoff" kpi={k.contextCarried} better="up" of="handoffs to a person" definition="Handoffs that passed the conversation and case on, so the customer need not repeat it." />
    </section>
  );
}

export async function CsatSection({ dq }: { dq: DashboardQuery }) {
  const buckets = await loadBuckets(dq.query, dq.seconds, ["csatAi", "csatHuman"]);
  const data = buckets.map((b) => ({ label: bucketLabel(b.from), csatAi: b.kpis.csatAi.value, csatHuman: b.kpis.csatHuman.value, aiAnswers: b.kpis.csatAi.denominator, humanAnswers: b.kpis.csatHuman.denominator }));
  return (
    <ChartFigure
      title="CSAT: resolved by AI vs by people"
      description={`Share of good CSAT answers per ${dq.interval}, by who resolved the case (by the day the case started). Survey responders are self-selected: compare the two lines over the same journeys.`}
      table={{
        caption: "CSAT per bucket",
        columns: [dq.interval === "day" ? "Day" : "Week from", "Resolved by AI", "AI answers", "Resolved by people", "People answers"],
        rows: data.map((d) => [d.label, percent(d.csatAi), d.aiAnswers, percent(d.csatHuman), d.humanAnswers]),
      }}
    >
      {data.some((d) => d.aiAnswers + d.humanAnswers > 0) ? (
        <RateLinesChart
          title="CSAT: resolved by AI vs by people"
          data={data}
          unit="% good answers"
          series={[
            { key: "csatAi", label: CHART.csatAi.label, color: CHART.csatAi.color },
            { key: "csatHuman", label: CHART.csatHuman.label, color: CHART.csatHuman.color },
          ]}
        />
      ) : (
        <NoData>No CSAT answers on resolved cases in this range.</NoData>
      )}
    </ChartFigure>
  );
}

export async function CalibrationSection({ query }: { query: MetricsQuery }) {
  const { calibration } = (await loadMetrics(query)).kpis;
  const data = calibration.bands.map((b) => ({
    label: `${Math.round(b.from * 100)}–${Math.round(b.to * 100)}%`,
    count: b.count,
    accuracy: b.accuracy,
    meanConfidence: b.meanConfidence,
  }));
  return (
    <ChartFigure
      title="Calibration: stated confidence vs decisions let stand"
      description={`When the AI says it is 90% sure, do people let 90% of those decisions stand? Bars below the line mean over-confidence: the 1 − bar is the band's override-and-reversal rate. Expected calibration error: ${calibration.ece === null ? "—" : `${(calibration.ece * 100).toFixed(1)} points`}.`}
      table={{
        caption: "Calibration bands",
        columns: ["Confidence band", "Decisions", "Let stand", "Overridden or reversed", "Mean stated confidence"],
        rows: calibration.bands.map((b, i) => [data[i].label, b.count, percent(b.accuracy), b.accuracy === null ? "—" : percent(1 - b.accuracy), percent(b.meanConfidence)]),
      }}
    >
      {calibration.count > 0 ? <CalibrationChart title="Calibration: stated confidence vs decisions let stand" data={data} /> : <NoData>No AI decisions open to review carry a confidence in this range.</NoData>}
    </ChartFigure>
  );
}

const th = "px-3 py-2 text-right font-medium";

/** `viewer`: the role of the person looking, so rows link only to pages they may open. */
export async function BreachesSection({ dq, viewer }: { dq: DashboardQuery; viewer: Role }) {
  const [recent, byAction] = await Promise.all([loadRecentBreaches(dq.query), loadBreakdown(dq.query, "action", ["policyBreach"])]);
  const executed = byAction.filter((r) => r.kpis.policyBreach.denominator > 0);
  const clean = executed.filter((r) => r.kpis.policyBreach.numerator === 0).length;
  const actions = executed.filter((r) => r.kpis.policyBreach.numerator > 0).sort((a, b) => b.kpis.policyBreach.numerator - a.kpis.policyBreach.numerator || b.kpis.policyBreach.denominator - a.kpis.policyBreach.denominator);
  return (
    <section aria-labelledby="breaches-heading" className="rounded-lg border border-line bg-white p-4">
      <h2 id="breaches-heading" className="text-base font-semibold">Policy breaches</h2>
      <p className="mt-1 text-sm text-muted">AI-executed actions judged at ingest against the decision-authority policy version in force when they happened.</p>
      <div className="mt-3 grid grid-cols-1 gap-6 2xl:grid-cols-[2fr_3fr]">
        <TableScroll>
          <table className="w-full border-collapse text-sm">
            <caption className="mb-1 text-left text-sm font-medium">Actions with breaches</caption>
            <thead>
              <tr className="border-b border-line text-muted">
                <th scope="col" className="px-3 py-2 text-left font-medium">Action</th>
                <th scope="col" className={th}>AI-executed</th>
                <th scope="col" className={th}>Breaches</th>
                <th scope="col" className={th}>Rate</th>
              </tr>
            </thead>
            <tbody>
              {actions.map((row) => (
                <tr key={row.key} className="border-b border-line last:border-0">
                  <th scope="row" className="px-3 py-2 text-left font-mono text-xs font-normal">{row.key}</th>
                  <td className="px-3 py-2 text-right tabular-nums">{count(row.kpis.policyBreach.denominator)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{count(row.kpis.policyBreach.numerator)}</td>
                  <RateCell ratio={row.kpis.policyBreach} of="AI-executed actions" />
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-sm text-muted">
            {executed.length === 0
              ? "No AI-executed actions in this range."
              : `${actions.length === 0 ? "No action breached the policy" : `${clean} other action${clean === 1 ? "" : "s"} stayed within the policy`} in this range.`}
          </p>
        </TableScroll>
        <TableScroll>
          <table className="w-full border-collapse text-sm">
            <caption className="mb-1 text-left text-sm font-medium">Latest breaches</caption>
            <thead>
              <tr className="border-b border-line text-muted">
                <th scope="col" className="px-3 py-2 text-left font-medium">When (UTC)</th>
                <th scope="col" className="px-3 py-2 text-left font-medium">Action</th>
                <th scope="col" className="px-3 py-2 text-left font-medium">Autonomy</th>
                <th scope="col" className={th}>Amount</th>
                <th scope="col" className="px-3 py-2 text-left font-medium">Case</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((b) => {
                const links = decisionLinks(viewer, b);
                return (
                  <tr key={b.eventId} className="border-b border-line last:border-0">
                    <td className="px-3 py-2 whitespace-nowrap">
                      <MaybeLink href={links.explanation}>{shortDateTime.format(b.occurredAt)}</MaybeLink>
                    </td>
                    <td className="px-3 py-2 font-mono text-xs">{b.action}</td>
                    <td className="px-3 py-2">{b.autonomy}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{money(b.amount, b.currency)}</td>
                    <td className="px-3 py-2 font-mono text-xs">
                      <MaybeLink href={links.case}>{b.caseId}</MaybeLink>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {recent.length === 0 && <p className="mt-2 text-sm text-muted">No breaches in this range.</p>}
        </TableScroll>
      </div>
    </section>
  );
}

export async function HandoffSection({ query }: { query: MetricsQuery }) {
  const reasons = await loadHandoffReasons(query);
  return (
    <section aria-labelledby="handoff-heading" className="rounded-lg border border-line bg-white p-4">
      <h2 id="handoff-heading" className="text-base font-semibold">Handoffs to people, and the context they carried</h2>
      <p className="mt-1 text-sm text-muted">Without the conversation and case, the customer repeats themselves: the most common complaint about bots.</p>
      {reasons.length === 0 ? (
        <p className="mt-3 text-sm text-muted">No handoffs from the AI to a person in this range.</p>
      ) : (
        <TableScroll className="mt-3">
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">Handoffs by reason</caption>
            <thead>
              <tr className="border-b border-line text-muted">
                <th scope="col" className="px-3 py-2 text-left font-medium">Reason</th>
                <th scope="col" className={th}>Handoffs</th>
                <th scope="col" className={th}>Context carried</th>
              </tr>
            </thead>
            <tbody>
              {reasons.map((r) => (
                <tr key={r.reason} className="border-b border-line last:border-0">
                  <th scope="row" className="px-3 py-2 text-left font-normal">{r.reason.replaceAll("_", " ")}</th>
                  <td className="px-3 py-2 text-right tabular-nums">{count(r.count)}</td>
                  <RateCell ratio={{ numerator: r.withContext, denominator: r.count, value: r.count === 0 ? null : r.withContext / r.count }} of="handoffs" />
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
