import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { chainHeads, workspaces } from "@/db/schema";

export interface WorkspaceLedgerStatus {
  workspace: string;
  name: string;
  isDemo: boolean;
  events: number;
  headHash: string | null;
  checkpointSeq: number;
  lastCheckpointAt: Date | null;
  lastAppendAt: Date | null;
}

/** Per workspace: how long its chain is and when it was last signed. Reads the heads, never scans events. */
export async function ledgerStatus(db: Database): Promise<WorkspaceLedgerStatus[]> {
  const rows = await db
    .select({ workspace: workspaces.id, name: workspaces.name, isDemo: workspaces.isDemo, head: chainHeads })
    .from(workspaces)
    .leftJoin(chainHeads, eq(chainHeads.workspaceId, workspaces.id))
    .orderBy(asc(workspaces.createdAt), asc(workspaces.id));
  return rows.map(({ workspace, name, isDemo, head }) => ({
    workspace,
    name,
    isDemo,
    events: head ? Number(head.seq) : 0,
    headHash: head && Number(head.seq) > 0 ? head.hash.toString("hex") : null,
    checkpointSeq: head ? Number(head.checkpointSeq) : 0,
    lastCheckpointAt: head?.checkpointAt ?? null,
    lastAppendAt: head && Number(head.seq) > 0 ? head.updatedAt : null,
  }));
}
