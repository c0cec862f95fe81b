// The deterministic demo generator: the same seed and end date give the same events, in the same
// order, with the same ids, on every machine. Events come out in chronological order, in batches,
// so they can be appended to the ledger as they are produced without holding 90 days in memory.
import type { WarrantEvent } from "@/lib/events/schema";
import { CaseSimulator, type Draft } from "./cases";
import { demoPolicyVersions, type DemoPolicyVersion } from "./policies";
import { Random } from "./random";
import { Timeline } from "./timeline";

export interface DemoOptions {
  /** Exactly how many events to produce. */
  events: number;
  seed: string | number;
  /** The end of the 90-day window (exclusive). Pass a fixed date for reproducible output. */
  endDate: Date;
  /** Events per batch; default 1000 (the contract's per-request limit). */
  batchSize?: number;
}

export interface DemoWorld {
  timeline: Timeline;
  policies: DemoPolicyVersion[];
}

/** The timeline and the policy history of a demo ending at `endDate`. */
export function demoWorld(endDate: Date): DemoWorld {
  const timeline = new Timeline(endDate);
  const regression = timeline.releases.find((r) => r.ignoresRefundLimits) ?? timeline.releases[0];
  return { timeline, policies: demoPolicyVersions(timeline, regression.name) };
}

interface Pending extends Draft {
  /** Order of creation: breaks ties in time so an event never precedes the one it answers. */
  n: number;
}

/** A binary min-heap on (t, n). */
class EventQueue {
  private readonly items: Pending[] = [];

  get size() {
    return this.items.length;
  }

  peek(): Pending | undefined {
    return this.items[0];
  }

  push(item: Pending) {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i], a[parent])) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  pop(): Pending | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l], a[m])) m = l;
        if (r < a.length && before(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

const before = (x: Pending, y: Pending) => x.t < y.t || (x.t === y.t && x.n < y.n);

/**
 * Yields exactly `events` events, in chronological order, in batches of `batchSize`.
 *
 * Contacts arrive along the timeline in proportion to the events already produced, so the event
 * density follows the timeline's daily and weekly shape and the window fills to its end. Events
 * after the end date (feedback, repeat contacts of late cases) have not happened yet and are dropped.
 */
export function* generateDemo(options: DemoOptions): Generator<WarrantEvent[], void, undefined> {
  const total = options.events;
  if (!Number.isInteger(total) || total < 0) throw new Error(`events must be a whole number ≥ 0 (got ${total})`);
  const batchSize = options.batchSize ?? 1000;
  const { timeline, policies } = demoWorld(options.endDate);
  const rng = new Random(options.seed);
  const simulator = new CaseSimulator(rng, timeline, policies);
  const queue = new EventQueue();
  const drafts: Draft[] = [];
  let created = 0;
  let produced = 0;
  let emitted = 0;
  let batch: WarrantEvent[] = [];

  while (produced < total) {
    const start = timeline.warp(produced / total);
    // Everything before this contact is final: later cases only add events at or after their start.
    while (queue.size > 0 && queue.peek()!.t < start && emitted < total) {
      batch.push(queue.pop()!.event);
      emitted += 1;
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
    drafts.length = 0;
    simulator.simulate(start, drafts);
    for (const draft of drafts) {
      if (draft.t >= timeline.end) continue;
      (draft as Pending).n = created++;
      queue.push(draft as Pending);
      produced += 1;
    }
  }
  while (queue.size > 0 && emitted < total) {
    batch.push(queue.pop()!.event);
    emitted += 1;
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
