// Edge cases of the reference metrics: nothing to count, range boundaries to the microsecond, time
// zones, the came-back window, ties, duplicates, and the two forms of policy checks. Case and event
// numbers refer to lib/metrics/fixture.ts.
import { describe, expect, it } from "vitest";
import { FIXTURE_RANGE, fixtureBreaches, fixtureEvents, fixtureId } from "./fixture";
import { computeMetricsReference, type WorkspaceEvent } from "./reference";
import { type MetricsQueryInput, type Ratio, resolveMetricsQuery } from "./types";

const r = (numerator: number, denominator: number): Ratio => ({
  value: denominator === 0 ? null : numerator / denominator,
  numerator,
  denominator,
});
const nothing = r(0, 0);

const metrics = (query: MetricsQueryInput = {}, events: readonly WorkspaceEvent[] = fixtureEvents) =>
  computeMetricsReference(events, resolveMetricsQuery({ ...FIXTURE_RANGE, workspace: "acme", ...query }), fixtureBreaches).kpis;

describe("with nothing to count", () => {
  it("answers null values over zero denominators for empty input, never NaN or 0", () => {
    const { kpis } = computeMetricsReference([], resolveMetricsQuery(FIXTURE_RANGE));
    const emptyPeriod = {
      aiEngaged: { value: 0 },
      timeToResolution: { median: null, p90: null, count: 0 },
      reviewLatency: { median: null, p90: null, count: 0 },
      calibration: { ece: null, count: 0 },
    };
    expect(kpis).toMatchObject({ ...emptyPeriod, ...Object.fromEntries(Object.entries(emptyPeriod).map(([k, v]) => [k, { ...v, previous: v }])) });
    for (const id of ["containment", "aiResolution", "hollowContainment", "fcr", "repeatContact", "confirmedShare", "csatAi", "csatHuman", "contextCarried", "approval", "edit", "reject", "override", "policyBreach"] as const)
      expect(kpis[id], id).toEqual({ ...nothing, previous: nothing });
    expect(kpis.escalation.byReason.error).toEqual(nothing);
    expect(kpis.reversal).toEqual({ ...nothing, byCurrency: [], previous: { ...nothing, byCurrency: [] } });
    expect(kpis.autonomyMix.autonomous).toEqual({ ...nothing, previous: nothing });
    expect(kpis.calibration.bands).toHaveLength(10);
    expect(kpis.calibration.bands.every((b) => b.count === 0 && b.accuracy === null && b.meanConfidence === null)).toBe(true);
  });

  it("answers zero denominators for a filter that matches nothing", () => {
    const kpis = metrics({ journey: "no_such_journey" });
    expect(kpis.aiEngaged.value).toBe(0);
    expect(kpis.containment).toMatchObject(nothing);
    expect(kpis.override).toMatchObject(nothing);
  });
});

describe("range boundaries", () => {
  it("includes a case starting exactly at `from` and excludes one starting exactly at `to`, to the microsecond", () => {
    // case_01 starts at 2025-03-01T00:00:00Z.
    expect(metrics({ from: "2025-03-01T00:00:00Z", to: "2025-03-01T00:00:00.000001Z" }).aiEngaged.value).toBe(1);
    expect(metrics({ from: "2025-02-28T23:59:59.999999Z", to: "2025-03-01T00:00:00Z" }).aiEngaged.value).toBe(0);
  });

  it("counts case_12 and its action #89 (at `to` of March) in the next range", () => {
    const kpis = metrics({ from: "2025-03-31T00:00:00Z", to: "2025-04-01T00:00:00Z" });
    expect(kpis.aiEngaged.value).toBe(1);
    expect(kpis.policyBreach).toMatchObject(r(1, 1));
    expect(kpis.autonomyMix.autonomous).toMatchObject(r(1, 1));
  });

  it("reads time zones: case_05 opened at 12:00+02:00 is 10:00 UTC", () => {
    expect(metrics({ from: "2025-03-08T10:00:00Z", to: "2025-03-08T10:00:01Z" }).aiEngaged.value).toBe(1);
    expect(metrics({ from: "2025-03-08T12:00:00Z", to: "2025-03-08T12:00:01Z" }).aiEngaged.value).toBe(0);
  });

  it("takes the previous period of equal length just before `from`", () => {
    // 16 days from 03-15 → previous [02-27, 03-15): case_13's March voucher #11 is in it, not in the range.
    const result = computeMetricsReference(fixtureEvents, resolveMetricsQuery({ from: "2025-03-15", to: "2025-03-31", workspace: "acme" }));
    expect(result.previous).toEqual({ from: "2025-02-27T00:00:00Z", to: "2025-03-15T00:00:00Z" });
    // Previous AI actions: #11 #19 #31 #44 #53 #60 (02-27 … 03-15) = 6; current: #66 #78 = 2.
    expect(result.kpis.reversal).toMatchObject({ denominator: 2, previous: { denominator: 6 } });
  });

  it("counts a later reaction to an action in range even when the reaction falls after `to`", () => {
    // #57 (03-10) expired on 03-11; a range ending 03-11 still sees the decision.
    expect(metrics({ from: "2025-03-10", to: "2025-03-11" }).approval).toMatchObject(r(0, 1));
  });
});

describe("came back", () => {
  it("includes the window's end: case_10 reopened exactly 7 days after resolving came back; case_11 at +1 ms did not", () => {
    // With 8 days case_11 comes back too: repeat contact 5 of 11, FCR loses case_11 → 3 of 10.
    const eight = metrics({ cameBackWindowDays: 8 });
    expect(eight.repeatContact).toMatchObject(r(5, 11));
    expect(eight.fcr).toMatchObject(r(3, 10));
    // With 1 day only case_16 (reopened 23 h 50 min after its first resolution) came back.
    expect(metrics({ cameBackWindowDays: 1 }).repeatContact).toMatchObject(r(1, 11));
  });

  it("looks for returns on any channel: case_07 (chat) came back through case_08 (voice)", () => {
    // chat cases resolved: 01 02 04 07 09 10 16 17 = 8; came back 02 07 10 16.
    expect(metrics({ channel: "chat" }).repeatContact).toMatchObject(r(4, 8));
  });
});

describe("ledger order", () => {
  it("breaks a tie between outcomes at one instant by ledger position", () => {
    // Swap #68 (unresolved) and #69 (resolved): case_10's latest outcome becomes unresolved.
    const swapped = [...fixtureEvents];
    const i = swapped.findIndex((e) => e.event.id === fixtureId(68));
    [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
    const kpis = metrics({}, swapped);
    expect(kpis.repeatContact).toMatchObject(r(3, 10));
    expect(kpis.aiResolution).toMatchObject(r(2, 10));
    expect(kpis.hollowContainment).toMatchObject(r(5, 7));
  });

  it("keeps the first of two events with the same id in a workspace, as ingestion does", () => {
    const first = fixtureEvents.find((e) => e.event.id === fixtureId(20))!; // case_01's resolved outcome
    const replay = { workspace: "acme", event: { ...first.event, status: "unresolved" } } as WorkspaceEvent;
    expect(metrics({}, [...fixtureEvents, replay])).toEqual(metrics());
  });

  it("does not depend on where other cases' events sit in the input", () => {
    // A stable sort by case id keeps each case's own order and interleaves the cases differently.
    const regrouped = [...fixtureEvents].sort((a, b) => (a.event.caseId > b.event.caseId ? -1 : a.event.caseId < b.event.caseId ? 1 : 0));
    expect(metrics({}, regrouped)).toEqual(metrics());
  });
});

describe("policy checks", () => {
  it("accepts each action's check by event id; only breaches count", () => {
    const checks = new Map([
      [fixtureId(31), "breach" as const],
      [fixtureId(66), "within" as const],
      [fixtureId(19), "none" as const],
    ]);
    const result = computeMetricsReference(fixtureEvents, resolveMetricsQuery({ ...FIXTURE_RANGE, workspace: "acme" }), checks);
    expect(result.kpis.policyBreach).toMatchObject(r(1, 8));
    expect(computeMetricsReference(fixtureEvents, resolveMetricsQuery(FIXTURE_RANGE)).kpis.policyBreach.numerator).toBe(0);
  });
});
