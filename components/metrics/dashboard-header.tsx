import { FirstEvent } from "@/components/first-event";
import type { DashboardQuery } from "@/lib/metrics/dashboard-query";
import { loadFilterOptions, loadHasEvents } from "./data";
import { FilterBar } from "./filter-bar";

/** The page title, the filters, and — before any event was ever sent — how to send the first one. */
export async function DashboardHeader({
  title,
  question,
  path,
  dq,
  fixed,
  children,
}: {
  title: string;
  question: string;
  path: string;
  dq: DashboardQuery;
  fixed?: string[];
  children?: React.ReactNode;
}) {
  const workspace = dq.query.filters.workspace;
  const [options, any] = await Promise.all([loadFilterOptions(workspace), loadHasEvents(workspace)]);
  return (
    <>
      <header className="space-y-1">
        {children}
        <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
        <p className="text-muted">{question}</p>
      </header>
      {any ? (
        <FilterBar path={path} params={dq.params} options={options} fixed={fixed} problems={dq.problems} futureDays={dq.futureDays} todayEnd={dq.todayEnd} />
      ) : (
        <FirstEvent workspace={workspace} />
      )}
    </>
  );
}
