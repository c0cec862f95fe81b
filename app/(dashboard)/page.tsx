import { FirstEvent } from "@/components/first-event";
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
      {total === 0 && <FirstEvent />}
      {status.length > 0 && (
        <section aria-labelledby="ledger-heading" className="space-y-2">
          <h2 id="ledger-heading" className="text-lg font-semibold">Ledger</h2>
          <LedgerStatusTable rows={status} />
        </section>
      )}
    </div>
  );
}
