import { TableScroll } from "@/components/ui/table-scroll";
import type { Role } from "@/lib/auth/permissions";
import type { DashboardQuery } from "@/lib/metrics/dashboard-query";
import { decisionLinks } from "@/lib/metrics/decision-links";
import type { Breakdown, Dimension } from "@/lib/metrics/sql";
import type { KpiId, MetricsQuery } from "@/lib/metrics/types";
import { CHART } from "./chart-config";
import { ChartFigure, NoData } from "./chart-figure";
import { loadBreakdown, loadBuckets, loadDisagreementReasons, loadMetrics, loadPendingApprovals } from "./data";
import { bucketLabel, count, dateTime, duration, percent } from "./format";
import { DurationCard, KpiCard, RateCard } from "./kpi-card";
import { MaybeLink } from "./maybe-link";
import { RateCell } from "./rate-cell";
import { RateLinesChart } from "./rate-lines-chart";

/** Below these, an approval rate near 100% says more about the reviewers than about the AI. */
const RUBBER_STAMP = { approval: 0.95, medianSeconds: 10 };

export async function OversightKpis({ query }: { query: MetricsQuery }) {
  const [{ kpis: k }, pending] = await Promise.all([loadMetrics(query), loadPendingApprovals(query)]);
  const stamping = k.approval.value !== null && k.approval.value >= RUBBER_STAMP.approval && k.reviewLatency.median !== null && k.reviewLatency.median < RUBBER_STAMP.medianSeconds;
  return (
    <section aria-labelledby="oversight-kpis" className="space-y-3">
      <h2 id="oversight-kpis" className="sr-only">Key figures</h2>
      {stamping && (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {percent(k.approval.value)} of proposals were approved with a median review time of {duration(k.reviewLatency.median)}. Reviews this fast may be
          rubber-stamping: the person in the loop may not be reading the rationale and evidence.
        </p>
      )}
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <RateCard label="Approval rate" kpi={k.approval} better="neutral" of="decided proposals" definition="Approved as proposed. Near 100% may be rubber-stamping: read it with the review time." />
        <DurationCard label="Review time" kpi={k.reviewLatency} better="neutral" of="reviews" definition="How long reviewers took to decide (expired proposals excluded)." />
        <RateCard label="Edit rate" kpi={k.edit} better="down" of="decided proposals" definition="Approved after a person changed the proposal." />
        <RateCard label="Reject rate" kpi={k.reject} better="down" of="decided proposals" definition="Refused by the reviewer. Expired proposals count in the denominator only." />
        <RateCard label="Override rate" kpi={k.override} better="down" of="AI decisions open to review" definition="Proposals rejected or edited, and AI actions (or a proposal's execution) overridden." />
        <RateCard label="Reversal rate" kpi={k.reversal} better="down" of="AI-executed actions" definition="AI actions later rolled back." />
        <KpiCard
          label="Pending approvals"
          value={count(pending.count)}
          detail={pending.oldest[0] ? `oldest proposed ${dateTime.format(pending.oldest[0].occurredAt)} UTC` : "none waiting"}
          change={undefined}
          definition="AI proposals of the range that no one has decided yet."
        />
        <RateCard label="Escalation" kpi={k.escalation} better="neutral" of="AI-engaged cases" definition="Cases the AI handed to a person." />
      </div>
    </section>
  );
}

export async function OversightTrend({ dq }: { dq: DashboardQuery }) {
  const buckets = await loadBuckets(dq.query, dq.seconds, ["approval", "override"]);
  const data = buckets.map((b) => ({ label: bucketLabel(b.from), approval: b.kpis.approval.value, override: b.kpis.override.value, decided: b.kpis.approval.denominator, open: b.kpis.override.denominator }));
  return (
    <ChartFigure
      title="Approval and override over time"
      description={`Per ${dq.interval}, by when the AI proposed or acted. Approval is over decided proposals; override over all AI decisions open to review.`}
      table={{
        caption: "Approval and override rates per bucket",
        columns: [dq.interval === "day" ? "Day" : "Week from", "Decided proposals", "Approval", "Decisions open to review", "Override"],
        rows: data.map((d) => [d.label, d.decided, percent(d.approval), d.open, percent(d.override)]),
      }}
    >
      {data.some((d) => d.decided + d.open > 0) ? (
        <RateLinesChart
          title="Approval and override over time"
          data={data}
          unit="% of decisions"
          series={[
            { key: "approval", label: CHART.approval.label, color: CHART.approval.color },
            { key: "override", label: CHART.override.label, color: CHART.override.color },
          ]}
        />
      ) : (
        <NoData>No AI proposals or reviewable actions in this range.</NoData>
      )}
    </ChartFigure>
  );
}

const th = "px-3 py-2 text-right font-medium";
const TITLES: Record<Dimension, string> = { journey: "By journey", action: "By action", aiVersion: "By AI version", channel: "By channel" };

export function OversightTable({ rows, dimension, link }: { rows: Breakdown[]; dimension: Dimension; link?: (key: string) => string }) {
  const shown = rows.filter((r) => r.decisions > 0).sort((a, b) => b.decisions - a.decisions || String(a.key).localeCompare(String(b.key)));
  return (
    <TableScroll>
      <table className="w-full border-collapse text-sm">
        <caption className="mb-1 text-left text-sm font-medium">{TITLES[dimension]}</caption>
        <thead>
          <tr className="border-b border-line text-muted">
            <th scope="col" className="px-3 py-2 text-left font-medium">{dimension === "aiVersion" ? "AI version" : dimension === "action" ? "Action" : "Journey"}</th>
            <th scope="col" className={th}>AI decisions</th>
            <th scope="col" className={th}>Approval</th>
            <th scope="col" className={th}>Edit</th>
            <th scope="col" className={th}>Reject</th>
            <th scope="col" className={th}>Override</th>
            <th scope="col" className={th}>Reversal</th>
            <th scope="col" className={th}>Median review</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={String(row.key)} className="border-b border-line last:border-0 hover:bg-gray-50">
              <th scope="row" className={`px-3 py-2 text-left font-normal ${dimension === "journey" ? "" : "font-mono text-xs"}`}>
                {row.key === null ? <span className="text-muted">(no version)</span> : <MaybeLink href={link ? link(row.key) : null}>{row.key}</MaybeLink>}
              </th>
              <td className="px-3 py-2 text-right tabular-nums">{count(row.decisions)}</td>
              <RateCell ratio={row.kpis.approval} of="decided proposals" />
              <RateCell ratio={row.kpis.edit} of="decided proposals" />
              <RateCell ratio={row.kpis.reject} of="decided proposals" />
              <RateCell ratio={row.kpis.override} of="decisions open to review" />
              <RateCell ratio={row.kpis.reversal} of="AI-executed actions" />
              <td className="px-3 py-2 text-right tabular-nums">{duration(row.kpis.reviewLatency.median)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="mt-2 text-sm text-muted">No AI decisions in this range.</p>}
    </TableScroll>
  );
}

export async function OversightBreakdowns({ dq, journeyLink }: { dq: DashboardQuery; journeyLink: (journey: string) => string }) {
  const only: KpiId[] = ["approval", "edit", "reject", "override", "reversal", "reviewLatency"];
  const [byJourney, byAction, byVersion] = await Promise.all([
    loadBreakdown(dq.query, "journey", only),
    loadBreakdown(dq.query, "action", only),
    loadBreakdown(dq.query, "aiVersion", only),
  ]);
  return (
    <section aria-labelledby="by-heading" className="space-y-4 rounded-lg border border-line bg-white p-4">
      <h2 id="by-heading" className="text-base font-semibold">Where people step in</h2>
      <p className="text-sm text-muted">Each AI proposal or action counts under its own journey, action and AI version. Hover a rate for its numerator and denominator.</p>
      <OversightTable rows={byJourney} dimension="journey" link={journeyLink} />
      <OversightTable rows={byAction} dimension="action" />
      <OversightTable rows={byVersion} dimension="aiVersion" />
    </section>
  );
}

export async function ReasonsSection({ query, title = "Top override reasons" }: { query: MetricsQuery; title?: string }) {
  const reasons = await loadDisagreementReasons(query);
  const top = reasons[0]?.count ?? 0;
  return (
    <section aria-labelledby="reasons-heading" className="rounded-lg border border-line bg-white p-4">
      <h2 id="reasons-heading" className="text-base font-semibold">{title}</h2>
      <p className="mt-1 text-sm text-muted">The reviewer&apos;s reason for a rejection or an edit, else the reason given with the override.</p>
      {reasons.length === 0 ? (
        <p className="mt-3 text-sm text-muted">No overrides in this range.</p>
      ) : (
        <ol className="mt-3 space-y-2">
          {reasons.map((r) => (
            <li key={r.reason} className="text-sm">
              <div className="flex justify-between gap-3">
                <span>{r.reason}</span>
                <span className="tabular-nums text-muted">{count(r.count)}</span>
              </div>
              <div aria-hidden className="mt-1 h-1.5 rounded bg-gray-100">
                <div className="h-1.5 rounded" style={{ width: `${(r.count / top) * 100}%`, background: CHART.override.color }} />
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** `viewer`: the role of the person looking, so rows link only to pages they may open. */
export async function PendingSection({ query, viewer }: { query: MetricsQuery; viewer: Role }) {
  const pending = await loadPendingApprovals(query);
  return (
    <section aria-labelledby="pending-heading" className="rounded-lg border border-line bg-white p-4">
      <h2 id="pending-heading" className="text-base font-semibold">Pending approvals ({count(pending.count)})</h2>
      <p className="mt-1 text-sm text-muted">AI proposals of the range still waiting for a decision, oldest first.</p>
      {pending.oldest.length === 0 ? (
        <p className="mt-3 text-sm text-muted">Nothing is waiting.</p>
      ) : (
        <TableScroll className="mt-3">
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">Oldest pending approvals</caption>
            <thead>
              <tr className="border-b border-line text-left text-muted">
                <th scope="col" className="px-3 py-2 font-medium">Proposed (UTC)</th>
                <th scope="col" className="px-3 py-2 font-medium">Action</th>
                <th scope="col" className="px-3 py-2 font-medium">Journey</th>
                <th scope="col" className="px-3 py-2 font-medium">Case</th>
              </tr>
            </thead>
            <tbody>
              {pending.oldest.map((p) => {
                const links = decisionLinks(viewer, p);
                return (
                  <tr key={p.eventId} className="border-b border-line last:border-0">
                    <td className="px-3 py-2 whitespace-nowrap">
                      <MaybeLink href={links.explanation}>{dateTime.format(p.occurredAt)}</MaybeLink>
                    </td>
                    <td className="px-3 py-2 font-mono text-xs">{p.action}</td>
                    <td className="px-3 py-2">{p.journey}</td>
                    <td className="px-3 py-2 font-mono text-xs">
                      <MaybeLink href={links.case}>{p.caseId}</MaybeLink>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
