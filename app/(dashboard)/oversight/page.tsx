import type { Metadata } from "next";
import { Suspense } from "react";
import { ChartSkeleton } from "@/components/metrics/chart-figure";
import { loadHasEvents } from "@/components/metrics/data";
import { DashboardHeader } from "@/components/metrics/dashboard-header";
import { TableSkeleton } from "@/components/metrics/journeys-table";
import { KpiGridSkeleton } from "@/components/metrics/kpi-card";
import { OversightBreakdowns, OversightKpis, OversightTrend, PendingSection, ReasonsSection } from "@/components/metrics/oversight-sections";
import { requirePermission } from "@/lib/auth/guard";
import { dashboardQuery, hrefWith, type SearchParams } from "@/lib/metrics/dashboard-query";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Oversight" };

export default async function OversightPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePermission("metrics.read");
  const dq = dashboardQuery(await searchParams);
  const key = JSON.stringify(dq.params);
  const { journey: _journey, ...params } = dq.params;
  const journeyLink = (journey: string) => hrefWith(`/journeys/${encodeURIComponent(journey)}`, params);
  return (
    <div className="max-w-7xl space-y-6">
      <DashboardHeader title="Oversight" question="Where do people step in, how often do they disagree with the AI, and do they really review?" path="/oversight" dq={dq} />
      {(await loadHasEvents(dq.query.filters.workspace)) && (
        <>
          <Suspense key={`kpis${key}`} fallback={<KpiGridSkeleton cards={8} />}>
            <OversightKpis query={dq.query} />
          </Suspense>
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Suspense key={`trend${key}`} fallback={<ChartSkeleton title="Approval and override over time" />}>
              <OversightTrend dq={dq} />
            </Suspense>
            <Suspense key={`reasons${key}`} fallback={<TableSkeleton title="Top override reasons" />}>
              <ReasonsSection query={dq.query} />
            </Suspense>
          </div>
          <Suspense key={`by${key}`} fallback={<TableSkeleton title="Where people step in" rows={12} />}>
            <OversightBreakdowns dq={dq} journeyLink={journeyLink} />
          </Suspense>
          <Suspense key={`pending${key}`} fallback={<TableSkeleton title="Pending approvals" />}>
            <PendingSection query={dq.query} viewer={user.role} />
          </Suspense>
        </>
      )}
    </div>
  );
}
