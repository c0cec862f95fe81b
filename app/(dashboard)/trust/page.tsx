import type { Metadata } from "next";
import { Suspense } from "react";
import { ChartSkeleton } from "@/components/metrics/chart-figure";
import { loadHasEvents } from "@/components/metrics/data";
import { DashboardHeader } from "@/components/metrics/dashboard-header";
import { TableSkeleton } from "@/components/metrics/journeys-table";
import { KpiGridSkeleton } from "@/components/metrics/kpi-card";
import { BreachesSection, CalibrationSection, CsatSection, HandoffSection, TrustKpis } from "@/components/metrics/trust-sections";
import { requirePermission } from "@/lib/auth/guard";
import { dashboardQuery, type SearchParams } from "@/lib/metrics/dashboard-query";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Trust" };

export default async function TrustPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePermission("metrics.read");
  const dq = dashboardQuery(await searchParams);
  const key = JSON.stringify(dq.params);
  return (
    <div className="max-w-7xl space-y-6">
      <DashboardHeader title="Trust" question="Do customers and reviewers trust the AI, and should they? Satisfaction, calibration, breaches and handoffs." path="/trust" dq={dq} />
      {(await loadHasEvents(dq.query.filters.workspace)) && (
        <>
          <Suspense key={`kpis${key}`} fallback={<KpiGridSkeleton cards={8} />}>
            <TrustKpis query={dq.query} />
          </Suspense>
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Suspense key={`csat${key}`} fallback={<ChartSkeleton title="CSAT" />}>
              <CsatSection dq={dq} />
            </Suspense>
            <Suspense key={`cal${key}`} fallback={<ChartSkeleton title="Calibration" />}>
              <CalibrationSection query={dq.query} />
            </Suspense>
          </div>
          <Suspense key={`br${key}`} fallback={<TableSkeleton title="Policy breaches" />}>
            <BreachesSection dq={dq} viewer={user.role} />
          </Suspense>
          <Suspense key={`ho${key}`} fallback={<TableSkeleton title="Handoffs" />}>
            <HandoffSection query={dq.query} />
          </Suspense>
        </>
      )}
    </div>
  );
}
