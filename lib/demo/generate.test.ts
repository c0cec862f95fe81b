import { describe, expect, it } from "vitest";
import type { WarrantEvent } from "@/lib/events/schema";
import { validateEvents } from "@/lib/events/validate";
import { computeMetricsReference } from "@/lib/metrics/reference";
import { resolveMetricsQuery } from "@/lib/metrics/types";
import { checkAction, policyInForceAt } from "@/lib/policy/evaluate";
import { demoEndDate } from "./command";
import { demoKpis } from "./demo-kpis";
import { demoWorld, generateDemo } from "./generate";
import { Random } from "./random";
import { POLICY_DAYS } from "./story";

const endDate = new Date("2026-11-01T00:00:00Z");
const generate = (events: number, seed: string | number = 42, batchSize?: number) => [...generateDemo({ events, seed, endDate, batchSize })];

describe("the seeded PRNG", () => {
  it("repeats itself for a seed and differs between seeds", () => {
    const draw = (seed: string | number) => {
      const r = new Random(seed);
      return [r.u32(), r.u32(), r.uuid(), r.hex(10)];
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw("1")).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(new Random(9).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("generateDemo", () => {
  it("gives the same events for the same seed and end date, and other events for another seed", () => {
    const a = generate(3000, 7).flat();
    expect(generate(3000, 7, 250).flat()).toEqual(a);
    const b = generate(3000, 8).flat();
    expect(b.map((e) => e.id)).not.toEqual(a.map((e) => e.id));
  });

  it("yields exactly N valid events in batches, in time order, inside the 90 days, answering only earlier events", () => {
    const batches = generate(12_345, 3, 1000);
    expect(batches.map((b) => b.length)).toEqual([...Array(12).fill(1000), 345]);
    for (const batch of batches) expect(validateEvents(batch)).toMatchObject({ ok: true });
    const events = batches.flat();
    const start = endDate.getTime() - 90 * 86_400_000;
    const seen = new Set<string>();
    let last = 0;
    for (const e of events) {
      const t = Date.parse(e.occurredAt);
      expect(t).toBeGreaterThanOrEqual(Math.max(last, start));
      expect(t).toBeLessThan(endDate.getTime());
      if (e.parentId) expect(seen.has(e.parentId), `${e.type} ${e.id} answers an earlier event`).toBe(true);
      expect(seen.has(e.id)).toBe(false);
      seen.add(e.id);
      last = t;
    }
    expect(generate(0)).toEqual([]);
  });

  it("writes like a support team: varied rationales with real-looking references and no filler", () => {
    const events = generate(8000, 5).flat();
    const text = JSON.stringify(events);
    expect(text).not.toMatch(/lorem|ipsum|undefined|NaN|\[object Object\]|TODO/i);
    const rationales = events.flatMap((e) => ("decision" in e && e.decision ? [e.decision.rationale!] : []));
    expect(new Set(rationales).size).toBeGreaterThan(rationales.length * 0.5);
    expect(rationales.some((r) => /FH-\d{7}/.test(r))).toBe(true);
    expect(rationales.some((r) => /€\d+\.\d{2}/.test(r))).toBe(true);
    const decided = events.filter((e): e is Extract<WarrantEvent, { type: "ai.proposal" }> => e.type === "ai.proposal");
    expect(decided.every((e) => e.decision.evidence!.length > 0 && e.decision.policy && e.decision.alternatives!.length > 0)).toBe(true);
  });

  it("lets the demo end today at midnight UTC when the CLI seeds it", () => {
    expect(demoEndDate(new Date("2026-11-25T17:42:10.123Z")).toISOString()).toBe("2026-11-25T00:00:00.000Z");
  });
});

describe("the story the demo tells (40,000 events)", () => {
  const events = generate(40_000, 11).flat();
  const { policies, timeline } = demoWorld(endDate);
  const kpis = demoKpis(events, policies);
  const day = (e: WarrantEvent) => timeline.day(Date.parse(e.occurredAt));

  it("contains 55–80% of AI-engaged cases", () => {
    expect(kpis.containment.value).toBeGreaterThanOrEqual(0.55);
    expect(kpis.containment.value).toBeLessThanOrEqual(0.8);
  });

  it("shows hollow containment clearly higher in delivery_failure than in any other journey", () => {
    const { delivery_failure, ...others } = kpis.hollowByJourney;
    const worstOther = Math.max(...Object.values(others).map((r) => r.value!));
    expect(delivery_failure.value).toBeGreaterThan(0.2);
    expect(delivery_failure.value).toBeGreaterThan(2 * worstOther);
  });

  it("concentrates policy breaches in refunds, before the kill switch", () => {
    expect(kpis.breachShare.refund).toBeGreaterThan(0.75);
    expect(kpis.breachesByJourney.refund.value).toBeGreaterThan(0.04);
    for (const [journey, r] of Object.entries(kpis.breachesByJourney)) if (journey !== "refund") expect(r.value).toBeLessThan(0.015);
    const breaches = events.filter((e) => e.type === "action.executed" && e.journey === "refund" && checkAction(policyInForceAt(policies, e.occurredAt), e).result === "breach");
    const beforeKill = breaches.filter((e) => day(e) < POLICY_DAYS.killSwitch + 1).length;
    expect(beforeKill / breaches.length).toBeGreaterThan(0.9);
  });

  it("overrides low-confidence decisions far more often than confident ones", () => {
    expect(kpis.overrideLowConfidence.value).toBeGreaterThan(2.5 * kpis.overrideHighConfidence.value!);
  });

  it("rolls autonomy out over time, across three AI versions, and AI CSAT rises with it", () => {
    const mix = (from: number, to: number) => {
      const acts = events.filter((e) => e.type === "action.executed" && e.actor.type === "ai" && day(e) >= from && day(e) < to);
      return acts.filter((e) => e.type === "action.executed" && e.autonomy === "autonomous").length / acts.length;
    };
    expect(mix(0, 20)).toBe(0);
    expect(mix(75, 90)).toBeGreaterThan(0.4);
    expect(kpis.aiVersions).toHaveLength(3);
    const resolvedByAi = new Set(events.filter((e) => e.type === "case.outcome" && e.resolvedBy === "ai").map((e) => e.caseId));
    const good = (from: number, to: number) => {
      const answers = events.filter((e): e is Extract<WarrantEvent, { type: "feedback" }> => e.type === "feedback" && e.survey === "csat" && resolvedByAi.has(e.caseId) && day(e) >= from && day(e) < to);
      return answers.filter((e) => e.score >= 4).length / answers.length;
    };
    expect(good(60, 90)).toBeGreaterThan(good(0, 30) + 0.08);
  });

  it("reads the same in the product's own KPI definitions (lib/metrics reference)", () => {
    const checks = new Map(events.filter((e) => e.type === "action.executed" && e.actor.type === "ai").map((e) => [e.id, checkAction(policyInForceAt(policies, e.occurredAt), e).result] as const));
    const stored = events.map((event) => ({ workspace: "demo", event }));
    const kpis = (journey?: string) =>
      computeMetricsReference(stored, resolveMetricsQuery({ from: new Date(timeline.start).toISOString(), to: endDate.toISOString(), ...(journey ? { journey } : {}) }, endDate), checks).kpis;
    const all = kpis();
    expect(all.containment.value).toBeGreaterThanOrEqual(0.55);
    expect(all.containment.value).toBeLessThanOrEqual(0.8);
    expect(kpis("delivery_failure").hollowContainment.value).toBeGreaterThan(2 * kpis("order_status").hollowContainment.value!);
    expect(kpis("refund").policyBreach.value).toBeGreaterThan(3 * all.policyBreach.value! / 2);
  });
});
