// The SQL implementation against the hand-worked fixture and the reference implementation, on every
// engine (PGlite; and the server when TEST_DATABASE_URL is set). Events go in through the ledger's one
// write path with the projector ingest uses, and the policy verdicts come from a real policy.
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { createProjector, projectEntries } from "@/lib/projections/project";
import { checkAction, policyInForceAt } from "@/lib/policy/evaluate";
import { appendPolicyVersion } from "@/lib/policy/store";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { arbitraryScenario } from "./arbitrary";
import { FIXTURE_POLICY_FROM, FIXTURE_PREVIOUS_RANGE, FIXTURE_RANGE, fixtureBreaches, fixtureEvents, fixturePolicy } from "./fixture";
import { computeMetricsReference } from "./reference";
import { computeBreakdownSql, computeBucketsSql, computeMetricsSql } from "./sql";
import { splitOnDays } from "./sql-grouping";
import { handoffReasons } from "./dashboard";
import { expectSameKpis, loadEvents } from "./sql-testing";
import { type MetricsQueryInput, type Ratio, metricsResultSchema, resolveMetricsQuery } from "./types";

type Source = "auto" | "rows";
const SOURCES: readonly Source[] = ["auto", "rows"];
const r = (numerator: number, denominator: number): Ratio => ({ value: denominator === 0 ? null : numerator / denominator, numerator, denominator });


describe("the fixture policy", () => {
  it("flags exactly the fixture's breaches in acme (globex has no policy)", () => {
    const policy = { version: 1, effectiveFrom: FIXTURE_POLICY_FROM, document: fixturePolicy };
    const breaches = fixtureEvents
      .filter(({ workspace }) => workspace === "acme")
      .filter(({ event }) => checkAction(policyInForceAt([policy], event.occurredAt), event).result === "breach")
      .map(({ event }) => event.id);
    expect(new Set(breaches)).toEqual(fixtureBreaches);
  });
});

describe.each(ENGINES)("SQL metrics on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await appendPolicyVersion(t.handle.db, "acme", { document: fixturePolicy, effectiveFrom: FIXTURE_POLICY_FROM, createdBy: "test", reason: "fixture" });
    // In three transactions, so that some approvals, overrides and reversals arrive after what they answer.
    await loadEvents({ ...t.ledger(), project: projectEntries }, fixtureEvents, undefined, [0.3, 0.6]);
  });
  afterAll(() => t?.close());

  const query = (input: MetricsQueryInput = {}) => resolveMetricsQuery({ ...FIXTURE_RANGE, workspace: "acme", ...input });
  const sqlMetrics = (input?: MetricsQueryInput, source: Source = "auto") => computeMetricsSql(t.handle.db, query(input), { source });
  const reference = (input?: MetricsQueryInput) => computeMetricsReference(fixtureEvents, query(input), fixtureBreaches);

  it("keeps the daily rollups in step with the rows, and cuts a range into whole days and the days its edges cut", async () => {
    const [row] = rowsOf<Record<string, number>>(
      await t.handle.db.execute(sql`select
        (select sum(cases) from case_rollups) as rollup_cases, (select count(*) from cases) as cases,
        (select sum(decisions) from decision_rollups) as rollup_decisions, (select count(*) from ai_decisions) as decisions,
        (select sum(to_human) from handoff_rollups) as rollup_handoffs,
        (select count(*) from handoffs where from_party = 'ai' and to_party = 'human') as handoffs`),
    );
    expect(Number(row.rollup_cases)).toBe(Number(row.cases));
    expect(Number(row.rollup_decisions)).toBe(Number(row.decisions));
    expect(Number(row.rollup_handoffs)).toBe(Number(row.handoffs));
    expect(Number(row.cases)).toBeGreaterThan(0);
    const period = (from: string, to: string, previousFrom: string) => ({ kind: "period" as const, from, to, previousFrom });
    expect(splitOnDays(period(FIXTURE_RANGE.from, FIXTURE_RANGE.to, FIXTURE_PREVIOUS_RANGE.from))).toEqual({ partialDays: [], fragments: [] });
    // A range from 08:03 to 08:01 ten days later: the previous period starts at 08:05, so three days are cut.
    expect(splitOnDays(period("2025-03-06T08:03:00Z", "2025-03-16T08:01:00Z", "2025-02-24T08:05:00Z"))).toEqual({
      partialDays: ["2025-02-24", "2025-03-06", "2025-03-16"],
      fragments: [
        ["2025-02-24T08:05:00Z", "2025-02-25T00:00:00Z"],
        ["2025-03-06T00:00:00Z", "2025-03-07T00:00:00Z"],
        ["2025-03-16T00:00:00Z", "2025-03-16T08:01:00Z"],
      ],
    });
    expect(splitOnDays({ kind: "bucket", from: FIXTURE_RANGE.from, to: FIXTURE_RANGE.to, seconds: 7 * 86_400 })).toEqual({ partialDays: [], fragments: [] });
    expect(splitOnDays({ kind: "bucket", from: FIXTURE_RANGE.from, to: FIXTURE_RANGE.to, seconds: 3_600 })).toBeNull();
    expect(splitOnDays({ kind: "bucket", from: "2025-03-06T08:03:00Z", to: FIXTURE_RANGE.to, seconds: 86_400 })).toBeNull();
  });

  // "auto" reads the daily rollups wherever they answer (whole UTC days, the default window: the fixture's
  // range), "rows" the per-case and per-decision rows; both must give the same, exact answers.
  it.each(SOURCES)("answers the hand-worked values of the fixture (lib/metrics/reference.test.ts), from %s", async (source) => {
    const m = await sqlMetrics(undefined, source);
    expect(metricsResultSchema.parse(m)).toEqual(m);
    expect(m).toMatchObject({ ...FIXTURE_RANGE, previous: FIXTURE_PREVIOUS_RANGE, cameBackWindowDays: 7, filters: { workspace: "acme" } });
    const k = m.kpis;
    expect(k.aiEngaged).toEqual({ value: 11, previous: { value: 2 } });
    expect(k.containment).toEqual({ ...r(8, 11), previous: r(1, 2) });
    expect(k.escalation).toMatchObject({ ...r(3, 11), byReason: { customer_requested: r(1, 11), low_confidence: r(1, 11), policy_required: r(1, 11) } });
    expect(k.escalation.previous.byReason.error).toEqual(r(1, 2));
    expect(k.aiResolution).toEqual({ ...r(2, 10), previous: r(1, 2) });
    expect(k.hollowContainment).toEqual({ ...r(5, 7), previous: r(0, 1) });
    expect(k.fcr).toEqual({ ...r(4, 10), previous: r(2, 2) });
    expect(k.repeatContact).toEqual({ ...r(4, 11), previous: r(0, 2) });
    expect(k.confirmedShare).toEqual({ ...r(8, 11), previous: r(2, 2) });
    expect(k.csatAi).toEqual({ ...r(2, 4), previous: r(1, 1) });
    expect(k.csatHuman).toEqual({ ...r(2, 3), previous: r(0, 0) });
    expect(k.timeToResolution).toMatchObject({ median: 1800, p90: 88200, count: 11, previous: { count: 2 } });
    expect(k.timeToResolution.previous.median).toBeCloseTo(432930, 6);
    expect(k.timeToResolution.previous.p90).toBeCloseTo(777786, 6);
    expect(k.contextCarried).toEqual({ ...r(2, 3), previous: r(1, 1) });
    expect(k.approval).toEqual({ ...r(3, 6), previous: r(1, 1) });
    expect(k.edit).toEqual({ ...r(1, 6), previous: r(0, 1) });
    expect(k.reject).toEqual({ ...r(1, 6), previous: r(0, 1) });
    expect(k.reviewLatency).toMatchObject({ median: 120, count: 5, previous: { median: 120, p90: 120, count: 1 } });
    expect(k.reviewLatency.p90).toBeCloseTo(408, 9);
    expect(k.override).toEqual({ ...r(4, 11), previous: r(1, 3) });
    expect(k.reversal).toEqual({
      ...r(2, 8),
      byCurrency: [{ currency: "EUR", ...r(15, 85) }, { currency: "USD", ...r(25, 33) }],
      previous: { ...r(1, 3), byCurrency: [{ currency: "EUR", ...r(0, 50) }, { currency: "USD", ...r(30, 30) }] },
    });
    expect(k.policyBreach).toEqual({ ...r(2, 8), previous: r(1, 3) });
    expect(k.autonomyMix).toEqual({
      assist: { ...r(0, 8), previous: r(0, 3) },
      approve: { ...r(3, 8), previous: r(1, 3) },
      supervised: { ...r(1, 8), previous: r(0, 3) },
      autonomous: { ...r(4, 8), previous: r(2, 3) },
    });
    expect(k.calibration.count).toBe(10);
    expect(k.calibration.ece).toBeCloseTo(0.48, 12);
    expect(k.calibration.bands.map((b) => [b.count, b.correct])).toEqual([[0, 0], [1, 1], [0, 0], [2, 1], [1, 1], [1, 0], [1, 0], [1, 0], [1, 1], [2, 1]]);
    expect(k.calibration.previous.ece).toBeCloseTo(1 / 3, 12);
  });

  const QUERIES: [string, MetricsQueryInput][] = [
    ["the default query", {}],
    ["a journey", { journey: "delivery_failure" }],
    ["a channel", { channel: "voice" }],
    ["an AI version", { aiVersion: "care@2" }],
    ["another workspace", { workspace: "globex" }],
    ["no workspace", { workspace: undefined }],
    ["a 1-day window", { cameBackWindowDays: 1 }],
    ["a range that starts at an event's instant", { from: "2025-03-06T08:03:00Z", to: "2025-03-16T08:01:00Z" }],
  ];
  it.each(QUERIES.flatMap(([what, input]) => SOURCES.map((source) => [what, source, input] as const)))(
    "agrees exactly with the reference for %s, from %s",
    async (_, source, input) => {
    const [actual, expected] = [await sqlMetrics(input, source), reference(input)];
    expect({ ...actual, kpis: undefined }).toEqual({ ...expected, kpis: undefined });
    expectSameKpis(actual.kpis, expected.kpis);
    },
  );

  it.each(SOURCES)("splits a range into daily and weekly buckets, each what the reference reports for it, from %s", async (source) => {
    for (const seconds of [86_400, 7 * 86_400]) {
      const got = await computeBucketsSql(t.handle.db, query(), seconds, { source });
      expect(got.length).toBe(Math.ceil((30 * 86_400) / seconds));
      for (const bucket of got) {
        const expected = computeMetricsReference(fixtureEvents, query({ from: bucket.from, to: bucket.to }), fixtureBreaches).kpis;
        expectSameKpis(bucket.kpis, currentOf(expected), `${bucket.from}`);
      }
    }
  });

  it("counts handoff reasons the same from the rollups as from the rows, for whole days and any range", async () => {
    for (const input of [{}, { journey: "delivery_failure" }, { aiVersion: "care@2" }, { from: "2025-03-06T08:03:00Z", to: "2025-03-16T08:01:00Z" }]) {
      const [auto, rows] = await Promise.all([handoffReasons(t.handle.db, query(input)), handoffReasons(t.handle.db, query(input), { source: "rows" })]);
      expect(auto, JSON.stringify(input)).toEqual(rows);
    }
    const all = await handoffReasons(t.handle.db, query());
    const k = reference().kpis;
    expect(all.reduce((n, r) => n + r.count, 0)).toBe(k.contextCarried.denominator);
    expect(all.reduce((n, r) => n + r.withContext, 0)).toBe(k.contextCarried.numerator);
  });

  it.each(SOURCES)("breaks AI decisions down by action, adding up to the totals, with no case KPIs, from %s", async (source) => {
    const rows = await computeBreakdownSql(t.handle.db, query(), "action", { source });
    const total = reference().kpis;
    expect(rows.map((r) => r.key).sort()).toEqual(["account_credit.issue", "delivery.reschedule", "order.cancel", "refund.issue", "voucher.issue"]);
    const sum = (pick: (k: (typeof rows)[number]["kpis"]) => number) => rows.reduce((n, r) => n + pick(r.kpis), 0);
    expect(sum((k) => k.override.numerator)).toBe(total.override.numerator);
    expect(sum((k) => k.override.denominator)).toBe(total.override.denominator);
    expect(sum((k) => k.reversal.numerator)).toBe(total.reversal.numerator);
    expect(sum((k) => k.approval.denominator)).toBe(total.approval.denominator);
    expect(sum((k) => k.policyBreach.numerator)).toBe(total.policyBreach.numerator);
    expect(rows.every((r) => r.cases === 0 && r.kpis.aiEngaged.value === 0)).toBe(true);
    // Contexts carried are handoffs, not actions: nothing to split.
    expect(sum((k) => k.contextCarried.denominator)).toBe(0);
  });

  it.each(SOURCES)("breaks the range down by journey, channel and AI version as the filters would, from %s", async (source) => {
    for (const dimension of ["journey", "channel", "aiVersion"] as const) {
      const rows = await computeBreakdownSql(t.handle.db, query(), dimension, { source });
      for (const row of rows) {
        if (row.key === null) continue;
        const expected = reference({ [dimension]: row.key }).kpis;
        expectSameKpis(row.kpis, currentOf(expected), `${dimension}=${row.key}`);
      }
    }
  });
});

describe.each(ENGINES)("SQL metrics on random event streams, %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(() => t?.close());

  it("agree with the reference implementation", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(arbitraryScenario(), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }), async (s, cuts) => {
        // Each run in workspaces of its own, judged by the scenario's verdicts.
        run += 1;
        const rename = (w: string) => `r${run}-${w}`;
        const judge = async (_tx: unknown, _ws: string, events: { id: string; type: string; actor: { type: string } }[]) =>
          events
            .filter((e) => e.type === "action.executed" && e.actor.type === "ai")
            .map((e) => ({ id: e.id, check: s.breachedEventIds.has(e.id) ? ("breach" as const) : ("within" as const), version: 1 }));
        await loadEvents({ ...t.ledger(), project: createProjector({ judge }) }, s.events, rename, cuts);
        const q = resolveMetricsQuery(s.query);
        const expected = computeMetricsReference(s.events, q, s.breachedEventIds);
        const workspace = q.filters.workspace;
        const scoped = { ...q, filters: { ...q.filters, workspace: workspace === undefined ? undefined : rename(workspace) } };
        // The scenario's query half the time falls on whole days with the default window (the rollups
        // answer it); the rows must agree with the reference on every query.
        for (const source of SOURCES) {
          const actual = await computeMetricsSql(t.handle.db, scoped, {
            workspaces: workspace === undefined ? [...new Set(s.events.map((e) => rename(e.workspace)))] : undefined,
            source,
          });
          expectSameKpis(actual.kpis, expected.kpis, `${source}: kpis`);
        }
      }),
      { numRuns: Number(process.env.METRICS_PROPERTY_RUNS ?? 30) },
    );
  });
});

/** A MetricsResult's current values without their `previous`, as a bucket or breakdown row carries them. */
function currentOf(kpis: Record<string, unknown>) {
  const strip = (v: unknown) => {
    const { previous: _, ...rest } = v as Record<string, unknown>;
    return rest;
  };
  return Object.fromEntries(
    Object.entries(kpis).map(([id, v]) =>
      id === "autonomyMix" ? [id, Object.fromEntries(Object.entries(v as object).map(([l, x]) => [l, strip(x)]))] : [id, strip(v)],
    ),
  );
}
