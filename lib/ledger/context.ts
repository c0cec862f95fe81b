import type { Database, PipelinedRunner, Transaction } from "@/db/client";
import type { WarrantEvent } from "@/lib/events/schema";
import type { SigningKey } from "./note";
import type { CheckpointSink } from "./sink";

/** Everything the ledger needs, passed explicitly so tests can build one over any database and directory. */
export interface Ledger {
  db: Database;
  /** The append's transaction, statements prepared and pipelined (the handle's); db.transaction when absent. */
  pipelined?: PipelinedRunner;
  key: SigningKey;
  sink: CheckpointSink;
  /** Sign a checkpoint once this many events have been appended since the last one… */
  checkpointEvery: number;
  /** …or once this long has passed since the last one and there is anything new. */
  checkpointIntervalMs: number;
  log: (message: string) => void;
  /**
   * From this many entries in a workspace's chain, its speculative appends (the ones under load) run on
   * generic plans, made once per connection, instead of planning every statement for its values:
   * planning was ~10% of PostgreSQL's time. Not on a young table: a generic plan made from its
   * statistics can probe through the wrong index for as long as the connection keeps it
   * (docs/benchmarks.md). Absent: always planned for the values.
   */
  genericPlansFrom?: number;
  /** Keeps the projections (case state, decisions, rollups) in the appending transaction: they commit or roll back with the ledger. */
  project?: LedgerProjector;
}

/**
 * The projections as the append path drives them, in two steps so that no round trip of the
 * transaction waits on another: `prepare` is sent together with the chain lock and reads what
 * projecting needs (the policy versions); `apply` sends every projection statement right behind the
 * entries' INSERT, on the transaction's one connection, where PostgreSQL runs them in that order.
 */
export interface LedgerProjector<Prepared = unknown> {
  prepare(tx: Transaction, workspaceId: string, events: WarrantEvent[]): Promise<Prepared>;
  apply(tx: Transaction, workspaceId: string, entries: { seq: number; event: WarrantEvent }[], prepared: Prepared): Promise<void>;
  /**
   * The projection writes made from the entries' own rows alone, reading and locking no other row
   * (the case-search documents). Sent right after the entries' INSERT, before `apply`; a speculative
   * append sends both before it even asks for the chain lock (lib/ledger/append.ts).
   */
  applyOwn?(tx: Transaction, workspaceId: string, entries: { seq: number; event: WarrantEvent }[]): Promise<void>;
  /**
   * For a speculative append (lib/ledger/append.ts), computed before its chain lock is granted: prepares
   * from what an earlier append to the workspace prepared (undefined when there was none), without
   * reading. `guard`, when given, sends a statement that fails the transaction if what was read then no
   * longer holds. Null when it cannot prepare without reading; the append then runs the ordinary way.
   */
  prepareFrom?(earlier: Prepared | undefined, events: WarrantEvent[]): SpeculativePreparation<Prepared> | null;
}

export interface SpeculativePreparation<Prepared> {
  prepared: Prepared;
  guard?: (tx: Transaction, workspaceId: string) => Promise<void>;
}

export const checkpointOrigin = (workspaceId: string) => `warrant/${workspaceId}`;
