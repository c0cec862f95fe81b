import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { AutonomySection } from "@/components/metrics/autonomy-section";
import { ChartSkeleton } from "@/components/metrics/chart-figure";
import { loadHasEvents } from "@/components/metrics/data";
import { DashboardHeader } from "@/components/metrics/dashboard-header";
import { ACTION_SORTS, type ActionSort, JourneyActions } from "@/components/metrics/journey-actions";
import { TableSkeleton } from "@/components/metrics/journeys-table";
import { KpiGridSkeleton } from "@/components/metrics/kpi-card";
import { ReasonsSection } from "@/components/metrics/oversight-sections";
import { OverviewKpis } from "@/components/metrics/overview-kpis";
import { ResolutionSection } from "@/components/metrics/resolution-section";
import { HandoffSection } from "@/components/metrics/trust-sections";
import { requirePermission } from "@/lib/auth/guard";
import { dashboardQuery, hrefWith, type SearchParams } from "@/lib/metrics/dashboard-query";
import { metricsFiltersSchema } from "@/lib/metrics/types";

export const dynamic = "force-dynamic";

/** The journey from the path; Next hands segments over percent-encoded or not depending on the route, so decode once, safely. */
function journeyOf(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

type Props = { params: Promise<{ journey: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Journey ${journeyOf((await params).journey)}` };
}

export default async function JourneyPage({ params, searchParams }: Props) {
  await requirePermission("metrics.read");
  const journey = journeyOf((await params).journey);
  if (!metricsFiltersSchema.shape.journey.safeParse(journey).success) notFound();
  const search = await searchParams;
  const dq = dashboardQuery(search, new Date(), { journey });
  const sort: ActionSort = typeof search.sort === "string" && search.sort in ACTION_SORTS ? (search.sort as ActionSort) : "volume";
  const path = `/journeys/${encodeURIComponent(journey)}`;
  const key = JSON.stringify(dq.params);
  const { journey: _j, ...overviewParams } = dq.params;
  return (
    <div className="max-w-7xl space-y-6">
      <DashboardHeader title={journey} question="The KPIs of one journey: how its cases end, what the AI does in it, and where people step in." path={path} dq={dq} fixed={["journey"]}>
        <nav aria-label="Breadcrumb" className="text-sm">
          <Link href={hrefWith("/overview", overviewParams)} className="text-brand underline">Overview</Link>
          <span aria-hidden className="px-1 text-muted">›</span>
          <span className="text-muted">Journey</span>
        </nav>
      </DashboardHeader>
      {(await loadHasEvents(dq.query.filters.workspace)) && (
        <>
          <Suspense key={`kpis${key}`} fallback={<KpiGridSkeleton cards={12} />}>
            <OverviewKpis query={dq.query} />
          </Suspense>
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Suspense key={`res${key}`} fallback={<ChartSkeleton title="AI resolution vs containment" />}>
              <ResolutionSection dq={dq} />
            </Suspense>
            <Suspense key={`mix${key}`} fallback={<ChartSkeleton title="Autonomy rollout" />}>
              <AutonomySection dq={dq} title="Autonomy rollout" />
            </Suspense>
          </div>
          <Suspense key={`act${key}${sort}`} fallback={<TableSkeleton title="Actions" />}>
            <JourneyActions dq={dq} path={path} sort={sort} />
          </Suspense>
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Suspense key={`rs${key}`} fallback={<TableSkeleton title="Top override reasons" />}>
              <ReasonsSection query={dq.query} />
            </Suspense>
            <Suspense key={`ho${key}`} fallback={<TableSkeleton title="Handoff reasons" />}>
              <HandoffSection query={dq.query} />
            </Suspense>
          </div>
        </>
      )}
    </div>
  );
}
