import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { events } from "@/db/schema";
import type { LedgerRecord } from "./chain";

export interface StoredEvent {
  workspace: string;
  seq: number;
  id: string;
  receivedAt: string;
  event: LedgerRecord["event"];
  hash: string;
  prevHash: string;
  /** The canonical text that was hashed, verbatim: what an auditor recomputes the hash from. */
  record: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One stored event of a workspace by id, read from its hashed record; null when absent. */
export async function getStoredEvent(db: Database, workspaceId: string, id: string): Promise<StoredEvent | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db
    .select({ seq: events.seq, record: events.record, hash: events.hash, prevHash: events.prevHash })
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.id, id.toLowerCase())));
  if (!row) return null;
  const record = JSON.parse(row.record) as LedgerRecord;
  return {
    workspace: workspaceId,
    seq: Number(row.seq),
    id: record.id,
    receivedAt: record.receivedAt,
    event: record.event,
    hash: row.hash.toString("hex"),
    prevHash: row.prevHash.toString("hex"),
    record: row.record,
  };
}
