import { EmptyState } from "@/components/empty-state";
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
        <FilterBar path={path} params={dq.params} options={options} fixed={fixed} problems={dq.problems} />
      ) : (
        <FirstEvent workspace={workspace} />
      )}
    </>
  );
}

export function FirstEvent({ workspace }: { workspace?: string }) {
  return (
    <EmptyState title={workspace ? `No events in workspace ${workspace} yet` : "No AI actions recorded yet"}>
      <p>These dashboards fill in as your AI agent reports what it does. Create an API key, then send its first event:</p>
      <pre className="overflow-x-auto rounded bg-gray-900 p-4 font-mono text-xs text-gray-100">
        {`npx warrant apikey create --workspace ${workspace ?? "default"} --scopes ingest,read
curl -X POST http://localhost:3000/api/v1/events \\
  -H "Authorization: Bearer $WARRANT_KEY" -H "Content-Type: application/json" \\
  -d '{"id":"6f1c…","type":"case.opened","occurredAt":"2026-03-01T09:00:00Z","caseId":"case_1",
       "journey":"order_status","channel":"chat","actor":{"type":"customer","id":"cus_1"},"contact":1}'`}
      </pre>
      <p>
        Or look around with generated data first: <code className="rounded bg-gray-100 px-1">npx warrant seed</code> fills a demo workspace
        with 90 days of cases. The event contract is at <a className="text-brand underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a>; what
        each KPI means is in <code className="rounded bg-gray-100 px-1">docs/metrics.md</code>.
      </p>
    </EmptyState>
  );
}
