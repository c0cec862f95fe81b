import Link from "next/link";
import { TableScroll } from "@/components/ui/table-scroll";
import { type DashboardQuery, hrefWith } from "@/lib/metrics/dashboard-query";
import type { Breakdown } from "@/lib/metrics/sql";
import { loadBreakdown } from "./data";
import { count, percent } from "./format";
import { RateCell } from "./rate-cell";

export const ACTION_SORTS = {
  volume: { label: "volume", by: (r: Breakdown) => r.decisions },
  override: { label: "override rate", by: (r: Breakdown) => r.kpis.override.value ?? -1 },
  reversal: { label: "reversal rate", by: (r: Breakdown) => r.kpis.reversal.value ?? -1 },
} as const;
export type ActionSort = keyof typeof ACTION_SORTS;

/** The journey's AI actions ranked by volume, override or reversal (a link per ranking, so the keyboard can switch). */
export async function JourneyActions({ dq, path, sort }: { dq: DashboardQuery; path: string; sort: ActionSort }) {
  const rows = (await loadBreakdown(dq.query, "action", ["override", "reversal", "autonomyMix", "policyBreach"])).filter((r) => r.decisions > 0);
  const by = ACTION_SORTS[sort].by;
  rows.sort((a, b) => by(b) - by(a) || b.decisions - a.decisions || String(a.key).localeCompare(String(b.key)));
  const th = "px-3 py-2 text-right font-medium";
  return (
    <section aria-labelledby="actions-heading" className="rounded-lg border border-line bg-white p-4">
      <h2 id="actions-heading" className="text-base font-semibold">Actions, ranked by {ACTION_SORTS[sort].label}</h2>
      <p className="mt-1 flex flex-wrap gap-x-3 text-sm text-muted">
        <span>Rank by:</span>
        {(Object.keys(ACTION_SORTS) as ActionSort[]).map((s) => (
          <Link key={s} href={hrefWith(path, { ...dq.params, journey: undefined, sort: s })} aria-current={s === sort ? "true" : undefined} className={s === sort ? "font-semibold text-ink" : "text-brand underline"}>
            {ACTION_SORTS[s].label}
          </Link>
        ))}
      </p>
      {rows.length === 0 ? (
        <p className="mt-3 text-sm text-muted">No AI proposals or actions in this journey and range.</p>
      ) : (
        <TableScroll className="mt-3">
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">AI actions of the journey</caption>
            <thead>
              <tr className="border-b border-line text-muted">
                <th scope="col" className="px-3 py-2 text-left font-medium">Action</th>
                <th scope="col" className={th}>AI decisions</th>
                <th scope="col" className={th}>Executed by AI</th>
                <th scope="col" className={th}>Autonomous</th>
                <th scope="col" className={th}>Override</th>
                <th scope="col" className={th}>Reversal</th>
                <th scope="col" className={th}>Policy breach</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={String(row.key)} className="border-b border-line last:border-0 hover:bg-gray-50">
                  <th scope="row" className="px-3 py-2 text-left font-mono text-xs font-normal">{row.key}</th>
                  <td className="px-3 py-2 text-right tabular-nums">{count(row.decisions)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{count(row.kpis.reversal.denominator)}</td>
                  <td className="px-3 py-2 text-right tabular-nums" title={`${row.kpis.autonomyMix.autonomous.numerator} of ${row.kpis.autonomyMix.autonomous.denominator}`}>{percent(row.kpis.autonomyMix.autonomous.value)}</td>
                  <RateCell ratio={row.kpis.override} of="decisions open to review" />
                  <RateCell ratio={row.kpis.reversal} of="AI-executed actions" />
                  <RateCell ratio={row.kpis.policyBreach} of="AI-executed actions" />
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
