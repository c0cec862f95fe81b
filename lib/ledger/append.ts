import { eq, sql } from "drizzle-orm";
import { allInOrder, pipelinedOver, type PipelinedWork, rowsOf, sqlArray, type Transaction } from "@/db/client";
import { chainHeads, checkpoints } from "@/db/schema";
import type { WarrantEvent } from "@/lib/events/schema";
import { canonicalEvent, encodeRecordAround, entryHash, genesisHash } from "./chain";
import { checkpointOrigin, type Ledger } from "./context";
import { appendToFrontier, decodeFrontier, encodeFrontier, frontierRoot, leafHash } from "./merkle";
import { checkpointBody, signNote } from "./note";

export interface AppendedEvent {
  id: string;
  seq: number;
  hash: string;
  duplicate: boolean;
}

/** The same id was sent again with a different body: refusing it keeps the id an idempotency key. */
export class LedgerConflictError extends Error {
  // Next bundles server code per entry point, so one class can exist twice in a process and
  // `instanceof` fails across bundles; `LedgerConflictError.is` checks a brand instead.
  readonly brand = "warrant.LedgerConflictError";
  static is(error: unknown): error is LedgerConflictError {
    return (error as { brand?: string } | null)?.brand === "warrant.LedgerConflictError";
  }

  constructor(
    readonly ids: string[],
    readonly batchIndex: number,
  ) {
    super(`event id ${ids.join(", ")} was already stored with a different body`);
  }
}

// Rows per INSERT statement and ids per duplicate look-up.
const INSERT_CHUNK = 2000;

interface PendingCheckpoint {
  workspaceId: string;
  treeSize: number;
  note: string;
  root: Buffer;
}

/** A workspace's chain head: the last entry and what the next checkpoint is due after. */
export interface ChainHead {
  seq: number;
  hash: Buffer;
  frontier: Buffer;
  checkpointSeq: number;
  checkpointAt: Date | null;
}

/**
 * What a workspace's next append may be computed on without reading anything under the chain lock:
 * the head an append leaves if it commits, and what its projections prepared (see `appendBatches`).
 */
export interface AppendBase {
  head: ChainHead;
  prepared: unknown;
}

export interface AppendOptions {
  receivedAt?: Date;
  /**
   * The base the workspace's previous append (in this process) leaves if it commits. Given, the append
   * is first tried speculatively on it (see `appendBatches`).
   */
  base?: AppendBase;
  /**
   * Called once the transaction no longer needs Node: its writes and COMMIT are on their way to the
   * database (or it had nothing to write), with the base it leaves if it commits. The group committer
   * starts the workspace's next transaction then, so that it already waits in PostgreSQL when this one
   * commits. Called again if a speculative attempt fails and the append runs the ordinary way.
   */
  onSent?: (leaves: AppendBase) => void;
  /** The batches' canonical forms (`canonicalEvent`), when the caller has computed them already. */
  canonicals?: string[][];
}

/**
 * The only write path of the ledger. Appends each batch in order, in one transaction: every batch is
 * stored whole or, if any batch conflicts, nothing is. Returns one result list per batch, in input order.
 *
 * The ordinary append takes the chain lock and reads, in one round trip, the head, which of the events
 * are already stored and what the projections need; then it computes the entries and sends every
 * write with COMMIT. Given `options.base`, the append is first tried speculatively: the entries are
 * computed on that base as if none of the events were stored, and the entries' own rows, the guards
 * (db/migrations/0013), every other write and COMMIT go out together: PostgreSQL inserts the rows while
 * the previous append still holds the chain lock, and runs the rest the moment the lock is granted,
 * with no round trip to Node under the lock (the gate and order locks below keep that deadlock-free and
 * in order). If the head or the policy is no longer the one expected, or an event was
 * already stored (its unique key fails), the transaction rolls back whole and the append runs again
 * the ordinary way, which answers duplicates and conflicts as always: a failed speculation costs time,
 * never correctness.
 */
export async function appendBatches(
  ledger: Ledger,
  workspaceId: string,
  batches: WarrantEvent[][],
  options: AppendOptions = {},
): Promise<AppendedEvent[][]> {
  // Canonical forms do not depend on the chain, so they are computed before the transaction: while the
  // workspace's previous transaction still holds the lock, not while this one holds it.
  const canonicals = options.canonicals ?? batches.map((batch) => batch.map(canonicalEvent));
  const transaction = ledger.pipelined ?? pipelinedOver(ledger.db);
  const speculation = options.base ? prepareFrom(ledger, options.base.prepared, batches.flat()) : null;
  if (options.base && speculation) {
    const base = options.base.head;
    // Generic plans only once the chain is long enough that a plan made from its statistics stays good
    // (Ledger.genericPlansFrom).
    const planning = { genericPlans: ledger.genericPlansFrom !== undefined && base.seq >= ledger.genericPlansFrom };
    const published: PendingCheckpoint[] = [];
    const results = await transaction(async (tx) => {
      const receivedAt = (options.receivedAt ?? new Date()).toISOString();
      const chained = chainOnto(workspaceId, base, new Map(), batches, canonicals, receivedAt);
      // The entries' own rows are sent first, ahead of the guards: they touch no row another append
      // writes (their sequence numbers follow the base, their ids are new), so PostgreSQL inserts them
      // while the workspace's previous transaction still holds the chain lock, on another core.
      const early = [
        claimLeaves(tx, workspaceId, chained.seq),
        appendGate(tx, workspaceId, "shared"),
        ...writeOwn(tx, ledger, workspaceId, chained),
        awaitBase(tx, workspaceId, base.seq),
      ];
      // Then the lock request, which waits in PostgreSQL, and every other write queues behind it.
      const first = [...early, expectHead(tx, workspaceId, base)];
      if (speculation.guard) first.push(speculation.guard(tx, workspaceId));
      return send(tx, ledger, workspaceId, base, chained, speculation.prepared, published, options.onSent, first);
    }, planning).catch(() => null);
    if (results) {
      await publishAll(ledger, published);
      return results;
    }
  }
  const published: PendingCheckpoint[] = [];
  const results = await transaction(async (tx) => {
    const receivedAt = (options.receivedAt ?? new Date()).toISOString();
    const ids = [...new Set(batches.flat().map((e) => e.id))];
    // Pipelined on the transaction's one connection: PostgreSQL runs them in order, so the duplicate
    // look-up and the projections' read execute after the chain lock is granted, in one round trip.
    const [, head, stored, prepared] = await allInOrder([
      appendGate(tx, workspaceId, "exclusive"),
      lockHead(tx, workspaceId),
      storedEvents(tx, workspaceId, ids),
      ledger.project?.prepare(tx, workspaceId, batches.flat()),
    ]);
    const chained = chainOnto(workspaceId, head, stored, batches, canonicals, receivedAt);
    return send(tx, ledger, workspaceId, head, chained, prepared, published, options.onSent, writeOwn(tx, ledger, workspaceId, chained));
  });
  await publishAll(ledger, published);
  return results;
}

type StoredEvents = Map<string, { canonical: string; result: AppendedEvent }>;

interface Chained {
  /** One result list per batch, in input order. */
  out: AppendedEvent[][];
  /** The new entries as `insertRows` sends them, one chunk per INSERT_CHUNK entries. */
  chunks: EntryChunk[];
  receivedAt: string;
  appended: { seq: number; event: WarrantEvent }[];
  seq: number;
  hash: Buffer;
  frontier: Buffer[];
}

/** Chains the batches' new events onto `head`: their entries, and the results of every event (duplicates included). */
function chainOnto(
  workspaceId: string,
  head: ChainHead,
  stored: StoredEvents,
  batches: WarrantEvent[][],
  canonicals: string[][],
  receivedAt: string,
): Chained {
  let { seq, hash } = head;
  let frontier = decodeFrontier(head.frontier);
  // The head's hash, then each new entry's: entry i's previous hash is hashes[i], its own hashes[i + 1].
  const hashes: Buffer[] = [head.hash];
  const records: string[] = [];
  const appended: { seq: number; event: WarrantEvent }[] = [];
  const seen: StoredEvents = new Map(stored);
  const out = batches.map((batch, batchIndex) =>
    batch.map((event, index) => {
      const canonical = canonicals[batchIndex][index];
      const earlier = seen.get(event.id);
      if (earlier) {
        if (earlier.canonical !== canonical) throw new LedgerConflictError([event.id], batchIndex);
        return { ...earlier.result, duplicate: true };
      }
      seq += 1;
      const record = encodeRecordAround(canonical, { workspace: workspaceId, seq: String(seq), id: event.id, receivedAt });
      hash = entryHash(hash, record);
      frontier = appendToFrontier(frontier, seq - 1, leafHash(hash));
      hashes.push(hash);
      records.push(record);
      appended.push({ seq, event });
      const result = { id: event.id, seq, hash: hash.toString("hex"), duplicate: false };
      seen.set(event.id, { canonical, result });
      return result;
    }),
  );
  const chunks: EntryChunk[] = [];
  for (let i = 0; i < records.length; i += INSERT_CHUNK) {
    chunks.push({
      firstSeq: head.seq + 1 + i,
      hashes: Buffer.concat(hashes.slice(i, i + INSERT_CHUNK + 1)),
      records: records.slice(i, i + INSERT_CHUNK).join(RECORD_SEPARATOR),
    });
  }
  return { out, chunks, receivedAt, appended, seq, hash, frontier };
}

/**
 * Sends the rest of the append's writes behind `first` (what each path sends ahead: the entries' own
 * rows, and for a speculative append its locks and guards), at once, in one round trip, and returns
 * them unawaited: COMMIT follows them (see PipelinedRunner). The projections read the entries' rows,
 * and they are sent after the INSERTs, so PostgreSQL runs them after the rows are in.
 */
function send(
  tx: Transaction,
  ledger: Ledger,
  workspaceId: string,
  head: ChainHead,
  chained: Chained,
  prepared: unknown,
  published: PendingCheckpoint[],
  onSent: AppendOptions["onSent"],
  first: Promise<unknown>[],
): PipelinedWork<AppendedEvent[][]> {
  const { out, appended, seq, hash, frontier } = chained;
  const writes = [...first];
  if (appended.length === 0) {
    onSent?.({ head, prepared });
    return { value: out, inFlight: allInOrder(writes) };
  }
  const checkpoint = checkpointDue(ledger, head, seq) ? signCheckpoint(ledger, workspaceId, seq, frontier) : null;
  if (checkpoint) published.push(checkpoint);
  if (ledger.project) writes.push(ledger.project.apply(tx, workspaceId, appended, prepared));
  if (checkpoint) writes.push(insertCheckpoint(tx, ledger, checkpoint));
  const now = new Date();
  const leaves: ChainHead = {
    seq,
    hash,
    frontier: encodeFrontier(frontier),
    checkpointSeq: checkpoint ? seq : head.checkpointSeq,
    checkpointAt: checkpoint ? now : head.checkpointAt,
  };
  writes.push(
    tx
      .update(chainHeads)
      .set({ seq, hash, frontier: leaves.frontier, updatedAt: now, ...(checkpoint ? { checkpointSeq: seq, checkpointAt: now } : {}) })
      .where(eq(chainHeads.workspaceId, workspaceId)),
  );
  onSent?.({ head: leaves, prepared });
  return { value: out, inFlight: allInOrder(writes) };
}

/**
 * Sends the writes that depend on nothing but the entries themselves: the entries' rows, and the
 * projection rows made from them alone (LedgerProjector.applyOwn).
 */
function writeOwn(tx: Transaction, ledger: Ledger, workspaceId: string, { chunks, receivedAt, appended }: Chained): Promise<void>[] {
  const writes: Promise<void>[] = chunks.map((chunk) => insertRows(tx, workspaceId, receivedAt, chunk));
  if (ledger.project?.applyOwn && appended.length > 0) writes.push(ledger.project.applyOwn(tx, workspaceId, appended));
  return writes;
}

/** The projections' speculative preparation, or null when the projector cannot prepare without reading. */
function prepareFrom(ledger: Ledger, earlier: unknown, events: WarrantEvent[]) {
  if (!ledger.project) return { prepared: undefined, guard: undefined };
  return ledger.project.prepareFrom?.(earlier, events) ?? null;
}

// The first key of the gate's advisory lock (the second is the workspace's hash), as lib/policy/store.ts does.
const APPEND_GATE_LOCK = 0x6170_6e64; // "apnd"

/**
 * The append gate: a speculative append holds it shared from its first statement, the ordinary one
 * exclusively, both until they end. A speculative append inserts its entries before it waits for the
 * chain lock; an ordinary one inserts its entries while holding the chain lock. Were both to run at
 * once with overlapping sequence numbers (the speculation's base was stale: another process appended,
 * or the group before it failed), each would wait for the other: the ordinary one for the
 * speculation's uncommitted rows, the speculation for the chain lock, a deadlock that PostgreSQL
 * breaks only after a second. Behind the gate an ordinary append starts once the speculations under
 * way have ended (they cannot wait for it), and speculations wait among themselves only for the chain
 * lock and each other's rows, which the lock holder never waits for. Workspaces whose names hash alike
 * share a gate: they only wait for each other more often.
 */
async function appendGate(tx: Transaction, workspaceId: string, mode: "shared" | "exclusive") {
  await (mode === "shared"
    ? tx.execute(sql`select pg_advisory_xact_lock_shared(${APPEND_GATE_LOCK}, hashtext(${workspaceId}))`)
    : tx.execute(sql`select pg_advisory_xact_lock(${APPEND_GATE_LOCK}, hashtext(${workspaceId}))`));
}

/**
 * The order of speculative appends. Each inserts its entries before it asks for the chain lock, so a
 * small group sent after a large one could reach the lock first, find the head not yet the one it was
 * computed on, and fail. So each holds, from its first statement, an advisory lock keyed by the head it
 * leaves (`claimLeaves`), and the next one, before asking for the chain lock, waits for the lock keyed
 * by its base (`awaitBase`): it asks only once the append it was computed on has ended, committed or
 * not, just as it would have waited for the chain lock behind it. An append whose base an ordinary
 * append left finds no such lock: that append held the chain lock before this one was computed.
 */
async function claimLeaves(tx: Transaction, workspaceId: string, seq: number) {
  await tx.execute(sql`select pg_advisory_xact_lock(${headKey(workspaceId, seq)})`);
}

async function awaitBase(tx: Transaction, workspaceId: string, seq: number) {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${headKey(workspaceId, seq)})`);
}

// The workspace's hash in the high half, the sequence number's low 32 bits in the low half: appends under
// way at once are never 2^32 entries apart. (A bigint key, so never the same lock as the two-key gate.)
const headKey = (workspaceId: string, seq: number) => sql`(hashtext(${workspaceId})::bigint << 32) | (${seq}::bigint & 4294967295)`;

// Takes the chain lock and fails the transaction unless the head is still `head` (migration 0013).
// Awaited here, so that it is sent when called (a drizzle query is sent when first awaited), ahead of the writes.
async function expectHead(tx: Transaction, workspaceId: string, head: ChainHead) {
  await tx.execute(sql`select warrant_expect_head(${workspaceId}, ${head.seq}, decode(${head.hash.toString("hex")}, 'hex'))`);
}

export async function appendEvents(ledger: Ledger, workspaceId: string, batch: WarrantEvent[], options: AppendOptions = {}) {
  const [results] = await appendBatches(ledger, workspaceId, [batch], options);
  return results;
}

/** Signs a checkpoint of the current head now, if anything was appended since the last one. */
export async function checkpointNow(ledger: Ledger, workspaceId: string): Promise<number | null> {
  const published: PendingCheckpoint[] = [];
  await ledger.db.transaction(async (tx) => {
    const head = await lockHead(tx, workspaceId);
    if (head.seq === 0 || head.seq === head.checkpointSeq) return;
    const checkpoint = signCheckpoint(ledger, workspaceId, head.seq, decodeFrontier(head.frontier));
    await insertCheckpoint(tx, ledger, checkpoint);
    published.push(checkpoint);
    await tx
      .update(chainHeads)
      .set({ checkpointSeq: head.seq, checkpointAt: new Date() })
      .where(eq(chainHeads.workspaceId, workspaceId));
  });
  await publishAll(ledger, published);
  return published[0]?.treeSize ?? null;
}

// The chain head row is the per-workspace append lock: appends to one workspace serialise here,
// appends to different workspaces never meet.
async function lockHead(tx: Transaction, workspaceId: string): Promise<ChainHead> {
  // One statement creates the head on first use and otherwise locks it: ON CONFLICT DO UPDATE takes
  // the row lock, like SELECT … FOR UPDATE, and RETURNING hands back the row.
  const [head] = await tx
    .insert(chainHeads)
    .values({ workspaceId, seq: 0, hash: genesisHash(workspaceId), frontier: Buffer.alloc(0) })
    .onConflictDoUpdate({ target: chainHeads.workspaceId, set: { workspaceId: sql`excluded.workspace_id` } })
    .returning();
  return { ...head, seq: Number(head.seq), checkpointSeq: Number(head.checkpointSeq) };
}

async function storedEvents(tx: Transaction, workspaceId: string, ids: string[]) {
  const found = new Map<string, { canonical: string; result: AppendedEvent }>();
  if (ids.length === 0) return found;
  const rows = rowsOf<{ id: string; seq: string | number; record: string; hash: string }>(
    await tx.execute(sql`
      select id, seq, record, encode(hash, 'hex') as hash from events
      where workspace_id = ${workspaceId} and id = any(${sqlArray(ids, "uuid")})`),
  );
  for (const row of rows) {
    // Compare against the hashed record, never the jsonb copy: jsonb reorders keys and normalises numbers.
    const canonical = canonicalEvent((JSON.parse(row.record) as { event: unknown }).event);
    found.set(row.id, { canonical, result: { id: row.id, seq: Number(row.seq), hash: row.hash, duplicate: true } });
  }
  return found;
}

/**
 * The query columns of an entry, as PostgreSQL derives them from the event it stores (`b`, the `body`):
 * the SQL twin of lib/events/columns.ts, which a test holds equal to it (ledger.test.ts). Sent as their
 * own JSON document, the columns were 40% of what an append sent, for Node to write and PostgreSQL to
 * parse, while PostgreSQL parses each record into `body` anyway.
 */
const ENTRY_COLUMNS: [column: string, expression: string][] = [
  ["id", "(b->>'id')::uuid"],
  ["type", "b->>'type'"],
  ["occurred_at", "(b->>'occurredAt')::timestamptz"],
  ["case_id", "b->>'caseId'"],
  ["journey", "b->>'journey'"],
  ["channel", "b->>'channel'"],
  ["actor_type", "b->'actor'->>'type'"],
  ["actor_id", "b->'actor'->>'id'"],
  ["ai_version", "case when b->'actor'->>'type' = 'ai' then b->'actor'->>'version' end"],
  ["action", "b->'action'->>'name'"],
  ["autonomy", "case when b->>'type' = 'action.executed' then b->>'autonomy' end"],
  ["confidence", "(b->'decision'->>'confidence')::double precision"],
  ["parent_id", "(b->>'parentId')::uuid"],
  ["outcome", "case b->>'type' when 'approval.decided' then b->>'outcome' when 'case.outcome' then b->>'status' end"],
  ["customer_ref", "b->>'customerRef'"],
  ["amount", "(b->'action'->'amount'->>'value')::numeric"],
  ["currency", "b->'action'->'amount'->>'currency'"],
];

/** A chunk of new entries as `insertRows` sends it. */
interface EntryChunk {
  /** The sequence number of the chunk's first entry. */
  firstSeq: number;
  /** The hash of the entry before the chunk, then the hash of each of its entries: 32 bytes each. */
  hashes: Buffer;
  /** The entries' records, in order, joined by RECORD_SEPARATOR. */
  records: string;
}

// U+001E never occurs raw in a record: JSON escapes every control character inside strings, and JCS
// and the envelope put none outside them.
const RECORD_SEPARATOR = "\u001e";

const COLUMN_NAMES = sql.raw(ENTRY_COLUMNS.map(([name]) => name).join(", "));
const COLUMN_EXPRESSIONS = sql.raw(ENTRY_COLUMNS.map(([, expression]) => expression).join(", "));

/**
 * Inserts a chunk of entries from what only Node can make: the records, the hashes and the sequence
 * numbers. The records travel as they are, joined by a separator that never occurs in one, and split by
 * string_to_table; each is parsed once into `body` (OFFSET 0 keeps the planner from repeating the parse
 * in every column that reads it) and the query columns are read from that. The hashes travel as one
 * bytea, the previous entry's hash sliced from it next to the entry's own.
 */
async function insertRows(tx: Transaction, workspaceId: string, receivedAt: string, { firstSeq, hashes, records }: EntryChunk) {
  await tx.execute(sql`
    insert into events (workspace_id, received_at, seq, ${COLUMN_NAMES}, record, body, prev_hash, hash)
    select ${workspaceId}, ${receivedAt}::timestamptz, ${firstSeq}::bigint + e.n - 1, ${COLUMN_EXPRESSIONS}, e.record, e.b,
      substring(h.hashes from e.n::int * 32 - 31 for 32), substring(h.hashes from e.n::int * 32 + 1 for 32)
    from (
      select r.record, r.n, r.record::jsonb -> 'event' as b
      from string_to_table(${records}, ${RECORD_SEPARATOR}) with ordinality as r(record, n)
      offset 0
    ) e, (select ${hashes}::bytea as hashes) h`);
}

function checkpointDue(ledger: Ledger, head: ChainHead, newSeq: number): boolean {
  if (newSeq - head.checkpointSeq >= ledger.checkpointEvery) return true;
  // A chain never signed yet is left to the count rule and the background timer (lib/server-tasks).
  if (!head.checkpointAt) return false;
  return Date.now() - head.checkpointAt.getTime() >= ledger.checkpointIntervalMs;
}

function signCheckpoint(ledger: Ledger, workspaceId: string, treeSize: number, frontier: Buffer[]): PendingCheckpoint {
  const root = frontierRoot(frontier, treeSize);
  const note = signNote(checkpointBody(checkpointOrigin(workspaceId), treeSize, root), ledger.key);
  return { workspaceId, treeSize, note, root };
}

async function insertCheckpoint(tx: Transaction, ledger: Ledger, checkpoint: PendingCheckpoint) {
  const { workspaceId, treeSize, root, note } = checkpoint;
  // clock_timestamp(), not now(): now() is the transaction's start, and a transaction that waited for
  // the chain lock started before the one it waited for committed. Signing order must be real order.
  await tx.insert(checkpoints).values({ workspaceId, treeSize, rootHash: root, keyId: ledger.key.keyId, note, createdAt: sql`clock_timestamp()` });
}

// Publishing happens after commit: an external copy must never describe a tree the database rolled back.
async function publishAll(ledger: Ledger, pending: PendingCheckpoint[]) {
  for (const { workspaceId, treeSize, note } of pending) {
    await ledger.sink.publish(workspaceId, treeSize, note).catch((error: Error) => {
      ledger.log(`could not publish checkpoint ${workspaceId}@${treeSize} outside the database: ${error.message}`);
    });
  }
}
