import type { Metadata } from "next";
import { ActivityFeed } from "@/components/activity-feed";
import { requirePermission } from "@/lib/auth/guard";
import { recentActivity } from "@/lib/cases/activity";
import { pickWorkspace, searchFacets, workspacesWithEvents } from "@/lib/cases/workspace";
import { runtime } from "@/lib/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Live AI activity" };

// /activity — AI decisions as they are recorded, breaches and overrides highlighted, each linking to its explanation.
export default async function ActivityPage({ searchParams }: { searchParams: Promise<{ workspace?: string }> }) {
  await requirePermission("cases.read");
  const db = (await runtime()).handle.db;
  const workspaces = await workspacesWithEvents(db);
  const workspace = pickWorkspace(workspaces, (await searchParams).workspace);
  const [recent, facets] = await Promise.all([recentActivity(db, workspace, 50), searchFacets(db, workspace)]);
  return (
    <div className="max-w-6xl space-y-4">
      <header>
        <h1 className="text-2xl font-bold tracking-tight">Live AI activity</h1>
        <p className="mt-1 text-muted">
          AI proposals and actions in workspace <span className="font-mono">{workspace}</span> as they are recorded. Actions beyond
          the decision-authority policy are red; those a person rejected, overrode or reversed are amber.
        </p>
        {workspaces.length > 1 && (
          <nav aria-label="Workspaces" className="mt-2 flex flex-wrap gap-3 text-sm">
            {workspaces.map((w) => (
              <a key={w.id} href={`/activity?workspace=${encodeURIComponent(w.id)}`} aria-current={w.id === workspace ? "page" : undefined} className={w.id === workspace ? "font-semibold" : "text-brand underline"}>
                {w.name}
              </a>
            ))}
          </nav>
        )}
      </header>
      <ActivityFeed workspace={workspace} initial={recent.items} after={recent.lastSeq} journeys={facets.journeys} actions={facets.actions} />
    </div>
  );
}
