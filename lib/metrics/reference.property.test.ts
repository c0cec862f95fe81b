// Properties of the reference metrics on random streams: every ratio is well formed, the KPIs agree
// with one another, filters partition, the previous period is the range just before, and the input
// order only matters between events at the same instant.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHANNELS } from "@/lib/events/constants";
import { ARBITRARY_JOURNEYS, ARBITRARY_WORKSPACES, arbitraryScenario, type MetricsScenario } from "./arbitrary";
import { computeMetricsReference, type WorkspaceEvent } from "./reference";
import { instant } from "./time";
import { type MetricsKpis, type MetricsResult, type Ratio, metricsResultSchema, resolveMetricsQuery } from "./types";

const run = ({ events, query, breachedEventIds }: MetricsScenario, patch: Record<string, unknown> = {}) =>
  computeMetricsReference(events, resolveMetricsQuery({ ...query, ...patch }), breachedEventIds);

/** The query without one filter, so that its values can be split by that filter. */
const without = (s: MetricsScenario, key: "journey" | "channel" | "workspace" | "aiVersion"): MetricsScenario => {
  const { [key]: _, ...query } = s.query;
  return { ...s, query };
};

function ratios(kpis: MetricsKpis): [string, Ratio][] {
  const out: [string, Ratio][] = [];
  const visit = (path: string, value: unknown) => {
    if (typeof value !== "object" || value === null) return;
    if ("numerator" in value && "denominator" in value) out.push([path, value as Ratio]);
    for (const [key, child] of Object.entries(value)) visit(`${path}.${key}`, child);
  };
  visit("kpis", kpis);
  return out;
}

/** Case counts and action counts that add up across any partition of cases and actions. */
const additive = (m: MetricsResult) => {
  const { kpis: k } = m;
  return [
    k.aiEngaged.value, k.containment.numerator, k.escalation.numerator, k.aiResolution.numerator, k.aiResolution.denominator,
    k.hollowContainment.numerator, k.hollowContainment.denominator, k.fcr.numerator, k.fcr.denominator,
    k.repeatContact.numerator, k.repeatContact.denominator, k.confirmedShare.numerator, k.csatAi.numerator, k.csatAi.denominator,
    k.csatHuman.numerator, k.csatHuman.denominator, k.timeToResolution.count, k.contextCarried.numerator, k.contextCarried.denominator,
    k.approval.numerator, k.approval.denominator, k.edit.numerator, k.reject.numerator, k.override.numerator, k.override.denominator,
    k.reviewLatency.count, k.reversal.numerator, k.reversal.denominator, k.policyBreach.numerator, k.calibration.count,
  ];
};
const sum = (rows: number[][]) => rows.reduce((acc, row) => acc.map((v, i) => v + row[i]!), rows[0]!.map(() => 0));

describe("reference metrics on random streams", () => {
  it("answer the documented shape, with every ratio well formed", () => {
    fc.assert(
      fc.property(arbitraryScenario(), (s) => {
        const m = run(s);
        expect(metricsResultSchema.parse(m)).toEqual(m);
        for (const [path, { value, numerator, denominator }] of ratios(m.kpis)) {
          expect(numerator, path).toBeLessThanOrEqual(denominator);
          expect(value, path).toBe(denominator === 0 ? null : numerator / denominator);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("agree with one another", () => {
    fc.assert(
      fc.property(arbitraryScenario(), (s) => {
        for (const k of [run(s).kpis]) {
          const engaged = k.aiEngaged.value;
          expect(k.containment.denominator).toBe(engaged);
          expect(k.containment.numerator + k.escalation.numerator).toBe(engaged);
          expect(Object.values(k.escalation.byReason).reduce((n, r) => n + r.numerator, 0)).toBe(k.escalation.numerator);
          // Resolved cases are the denominator of repeat contact, confirmed share and time to resolution.
          expect(k.confirmedShare.denominator).toBe(k.repeatContact.denominator);
          expect(k.timeToResolution.count).toBe(k.repeatContact.denominator);
          expect(k.hollowContainment.denominator).toBeLessThanOrEqual(k.aiResolution.denominator);
          // AI-executed actions: one population for reversal, breaches and the autonomy mix.
          const executed = k.reversal.denominator;
          expect(k.policyBreach.denominator).toBe(executed);
          const mix = Object.values(k.autonomyMix);
          expect(mix.every((r) => r.denominator === executed)).toBe(true);
          expect(mix.reduce((n, r) => n + r.numerator, 0)).toBe(executed);
          expect(k.approval.numerator + k.edit.numerator + k.reject.numerator).toBeLessThanOrEqual(k.approval.denominator);
          expect(k.reviewLatency.count).toBeLessThanOrEqual(k.approval.denominator);
          expect(k.calibration.count).toBeLessThanOrEqual(k.override.denominator);
          expect(k.calibration.bands.reduce((n, b) => n + b.count, 0)).toBe(k.calibration.count);
          if (k.timeToResolution.count > 0) expect(k.timeToResolution.median!).toBeLessThanOrEqual(k.timeToResolution.p90!);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("split exactly by workspace, journey and channel", () => {
    fc.assert(
      fc.property(arbitraryScenario(), (s) => {
        const splits = [
          ["workspace", ARBITRARY_WORKSPACES],
          ["journey", ARBITRARY_JOURNEYS],
          ["channel", CHANNELS],
        ] as const;
        for (const [key, values] of splits) {
          const whole = without(s, key);
          const parts = values.map((value) => additive(run(whole, { [key]: value })));
          expect(sum(parts), key).toEqual(additive(run(whole)));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("give as previous values the current values of the period just before", () => {
    fc.assert(
      fc.property(arbitraryScenario(), (s) => {
        const m = run(s);
        const before = run(s, { from: m.previous.from, to: m.previous.to });
        expect(instant(m.previous.to) - instant(m.previous.from)).toBe(instant(m.to) - instant(m.from));
        const previousOf = (kpis: MetricsKpis) =>
          Object.fromEntries(
            Object.entries(kpis).map(([id, v]) =>
              id === "autonomyMix"
                ? [id, Object.fromEntries(Object.entries(v as object).map(([l, r]) => [l, (r as { previous: unknown }).previous]))]
                : [id, (v as { previous: unknown }).previous],
            ),
          );
        const currentOf = (kpis: MetricsKpis) =>
          Object.fromEntries(
            Object.entries(kpis).map(([id, v]) => {
              if (id === "autonomyMix")
                return [id, Object.fromEntries(Object.entries(v as object).map(([l, r]) => [l, strip(r)]))];
              return [id, strip(v)];
            }),
          );
        expect(previousOf(m.kpis)).toEqual(currentOf(before.kpis));
      }),
      { numRuns: 100 },
    );
  });

  it("depend on input order only between events of a workspace at the same instant", () => {
    fc.assert(
      fc.property(arbitraryScenario(), fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (s, random) => {
        const reordered = shuffleKeepingTies(s.events, random);
        expect(run({ ...s, events: reordered })).toEqual(run(s));
      }),
      { numRuns: 100 },
    );
  });
});

function strip(value: unknown) {
  const { previous: _, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** A random order of the events in which events of one workspace with equal instants keep their relative order. */
function shuffleKeepingTies(events: readonly WorkspaceEvent[], random: Iterable<number>): WorkspaceEvent[] {
  const it = random[Symbol.iterator]();
  const keyed = events.map((e, i) => ({ e, i, k: it.next().value as number }));
  const shuffled = [...keyed].sort((a, b) => a.k - b.k || a.i - b.i);
  const tie = (x: WorkspaceEvent) => `${x.workspace}\u0000${instant(x.event.occurredAt)}`;
  const groups = new Map<string, WorkspaceEvent[]>();
  for (const { e } of keyed) groups.set(tie(e), [...(groups.get(tie(e)) ?? []), e]);
  // Refill the slots each group occupies in the shuffled order with the group's events in input order.
  return shuffled.map(({ e }) => groups.get(tie(e))!.shift()!);
}
