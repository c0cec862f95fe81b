import type { Metadata } from "next";
import Link from "next/link";
import { AccessLogTable } from "@/components/access-log-table";
import { EmptyState } from "@/components/empty-state";
import { listAccessLog } from "@/lib/auth/access-log";
import { toAccessLogItem } from "@/lib/auth/access-log-view";
import { requirePermission } from "@/lib/auth/guard";
import { runtime } from "@/lib/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Access log" };

const PAGE = 100;

// /access-log — every sign-in and every change to people, keys and workspaces, append-only. Compliance and admins.
export default async function AccessLogPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  await requirePermission("access_log.read");
  const before = Number((await searchParams).before) || undefined;
  const rows = await listAccessLog((await runtime()).handle.db, { before, limit: PAGE });
  const entries = rows.map(toAccessLogItem);
  return (
    <div className="max-w-6xl space-y-6">
      <header>
        <h1 className="text-2xl font-bold tracking-tight">Access log</h1>
        <p className="mt-1 text-muted">
          Who signed in, and who changed users, API keys and workspaces: when, and from which address. The database refuses to
          edit or delete these entries. Also at <code className="font-mono text-sm">GET /api/v1/access-log</code>.
        </p>
      </header>
      {entries.length === 0 ? (
        <EmptyState title={before ? "No older entries" : "Nothing recorded yet"}>
          <p>Sign-ins and changes made in Settings appear here.</p>
        </EmptyState>
      ) : (
        <AccessLogTable entries={entries} />
      )}
      <nav aria-label="Access log pages" className="flex gap-4 text-sm">
        {before && (
          <Link href="/access-log" className="text-brand underline">
            Newest entries
          </Link>
        )}
        {entries.length === PAGE && (
          <Link href={`/access-log?before=${entries.at(-1)!.id}`} className="text-brand underline">
            Older entries
          </Link>
        )}
      </nav>
    </div>
  );
}
