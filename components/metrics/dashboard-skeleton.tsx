import { ChartSkeleton } from "./chart-figure";
import { TableSkeleton } from "./journeys-table";
import { KpiGridSkeleton } from "./kpi-card";

/** What a dashboard looks like while its first data loads (loading.tsx of each dashboard route). */
export function DashboardSkeleton({ title }: { title: string }) {
  return (
    <div className="max-w-7xl space-y-6" aria-busy="true">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
        <div className="h-4 w-96 max-w-full animate-pulse rounded bg-gray-200" />
      </header>
      <div className="h-28 animate-pulse rounded-lg border border-line bg-white" />
      <KpiGridSkeleton cards={8} />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <ChartSkeleton title="chart" />
        <ChartSkeleton title="chart" />
      </div>
      <TableSkeleton title="table" />
    </div>
  );
}
