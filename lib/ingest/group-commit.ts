import { ApiError, isDatabaseUnavailable } from "@/lib/api/errors";
import type { WarrantEvent } from "@/lib/events/schema";
import { type AppendBase, appendBatches, type AppendedEvent } from "@/lib/ledger/append";
import type { Ledger } from "@/lib/ledger/context";
import { canonicalEvent } from "@/lib/ledger/chain";
import { CanonicalizationError } from "@/lib/ledger/jcs";
import { detached, log } from "@/lib/log";

interface Pending {
  events: WarrantEvent[];
  /** The events' canonical forms, computed when the request was taken (see `submit`). */
  canonicals: string[];
  resolve: (results: AppendedEvent[]) => void;
  reject: (error: unknown) => void;
  /** The caller has its answer (results, an error, or a timeout); later outcomes are not sent. */
  answered: boolean;
  /** Taken into a transaction: from here on, a timeout cannot say whether it will be stored. */
  started: boolean;
  timer?: NodeJS.Timeout;
}

interface Lane {
  queue: Pending[];
  /** Transactions of this lane under way. */
  active: number;
  /** One of them has not yet sent its writes: it may still be waiting for the chain lock. */
  gathering: boolean;
  /**
   * The base the lane's latest transaction leaves if it commits: the next one is computed on it and
   * sent whole, speculatively (lib/ledger/append.ts). A hint, never trusted: the database checks it.
   */
  base?: AppendBase;
}

/** Events waiting in a lane that let it start one transaction more than `overlap` (see `overlapFor`). */
export const BURST_EVENTS = 200;

/** How long a request may wait for its group to commit before it is answered 503 (the database hangs). */
export const DEFAULT_COMMIT_TIMEOUT_MS = 15_000;

/**
 * Group commit: requests for one workspace that arrive while its previous transaction is running
 * are coalesced into the next one, so the chain lock and the commit (the fsync) are paid once per
 * group rather than once per request. Each request is still all-or-nothing: if a group fails for a
 * reason other than the database being unavailable (one request conflicts, or holds a value the
 * database refuses), the group is retried request by request, so only that request fails.
 * A request's promise resolves only after its transaction committed: acknowledged means durable.
 *
 * No request waits forever: after `timeoutMs` it is answered 503 (retry with the same ids; if its
 * transaction was already running it may still commit, and the retry is then a duplicate). `close()`
 * refuses new requests (503) and waits for the ones already taken, for a graceful shutdown.
 */
export class GroupCommitter {
  private readonly lanes = new Map<string, Lane>();
  private inFlight = 0;
  private idle: (() => void)[] = [];
  private closed = false;

  /**
   * `overlap` 2 lets a workspace's next transaction start once the running one has sent its writes
   * and COMMIT: its BEGIN and chain-lock request then wait inside PostgreSQL, which grants the lock the
   * moment the first commits, instead of being sent only after Node has heard of that commit. Only
   * worth it on a server; an embedded database runs one transaction at a time anyway.
   */
  constructor(
    private readonly ledger: Ledger,
    private readonly maxGroupEvents = 10_000,
    private readonly timeoutMs = DEFAULT_COMMIT_TIMEOUT_MS,
    private readonly overlap: 1 | 2 = 1,
  ) {}

  submit(workspaceId: string, events: WarrantEvent[]): Promise<AppendedEvent[]> {
    if (this.closed) {
      return Promise.reject(new ApiError(503, "unavailable", "The server is shutting down; nothing was stored. Retry shortly (another instance may answer).", undefined, { "retry-after": "1" }));
    }
    // Serialised now, while the workspace's transactions run, rather than when the request's group is
    // formed: that is between one group's commit and the next one's writes, where Node's time is the
    // cycle's. A request holding a value that cannot be serialised is refused alone, before it joins a group.
    let canonicals: string[];
    try {
      canonicals = events.map(canonicalEvent);
    } catch (error) {
      return Promise.reject(unstorable(error, events) ?? error);
    }
    return new Promise((resolve, reject) => {
      let lane = this.lanes.get(workspaceId);
      if (!lane) {
        lane = { queue: [], active: 0, gathering: false };
        this.lanes.set(workspaceId, lane);
      }
      const pending: Pending = { events, canonicals, resolve, reject, answered: false, started: false };
      if (this.timeoutMs > 0) {
        pending.timer = setTimeout(() => this.timeOut(workspaceId, pending), this.timeoutMs);
        pending.timer.unref();
      }
      lane.queue.push(pending);
      this.inFlight += 1;
      // The lane's work serves many requests: its log lines must not carry the first one's id.
      detached(() => this.pump(workspaceId, lane!));
    });
  }

  /** Resolves once every submitted request has settled (used to drain on shutdown). */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops taking requests (new ones are answered 503) and resolves once those already taken have settled. */
  close(): Promise<void> {
    this.closed = true;
    return this.whenIdle();
  }

  /** False once close() was called (shutting down). */
  get accepting(): boolean {
    return !this.closed;
  }

  /** Requests taken and not yet settled. */
  get pending(): number {
    return this.inFlight;
  }

  /**
   * Starts the lane's next transaction when one may start: none is still gathering (taking requests,
   * waiting for the lock, computing), and fewer than `overlap` are under way. Requests queue meanwhile,
   * and the next transaction takes them all as one group.
   */
  private pump(workspaceId: string, lane: Lane) {
    while (lane.queue.length > 0 && !lane.gathering && lane.active < this.overlapFor(lane)) {
      const group = takeGroup(lane.queue, this.maxGroupEvents);
      lane.active += 1;
      lane.gathering = true;
      let sent = false;
      const onSent = (leaves?: AppendBase) => {
        if (leaves) lane.base = leaves;
        if (sent) return;
        sent = true;
        lane.gathering = false;
        this.pump(workspaceId, lane);
      };
      void this.commit(workspaceId, group, lane, onSent).finally(() => {
        lane.active -= 1;
        onSent();
        if (lane.active === 0 && lane.queue.length === 0) this.lanes.delete(workspaceId);
        else this.pump(workspaceId, lane);
      });
    }
  }

  /**
   * How many of the lane's transactions may be under way: `overlap`, and one more while at least
   * BURST_EVENTS events wait. A third transaction keeps PostgreSQL busy while the first commits and the
   * second waits for the chain lock, which is worth it for large groups: batches of 100 from 16
   * connections went from 8,019 to 8,875 events/s (docs/benchmarks.md). For small ones it only splits
   * the waiting requests into more groups, each paying its own planning and commit: single events from
   * 64 connections went from 1,563 to 1,256 events/s with a third transaction always allowed.
   */
  private overlapFor(lane: Lane): number {
    if (this.overlap === 1) return 1;
    let waiting = 0;
    for (const p of lane.queue) {
      waiting += p.events.length;
      if (waiting >= BURST_EVENTS) return this.overlap + 1;
    }
    return this.overlap;
  }

  private async commit(workspaceId: string, group: Pending[], lane?: Lane, onSent?: (leaves: AppendBase) => void) {
    for (const p of group) p.started = true;
    try {
      const results = await appendBatches(this.ledger, workspaceId, group.map((p) => p.events), {
        base: lane?.base,
        onSent,
        canonicals: group.map((p) => p.canonicals),
      });
      group.forEach((p, i) => this.settle(p, () => p.resolve(results[i])));
    } catch (error) {
      // What this group would have left is not the head; the next group reads it under the lock.
      if (lane) lane.base = undefined;
      if (group.length > 1 && !isDatabaseUnavailable(error)) {
        // Isolate the request at fault (a conflict, a value the database refuses); the others are
        // stored in their own transactions. A request already answered (timed out) is not retried.
        for (const p of group) {
          if (p.answered) this.settle(p, () => {});
          else await this.commit(workspaceId, [p]);
        }
        return;
      }
      const answer = group.length === 1 ? unstorable(error, group[0].events) ?? error : error;
      for (const p of group) this.settle(p, () => p.reject(answer));
    }
  }

  private timeOut(workspaceId: string, p: Pending) {
    if (p.answered) return;
    const lane = this.lanes.get(workspaceId);
    const queued = !p.started && lane ? lane.queue.indexOf(p) : -1;
    if (queued >= 0) {
      // Never taken into a transaction: drop it, so it is certainly not stored.
      lane!.queue.splice(queued, 1);
      this.settle(p, () => p.reject(timeoutError(this.timeoutMs, false)));
      return;
    }
    // Its transaction is running and may still commit: answer now, count it as in flight until it ends.
    p.answered = true;
    clearTimeout(p.timer);
    p.reject(timeoutError(this.timeoutMs, true));
  }

  private settle(p: Pending, action: () => void) {
    if (!p.answered) {
      p.answered = true;
      clearTimeout(p.timer);
      action();
    }
    this.inFlight -= 1;
    if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
  }
}

function takeGroup(queue: Pending[], maxEvents: number): Pending[] {
  const group: Pending[] = [queue.shift()!];
  let size = group[0].events.length;
  while (queue.length > 0 && size + queue[0].events.length <= maxEvents) {
    const next = queue.shift()!;
    size += next.events.length;
    group.push(next);
  }
  return group;
}

function timeoutError(ms: number, started: boolean): ApiError {
  const outcome = started ? "they may or may not have been stored" : "nothing was stored";
  return new ApiError(503, "unavailable", `The database did not commit the events within ${ms / 1000} s; ${outcome}. Retry with the same ids: an event is never stored twice.`, undefined, { "retry-after": "2" });
}

/**
 * A 400 for a request the database (or the canonical encoder) refused because of a value in it —
 * a NUL character, which PostgreSQL text and jsonb cannot hold; a number JSON read as Infinity; a lone
 * UTF-16 surrogate — naming where it is. Anything else stays as it was (a 500 with a request id).
 */
function unstorable(error: unknown, events: WarrantEvent[]): ApiError | null {
  const database = findSqlError(error);
  const sqlState = database?.code;
  const refused = error instanceof CanonicalizationError || (error as Error)?.name === "CanonicalizationError" || (sqlState !== undefined && sqlState.startsWith("22"));
  if (!refused) return null;
  log.warn("an event held a value that cannot be stored", { sqlState, error: String((database ?? (error as Error)).message).slice(0, 300) });
  const issues = events.flatMap((event, index) => {
    const found = findUnstorable(event, "");
    return found ? [{ index, path: found.path, message: found.message }] : [];
  });
  return new ApiError(
    400,
    "invalid_events",
    "An event holds a value that cannot be stored (a NUL character, a number outside the double range, or a lone surrogate); nothing was stored.",
    issues.length > 0 ? issues.slice(0, 100) : [{ path: "", message: "a value cannot be stored" }],
  );
}

/** The PostgreSQL error (one with a five-character SQLSTATE) in `error` or its causes. */
function findSqlError(error: unknown): { code: string; message: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return current as { code: string; message: string };
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function findUnstorable(value: unknown, path: string, depth = 0): { path: string; message: string } | null {
  if (depth > 200) return null;
  const where = path || "(event)";
  if (typeof value === "string") {
    if (value.includes("\u0000")) return { path: where, message: "contains a NUL character (\\u0000), which cannot be stored" };
    if (LONE_SURROGATE.test(value)) return { path: where, message: "contains a lone UTF-16 surrogate, which is not valid Unicode" };
    return null;
  }
  if (typeof value === "number") return Number.isFinite(value) ? null : { path: where, message: "is a number outside the range of a double (JSON read it as Infinity)" };
  if (value === null || typeof value !== "object") return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const keyProblem = findUnstorable(key, childPath, depth + 1);
    if (keyProblem) return { path: childPath, message: `its key ${keyProblem.message}` };
    const found = findUnstorable(child, childPath, depth + 1);
    if (found) return found;
  }
  return null;
}
