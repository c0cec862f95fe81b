import { and, asc, eq, gt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { aiDecisions, cases, chainHeads, dailyActivity, eventSearch, events, handoffs, repeatContacts } from "@/db/schema";
import type { WarrantEvent } from "@/lib/events/schema";
import { type Projector, projectEntries, projectNow } from "./project";

const PAGE = 5000;

/**
 * Regenerates a workspace's projections from the ledger alone (the `record` text), through the same
 * projector live ingest uses. Holds the workspace's append lock for the duration, so no event is
 * projected twice or missed; ingestion into that workspace waits until it finishes.
 */
export async function rebuildProjections(
  db: Database,
  workspaceId: string,
  project: Projector = projectEntries,
): Promise<{ entries: number; cases: number }> {
  return db.transaction(async (tx) => {
    await tx.select().from(chainHeads).where(eq(chainHeads.workspaceId, workspaceId)).for("update");
    await tx.delete(cases).where(eq(cases.workspaceId, workspaceId));
    await tx.delete(dailyActivity).where(eq(dailyActivity.workspaceId, workspaceId));
    await tx.delete(aiDecisions).where(eq(aiDecisions.workspaceId, workspaceId));
    await tx.delete(handoffs).where(eq(handoffs.workspaceId, workspaceId));
    await tx.delete(repeatContacts).where(eq(repeatContacts.workspaceId, workspaceId));
    await tx.delete(eventSearch).where(eq(eventSearch.workspaceId, workspaceId));
    let last = 0;
    for (;;) {
      const page = await tx
        .select({ seq: events.seq, record: events.record })
        .from(events)
        .where(and(eq(events.workspaceId, workspaceId), gt(events.seq, last)))
        .orderBy(asc(events.seq))
        .limit(PAGE);
      if (page.length === 0) break;
      await projectNow(
        project,
        tx,
        workspaceId,
        page.map((row) => ({ seq: Number(row.seq), event: (JSON.parse(row.record) as { event: WarrantEvent }).event })),
      );
      last = Number(page[page.length - 1].seq);
      if (page.length < PAGE) break;
    }
    return { entries: last, cases: await tx.$count(cases, eq(cases.workspaceId, workspaceId)) };
  });
}
