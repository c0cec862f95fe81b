import Link from "next/link";
import { TableScroll } from "@/components/ui/table-scroll";
import { type DashboardQuery, hrefWith } from "@/lib/metrics/dashboard-query";
import type { KpiId } from "@/lib/metrics/types";
import { loadBreakdown } from "./data";
import { count } from "./format";
import { RateCell } from "./rate-cell";

/** What the table shows; the journey breakdown computes nothing else. */
const JOURNEY_TABLE_KPIS: KpiId[] = ["aiEngaged", "containment", "aiResolution", "override", "reversal", "csatAi"];

/** Each journey's headline KPIs for the range, most AI-engaged first, linking to its own page. */
export async function JourneysTable({ dq }: { dq: DashboardQuery }) {
  const rows = (await loadBreakdown(dq.query, "journey", JOURNEY_TABLE_KPIS)).filter((r) => r.key !== null).sort((a, b) => b.kpis.aiEngaged.value - a.kpis.aiEngaged.value || b.decisions - a.decisions || a.key!.localeCompare(b.key!));
  const { journey: _journey, ...params } = dq.params;
  const th = "px-3 py-2 text-right font-medium";
  return (
    <section aria-labelledby="journeys-heading" className="rounded-lg border border-line bg-white p-4">
      <h2 id="journeys-heading" className="text-base font-semibold">Journeys</h2>
      <p className="mt-1 text-sm text-muted">Hover a rate for its numerator and denominator. Open a journey for its actions, reasons and autonomy rollout.</p>
      {rows.length === 0 ? (
        <p className="mt-3 text-sm text-muted">No cases or AI decisions in this range.</p>
      ) : (
        <TableScroll className="mt-3">
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">KPIs per journey</caption>
            <thead>
              <tr className="border-b border-line text-muted">
                <th scope="col" className="px-3 py-2 text-left font-medium">Journey</th>
                <th scope="col" className={th}>Cases</th>
                <th scope="col" className={th}>AI-engaged</th>
                <th scope="col" className={th}>Containment</th>
                <th scope="col" className={th}>AI resolution</th>
                <th scope="col" className={th}>Override</th>
                <th scope="col" className={th}>Reversal</th>
                <th scope="col" className={th}>CSAT (AI)</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} className="border-b border-line last:border-0 hover:bg-gray-50">
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    <Link href={hrefWith(`/journeys/${encodeURIComponent(row.key!)}`, params)} className="text-brand underline">
                      {row.key}
                    </Link>
                  </th>
                  <td className="px-3 py-2 text-right tabular-nums">{count(row.cases)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{count(row.kpis.aiEngaged.value)}</td>
                  <RateCell ratio={row.kpis.containment} of="AI-engaged cases" />
                  <RateCell ratio={row.kpis.aiResolution} of="finished AI-engaged cases" />
                  <RateCell ratio={row.kpis.override} of="decisions open to review" />
                  <RateCell ratio={row.kpis.reversal} of="AI-executed actions" />
                  <RateCell ratio={row.kpis.csatAi} of="answers" />
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

export function TableSkeleton({ title, rows = 5 }: { title: string; rows?: number }) {
  return (
    <div className="rounded-lg border border-line bg-white p-4" aria-busy="true" aria-label={`Loading ${title}`}>
      <div className="h-4 w-40 rounded bg-gray-200" />
      <div className="mt-4 space-y-2">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="h-6 animate-pulse rounded bg-gray-100" />
        ))}
      </div>
    </div>
  );
}
