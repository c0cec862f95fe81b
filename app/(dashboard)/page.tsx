import { EmptyState } from "@/components/empty-state";
import { LedgerStatusTable } from "@/components/ledger-status-table";
import { requirePermission } from "@/lib/auth/guard";
import { ledgerStatus } from "@/lib/ledger/status";
import { runtime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  await requirePermission("home.view");
  const rt = await runtime();
  const status = await ledgerStatus(rt.handle.db);
  const total = status.reduce((sum, row) => sum + row.events, 0);
  return (
    <div className="max-w-5xl space-y-6">
      <header>
        <h1 className="text-2xl font-bold tracking-tight">Warrant</h1>
        <p className="mt-1 text-muted">
          The system of record for what AI agents did to customers, and why: every action in an append-only, hash-chained,
          signed ledger.
        </p>
      </header>
      {total === 0 ? (
        <EmptyState title="No AI actions recorded yet">
          <p>Create an API key for a workspace, then send your agent&apos;s first event:</p>
          <pre className="overflow-x-auto rounded bg-gray-900 p-4 font-mono text-xs text-gray-100">
            {`npx warrant apikey create --workspace default --scopes ingest,read
curl -X POST http://localhost:3000/api/v1/events \\
  -H "Authorization: Bearer $WARRANT_KEY" -H "Content-Type: application/json" \\
  -d @event.json`}
          </pre>
          <p>
            The event contract is described in <code>docs/events.md</code> and at{" "}
            <a className="text-brand underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
          </p>
        </EmptyState>
      ) : null}
      {status.length > 0 && (
        <section aria-labelledby="ledger-heading" className="space-y-2">
          <h2 id="ledger-heading" className="text-lg font-semibold">Ledger</h2>
          <LedgerStatusTable rows={status} />
        </section>
      )}
    </div>
  );
}
