import type { WarrantEvent } from "@/lib/events/schema";
import { appendBatches, LedgerConflictError, type AppendedEvent } from "@/lib/ledger/append";
import type { Ledger } from "@/lib/ledger/context";

interface Pending {
  events: WarrantEvent[];
  resolve: (results: AppendedEvent[]) => void;
  reject: (error: unknown) => void;
}

interface Lane {
  queue: Pending[];
  running: boolean;
}

/**
 * Group commit: requests for one workspace that arrive while its previous transaction is running
 * are coalesced into the next one, so the chain lock and the commit (the fsync) are paid once per
 * group rather than once per request. Each request is still all-or-nothing: if a group fails because
 * one request conflicts, the group is retried request by request, so only that request fails.
 * A request's promise settles only after its transaction committed (or failed): acknowledged means durable.
 */
export class GroupCommitter {
  private readonly lanes = new Map<string, Lane>();
  private inFlight = 0;
  private idle: (() => void)[] = [];

  constructor(
    private readonly ledger: Ledger,
    private readonly maxGroupEvents = 10_000,
  ) {}

  submit(workspaceId: string, events: WarrantEvent[]): Promise<AppendedEvent[]> {
    return new Promise((resolve, reject) => {
      let lane = this.lanes.get(workspaceId);
      if (!lane) {
        lane = { queue: [], running: false };
        this.lanes.set(workspaceId, lane);
      }
      lane.queue.push({ events, resolve, reject });
      this.inFlight += 1;
      if (!lane.running) void this.drain(workspaceId, lane);
    });
  }

  /** Resolves once every submitted request has settled (used to drain on shutdown). */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private async drain(workspaceId: string, lane: Lane) {
    lane.running = true;
    try {
      while (lane.queue.length > 0) {
        const group = takeGroup(lane.queue, this.maxGroupEvents);
        await this.commit(workspaceId, group);
      }
    } finally {
      lane.running = false;
      if (lane.queue.length === 0) this.lanes.delete(workspaceId);
      else void this.drain(workspaceId, lane);
    }
  }

  private async commit(workspaceId: string, group: Pending[]) {
    try {
      const results = await appendBatches(this.ledger, workspaceId, group.map((p) => p.events));
      group.forEach((p, i) => this.settle(p, () => p.resolve(results[i])));
    } catch (error) {
      if (LedgerConflictError.is(error) && group.length > 1) {
        // Isolate the conflicting request; the others are stored in their own transactions.
        for (const p of group) await this.commit(workspaceId, [p]);
        return;
      }
      for (const p of group) this.settle(p, () => p.reject(error));
    }
  }

  private settle(p: Pending, action: () => void) {
    action();
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
