import type { Database, Transaction } from "@/db/client";
import type { WarrantEvent } from "@/lib/events/schema";
import type { SigningKey } from "./note";
import type { CheckpointSink } from "./sink";

/** Everything the ledger needs, passed explicitly so tests can build one over any database and directory. */
export interface Ledger {
  db: Database;
  key: SigningKey;
  sink: CheckpointSink;
  /** Sign a checkpoint once this many events have been appended since the last one… */
  checkpointEvery: number;
  /** …or once this long has passed since the last one and there is anything new. */
  checkpointIntervalMs: number;
  log: (message: string) => void;
  /**
   * Called inside the appending transaction with the newly stored entries, once their rows are
   * inserted (a projection may read them), so projections (case state, decisions, rollups) commit or
   * roll back together with the ledger.
   */
  project?: (tx: Transaction, workspaceId: string, entries: { seq: number; event: WarrantEvent }[]) => Promise<void>;
}

export const checkpointOrigin = (workspaceId: string) => `warrant/${workspaceId}`;
