import type { Metadata } from "next";
import { Suspense } from "react";
import { AutonomySection } from "@/components/metrics/autonomy-section";
import { ChartSkeleton } from "@/components/metrics/chart-figure";
import { loadHasEvents } from "@/components/metrics/data";
import { DashboardHeader } from "@/components/metrics/dashboard-header";
import { JourneysTable, TableSkeleton } from "@/components/metrics/journeys-table";
import { KpiGridSkeleton } from "@/components/metrics/kpi-card";
import { OverviewKpis } from "@/components/metrics/overview-kpis";
import { ResolutionSection } from "@/components/metrics/resolution-section";
import { requirePermission } from "@/lib/auth/guard";
import { dashboardQuery, type SearchParams } from "@/lib/metrics/dashboard-query";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePermission("metrics.read");
  const dq = dashboardQuery(await searchParams);
  // A new key per filter set: changing filters shows the skeletons again instead of stale numbers.
  const key = JSON.stringify(dq.params);
  return (
    <div className="max-w-7xl space-y-6">
      <DashboardHeader title="Overview" question="Is the AI resolving customers' problems, or only keeping them away from people?" path="/overview" dq={dq} />
      {(await loadHasEvents(dq.query.filters.workspace)) && (
        <>
          <Suspense key={`kpis${key}`} fallback={<KpiGridSkeleton cards={12} />}>
            <OverviewKpis query={dq.query} />
          </Suspense>
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Suspense key={`res${key}`} fallback={<ChartSkeleton title="AI resolution vs containment" />}>
              <ResolutionSection dq={dq} />
            </Suspense>
            <Suspense key={`mix${key}`} fallback={<ChartSkeleton title="Autonomy mix over time" />}>
              <AutonomySection dq={dq} />
            </Suspense>
          </div>
          <Suspense key={`jny${key}`} fallback={<TableSkeleton title="Journeys" />}>
            <JourneysTable dq={dq} />
          </Suspense>
        </>
      )}
    </div>
  );
}
