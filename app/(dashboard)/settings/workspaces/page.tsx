import type { Metadata } from "next";
import { CreateWorkspaceForm } from "@/components/create-workspace-form";
import { EmptyState } from "@/components/empty-state";
import { Badge } from "@/components/ui/badge";
import { TableScroll } from "@/components/ui/table-scroll";
import { requirePermission } from "@/lib/auth/guard";
import { runtime } from "@/lib/runtime";
import { listWorkspaces } from "@/lib/workspaces";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Workspaces" };

const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

// /settings/workspaces — each workspace has its own ledger chain and its own API keys. Admins only.
export default async function WorkspacesPage() {
  await requirePermission("workspaces.manage");
  const workspaces = await listWorkspaces((await runtime()).handle.db);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-bold tracking-tight">Workspaces</h1>
        <p className="mt-1 text-muted">
          A workspace keeps its own hash-chained ledger, signed checkpoints and API keys: one per brand, region or environment.
        </p>
      </header>
      <CreateWorkspaceForm />
      <section aria-labelledby="workspaces-heading" className="space-y-2">
        <h2 id="workspaces-heading" className="text-lg font-semibold">
          Workspaces
        </h2>
        {workspaces.length === 0 ? (
          <EmptyState title="No workspaces yet">
            <p>Create one above. Creating an API key from the command line also creates its workspace.</p>
          </EmptyState>
        ) : (
          <TableScroll>
            <table className="w-full border-collapse bg-white text-sm">
              <caption className="sr-only">Workspaces</caption>
              <thead>
                <tr className="border-b border-line text-left text-muted">
                  <th scope="col" className="px-3 py-2 font-medium">Name</th>
                  <th scope="col" className="px-3 py-2 font-medium">Id</th>
                  <th scope="col" className="px-3 py-2 font-medium">Created (UTC)</th>
                </tr>
              </thead>
              <tbody>
                {workspaces.map((w) => (
                  <tr key={w.id} className="border-b border-line last:border-0">
                    <th scope="row" className="px-3 py-2 text-left font-medium">
                      {w.name}
                      {w.isDemo && (
                        <span className="ml-2">
                          <Badge tone="warn">demo data</Badge>
                        </span>
                      )}
                    </th>
                    <td className="px-3 py-2 font-mono text-xs">{w.id}</td>
                    <td className="px-3 py-2">{date.format(w.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}
