// Which workspace a page shows. People's roles are not per workspace (DESIGN §8), so a page takes
// `?workspace=`; without it, "default" when it has events, else the workspace with the most events.
import { desc, eq, sql } from "drizzle-orm";
import { rowsOf, type Database } from "@/db/client";
import { chainHeads, workspaces } from "@/db/schema";
import { workspaceIdSchema } from "@/lib/workspaces";

export interface WorkspaceChoice {
  id: string;
  name: string;
  events: number;
}

export async function workspacesWithEvents(db: Database): Promise<WorkspaceChoice[]> {
  const rows = await db
    .select({ id: chainHeads.workspaceId, name: workspaces.name, events: chainHeads.seq })
    .from(chainHeads)
    .leftJoin(workspaces, eq(workspaces.id, chainHeads.workspaceId))
    .orderBy(desc(chainHeads.seq));
  return rows.filter((r) => Number(r.events) > 0).map((r) => ({ id: r.id, name: r.name ?? r.id, events: Number(r.events) }));
}

export function pickWorkspace(choices: WorkspaceChoice[], requested: string | undefined): string {
  if (requested && workspaceIdSchema.safeParse(requested).success) return requested;
  return choices.find((c) => c.id === "default")?.id ?? choices[0]?.id ?? "default";
}

/**
 * The same choice for a page that needs a workspace that exists (policies belong to one): the one
 * asked for when it exists, else pickWorkspace's default among those that exist, else the first.
 * `missing` is set only when the URL asked for a workspace that does not exist — a plain visit
 * asked for nothing, so there is nothing to warn about. `existing` must not be empty.
 */
export function pickExistingWorkspace(
  existing: { id: string }[],
  choices: WorkspaceChoice[],
  requested: string | undefined,
): { id: string; missing?: string } {
  const ids = new Set(existing.map((w) => w.id));
  if (requested && ids.has(requested)) return { id: requested };
  const fallback = pickWorkspace(choices.filter((c) => ids.has(c.id)), undefined);
  const id = ids.has(fallback) ? fallback : existing[0].id;
  return requested ? { id, missing: requested } : { id };
}

/** Journeys and actions seen in a workspace, for the search form's menus (read from the small daily rollup). */
export async function searchFacets(db: Database, workspaceId: string): Promise<{ journeys: string[]; actions: string[] }> {
  const rows = rowsOf<{ kind: string; value: string }>(
    await db.execute(sql`
      select distinct 'journey' as kind, journey as value from daily_activity where workspace_id = ${workspaceId}
      union
      select distinct 'action', action from daily_activity where workspace_id = ${workspaceId} and action <> ''`),
  );
  const of = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.value).sort();
  return { journeys: of("journey"), actions: of("action") };
}
