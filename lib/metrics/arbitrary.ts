// Random but contract-valid event streams, for property tests of the metrics (reference invariants
// now; SQL versus reference later). A stream is planned as data first (cases made of steps, each with
// its reactions), then materialised into events with sequential ids and ISO timestamps in assorted
// time zones. Streams are dense in what the KPIs look at: shared customers for repeat contacts,
// gaps of zero (ties), of minutes and of days (inside and outside the came-back window), confidences
// on band edges, several currencies, workspaces and AI versions.
import fc from "fast-check";
import type { Autonomy, Channel } from "@/lib/events/constants";
import { ATTESTERS, AUTONOMY_LEVELS, CASE_STATUSES, HANDOFF_PARTIES, HANDOFF_REASONS, RESOLVERS, SURVEYS } from "@/lib/events/constants";
import type { Action, Actor, ApprovalDecidedEvent, CaseOutcomeEvent, HandoffEvent, WarrantEvent } from "@/lib/events/schema";
import * as build from "./build";
import type { WorkspaceEvent } from "./ledger-view";
import { formatInstant, instant, MICROS_PER_DAY } from "./time";
import type { MetricsQueryInput } from "./types";

export const ARBITRARY_EPOCH_MS = Date.UTC(2025, 0, 1);
export const ARBITRARY_SPAN_DAYS = 28;
export const ARBITRARY_WORKSPACES = ["acme", "globex"] as const;
export const ARBITRARY_JOURNEYS = ["order_status", "billing_dispute"] as const;
export const ARBITRARY_CHANNELS = ["chat", "voice", "email"] as const satisfies readonly Channel[];
export const ARBITRARY_AI_VERSIONS = ["care@1", "care@2"] as const;

const DAY_MS = 86_400_000;
const CUSTOMERS = ["cus_1", "cus_2", "cus_3", "cus_4"];
const OFFSETS = [0, 120, -300, 330]; // minutes east of UTC

// ---- plan ------------------------------------------------------------------------------------

/** Milliseconds after the previous step: ties, minutes, or days (around the 7-day window). */
const gap = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 3_600 }).map((s) => s * 1000) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 10 * 24 }).map((h) => h * 3_600_000) },
  { weight: 1, arbitrary: fc.constant(7 * DAY_MS) },
);
const confidence = fc.option(
  fc.oneof(
    fc.constantFrom(0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95, 1),
    fc.double({ min: 0, max: 1, noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
  ),
  { nil: undefined },
);
const aiActor = fc.constantFrom<Actor & { type: "ai" }>(
  { type: "ai", id: "care-agent", version: ARBITRARY_AI_VERSIONS[0] },
  { type: "ai", id: "care-agent", version: ARBITRARY_AI_VERSIONS[1] },
  { type: "ai", id: "care-agent" },
);
const human = fc.constantFrom<Actor>({ type: "human", id: "agent_1" }, { type: "human", id: "agent_2" });
const anyActor = fc.oneof(aiActor, human, fc.constant<Actor>({ type: "system", id: "crm" }));
const action = fc.record({
  name: fc.constantFrom("refund.issue", "voucher.issue", "order.cancel"),
  amount: fc.option(
    fc.record({ value: fc.integer({ min: 0, max: 50_000 }).map((cents) => cents / 100), currency: fc.constantFrom("EUR", "USD") }),
    { nil: undefined },
  ),
});
const reaction = fc.record({ gap, kind: fc.constantFrom("overridden", "reversed") as fc.Arbitrary<"overridden" | "reversed"> });
const reactions = fc.array(reaction, { maxLength: 2 });

const step = fc.oneof(
  fc.record({
    kind: fc.constant("proposal" as const),
    gap,
    actor: aiActor,
    action,
    confidence,
    decisions: fc.array(
      fc.record({
        gap,
        outcome: fc.constantFrom<ApprovalDecidedEvent["outcome"]>("approved", "edited", "rejected", "expired"),
        latencyMs: fc.option(fc.integer({ min: 0, max: 3_600_000 }), { nil: undefined }),
      }),
      { maxLength: 2 },
    ),
    execution: fc.option(fc.record({ gap, byAi: fc.boolean(), reactions }), { nil: undefined }),
    reactions,
  }),
  fc.record({ kind: fc.constant("action" as const), gap, actor: fc.oneof({ weight: 4, arbitrary: aiActor }, human), autonomy: fc.constantFrom<Autonomy>(...AUTONOMY_LEVELS), action, confidence, reactions }),
  fc.record({
    kind: fc.constant("handoff" as const),
    gap,
    actor: anyActor,
    from: fc.constantFrom<HandoffEvent["from"]>(...HANDOFF_PARTIES),
    to: fc.constantFrom<HandoffEvent["to"]>(...HANDOFF_PARTIES),
    reason: fc.constantFrom<HandoffEvent["reason"]>(...HANDOFF_REASONS),
    contextTransferred: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("opened" as const), gap, contact: fc.integer({ min: 1, max: 3 }) }),
);

const outcomeStep = fc.record({
  kind: fc.constant("outcome" as const),
  gap,
  actor: anyActor,
  status: fc.oneof(
    { weight: 3, arbitrary: fc.constant<CaseOutcomeEvent["status"]>("resolved") },
    { weight: 2, arbitrary: fc.constantFrom<CaseOutcomeEvent["status"]>(...CASE_STATUSES) },
  ),
  resolvedBy: fc.option(fc.constantFrom<NonNullable<CaseOutcomeEvent["resolvedBy"]>>(...RESOLVERS), { nil: undefined, freq: 5 }),
  attestedBy: fc.constantFrom<CaseOutcomeEvent["attestedBy"]>(...ATTESTERS),
});
const closingStep = fc.oneof(
  { weight: 3, arbitrary: outcomeStep },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("feedback" as const),
      gap,
      survey: fc.oneof({ weight: 3, arbitrary: fc.constant<(typeof SURVEYS)[number]>("csat") }, fc.constantFrom(...SURVEYS)),
      scaleMax: fc.constantFrom(5, 10, 7, 2),
      score: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reopened" as const), gap }) },
  { weight: 1, arbitrary: step },
);
type Step = typeof closingStep extends fc.Arbitrary<infer S> ? S : never;

const casePlan = fc.record({
  workspace: fc.constantFrom(...ARBITRARY_WORKSPACES),
  journey: fc.constantFrom(...ARBITRARY_JOURNEYS),
  channel: fc.constantFrom(...ARBITRARY_CHANNELS),
  /** Sometimes the case moves to another channel after its first event. */
  channelChange: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, fc.constantFrom(...ARBITRARY_CHANNELS)),
  customerRef: fc.option(fc.constantFrom(...CUSTOMERS), { nil: undefined, freq: 6 }),
  startMs: fc.integer({ min: 0, max: ARBITRARY_SPAN_DAYS * 24 * 60 }).map((min) => ARBITRARY_EPOCH_MS + min * 60_000),
  /** Most cases open with `case.opened`; some streams start mid-case. */
  opening: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined, freq: 6 }),
  /** What the AI and people did, then how the case ended (outcomes, surveys, returns). */
  steps: fc.tuple(fc.array(step, { maxLength: 5 }), fc.array(closingStep, { maxLength: 4 })).map(([middle, end]) => [...middle, ...end]),
  zone: fc.constantFrom(...OFFSETS),
  precision: fc.constantFrom("s", "ms", "us"),
});
type CasePlan = typeof casePlan extends fc.Arbitrary<infer P> ? P : never;

// ---- materialise -----------------------------------------------------------------------------

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** An instant (ms, plus µs digits) spelled in a time zone, as the contract allows. */
function spell(ms: number, micros: number, zoneMinutes: number): string {
  const local = new Date(ms + zoneMinutes * 60_000);
  const base = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const millis = local.getUTCMilliseconds();
  const fraction = micros !== 0 ? `.${pad(millis, 3)}${pad(micros, 3)}` : millis !== 0 ? `.${pad(millis, 3)}` : "";
  const sign = zoneMinutes < 0 ? "-" : "+";
  const zone = zoneMinutes === 0 ? "Z" : `${sign}${pad(Math.floor(Math.abs(zoneMinutes) / 60))}:${pad(Math.abs(zoneMinutes) % 60)}`;
  return `${base}${fraction}${zone}`;
}

const toAction = (a: { name: string; amount: Action["amount"] }): Action => (a.amount ? { name: a.name, amount: a.amount } : { name: a.name });

interface Pending {
  workspace: string;
  at: number; // ms, for ordering the stream
  order: number;
  make: (ids: { self: string; of: (order: number) => string }) => WarrantEvent;
}

function materialise(plans: CasePlan[]): WorkspaceEvent[] {
  const pending: Pending[] = [];
  plans.forEach((plan, caseIndex) => {
    // Few enough ids that some plans share one: a case assembled from two plans is valid input too.
    const caseId = `case_${caseIndex % 16}`;
    const customer: Actor = { type: "customer", id: plan.customerRef ?? "anonymous" };
    let eventIndex = 0;
    const emit = (atMs: number, actor: Actor, make: (c: build.Common, of: (order: number) => string) => WarrantEvent): number => {
      const order = pending.length;
      const first = eventIndex++ === 0;
      // Sub-millisecond digits vary with the event so that ties are not only whole seconds.
      const micros = plan.precision === "us" ? (order * 37) % 1000 : 0;
      const ms = plan.precision === "s" ? atMs - (atMs % 1000) : atMs + (plan.precision === "ms" ? order % 1000 : 0);
      pending.push({
        workspace: plan.workspace,
        at: ms + micros / 1000,
        order,
        make: ({ self, of }) =>
          make(
            {
              id: self,
              occurredAt: spell(ms, micros, plan.zone),
              caseId,
              journey: plan.journey,
              channel: first ? plan.channel : (plan.channelChange ?? plan.channel),
              ...(plan.customerRef === undefined ? {} : { customerRef: plan.customerRef }),
              actor,
            },
            of,
          ),
      });
      return order;
    };
    const react = (parent: number, parentMs: number, list: { gap: number; kind: "overridden" | "reversed" }[]) => {
      for (const r of list)
        emit(parentMs + r.gap, { type: "human", id: "agent_1" }, (c, of) =>
          r.kind === "overridden" ? build.overridden(c, of(parent)) : build.reversed(c, of(parent), "human"),
        );
    };

    let t = plan.startMs;
    if (plan.opening !== undefined) emit(t, customer, (c) => build.opened(c, plan.opening!));
    for (const s of plan.steps as Step[]) {
      t += s.gap;
      const now = t;
      switch (s.kind) {
        case "opened":
          emit(now, customer, (c) => build.opened(c, s.contact));
          break;
        case "proposal": {
          const p = emit(now, s.actor, (c) => build.proposal({ ...c, actor: s.actor }, toAction(s.action), s.confidence));
          for (const d of s.decisions) emit(now + d.gap, { type: "human", id: "agent_2" }, (c, of) => build.decided(c, of(p), d.outcome, d.latencyMs));
          if (s.execution) {
            const x = s.execution;
            const actor: Actor = x.byAi ? s.actor : { type: "human", id: "agent_2" };
            const e = emit(now + x.gap, actor, (c, of) => build.executed(c, toAction(s.action), "approve", { confidence: s.confidence, parentId: of(p) }));
            react(e, now + x.gap, x.reactions);
          }
          react(p, now, s.reactions);
          break;
        }
        case "action": {
          const a = emit(now, s.actor, (c) => build.executed(c, toAction(s.action), s.autonomy, { confidence: s.confidence }));
          react(a, now, s.reactions);
          break;
        }
        case "handoff":
          emit(now, s.actor, (c) => build.handoff(c, s.from, s.to, s.reason, s.contextTransferred));
          break;
        case "outcome":
          emit(now, s.actor, (c) => build.outcome(c, s.status, s.attestedBy, s.resolvedBy));
          break;
        case "reopened":
          emit(now, customer, (c) => build.reopened(c));
          break;
        case "feedback":
          emit(now, customer, (c) => build.survey(c, Math.round(s.score * s.scaleMax), s.scaleMax, s.survey));
          break;
      }
    }
  });
  // Ledger order is roughly arrival order: by time, ties in the order they were planned.
  const sorted = [...pending].sort((a, b) => a.at - b.at || a.order - b.order);
  const ids = new Map(sorted.map((p, i) => [p.order, build.numberedId("a7b1c2d3", i + 1)]));
  const of = (order: number) => ids.get(order)!;
  return sorted.map((p) => ({ workspace: p.workspace, event: p.make({ self: of(p.order), of }) }));
}

/** A random, contract-valid stream of events starting over 28 days from 2025-01-01, in ledger order. */
export function arbitraryEventStream(options: { maxCases?: number } = {}): fc.Arbitrary<WorkspaceEvent[]> {
  return fc.array(casePlan, { minLength: 1, maxLength: options.maxCases ?? 24, size: "medium" }).map(materialise);
}

/** A filter value a quarter of the time, else none. */
const sometimes = <T>(values: readonly T[]) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...values) });

/**
 * A query over the stream's span: ranges of 1–28 days, sometimes starting or ending exactly on an
 * event's instant (boundary cases), with or without each filter.
 */
export function arbitraryMetricsQuery(events: readonly WorkspaceEvent[] = []): fc.Arbitrary<MetricsQueryInput> {
  const dayAligned = fc.integer({ min: -3, max: ARBITRARY_SPAN_DAYS - 7 }).map((d) => ARBITRARY_EPOCH_MS + d * DAY_MS);
  const start =
    events.length === 0
      ? dayAligned.map((ms) => new Date(ms).toISOString())
      : fc.oneof(dayAligned.map((ms) => new Date(ms).toISOString()), fc.constantFrom(...events.map((e) => e.event.occurredAt)));
  return fc
    .record({
      anchor: start,
      anchorIsEnd: fc.boolean(),
      days: fc.oneof(fc.integer({ min: 1, max: 3 }), { weight: 4, arbitrary: fc.integer({ min: 7, max: ARBITRARY_SPAN_DAYS }) }),
      journey: sometimes(ARBITRARY_JOURNEYS),
      channel: sometimes(ARBITRARY_CHANNELS),
      aiVersion: sometimes(ARBITRARY_AI_VERSIONS),
      workspace: sometimes(ARBITRARY_WORKSPACES),
      cameBackWindowDays: sometimes([1, 7, 14]),
    })
    .map(({ anchor, anchorIsEnd, days, ...rest }) => {
      const length = BigInt(days) * MICROS_PER_DAY;
      const query: MetricsQueryInput = anchorIsEnd
        ? { from: formatInstant(instant(anchor) - length), to: anchor }
        : { from: anchor, to: formatInstant(instant(anchor) + length) };
      for (const [key, value] of Object.entries(rest)) if (value !== undefined) Object.assign(query, { [key]: value });
      return query;
    });
}

export interface MetricsScenario {
  events: WorkspaceEvent[];
  query: MetricsQueryInput;
  breachedEventIds: ReadonlySet<string>;
}

/** A stream, a query over it, and a random subset of its AI-executed actions flagged as policy breaches. */
export function arbitraryScenario(options: { maxCases?: number } = {}): fc.Arbitrary<MetricsScenario> {
  return arbitraryEventStream(options).chain((events) => {
    const aiActions = events.filter(({ event }) => event.type === "action.executed" && event.actor.type === "ai").map(({ event }) => event.id);
    return fc.record({
      events: fc.constant(events),
      query: arbitraryMetricsQuery(events),
      breachedEventIds: fc.subarray(aiActions).map((ids) => new Set(ids)),
    });
  });
}
