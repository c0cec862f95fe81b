import { asc, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { aiDecisions, cases, dailyActivity, eventSearch, handoffs, repeatContacts } from "@/db/schema";
import { caseOpened, caseReopened, overrideJourney, refundJourney } from "@/lib/events/examples";
import { appendEvents } from "@/lib/ledger/append";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";
import { FIXTURE_POLICY_FROM, fixtureEvents, fixtureId, fixturePolicy } from "@/lib/metrics/fixture";
import { appendPolicyVersion } from "@/lib/policy/store";
import { projectEntries } from "./project";
import { rebuildProjections } from "./rebuild";

describe.each(ENGINES)("projections on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(() => t?.close());

  const snapshot = async () => ({
    cases: await t.handle.db.select().from(cases).orderBy(asc(cases.workspaceId), asc(cases.caseId)),
    daily: await t.handle.db.select().from(dailyActivity).orderBy(asc(dailyActivity.day), asc(dailyActivity.type), asc(dailyActivity.journey), asc(dailyActivity.action)),
    decisions: await t.handle.db.select().from(aiDecisions).orderBy(asc(aiDecisions.workspaceId), asc(aiDecisions.eventId)),
    handoffs: await t.handle.db.select().from(handoffs).orderBy(asc(handoffs.workspaceId), asc(handoffs.seq)),
    repeats: await t.handle.db.select().from(repeatContacts).orderBy(asc(repeatContacts.workspaceId), asc(repeatContacts.seq)),
    searchable: await t.handle.db.select().from(eventSearch).orderBy(asc(eventSearch.workspaceId), asc(eventSearch.seq)),
    // The KPI rollups (kept by triggers): rows every count of which went back to 0 may stay behind.
    rollups: await Promise.all(
      [
        sql`select * from case_rollups where cases <> 0 order by 1, 2, 3, 4, 5`,
        sql`select * from decision_rollups where decisions <> 0 order by 1, 2, 3, 4, 5, 6, 7`,
        sql`select * from band_rollups where count <> 0 order by 1, 2, 3, 4, 5, 6, 7`,
        sql`select * from handoff_rollups where to_human <> 0 order by 1, 2, 3, 4, 5`,
      ].map(async (query) => rowsOf(await t.handle.db.execute(query))),
    ),
  });

  it("folds a case's events into its state at ingest, and rebuild regenerates exactly the same", async () => {
    const ledger = { ...t.ledger(), project: projectEntries };
    // Out of order on purpose: the reopen and the outcome arrive before the opening event.
    const [opened, ...rest] = refundJourney;
    await appendEvents(ledger, "proj", rest.slice(0, 4));
    await appendEvents(ledger, "proj", [...rest.slice(4), opened]);
    await appendEvents(ledger, "proj", overrideJourney);
    for (let i = 0; i < 200; i += 50) await appendEvents(ledger, "proj", sampleEvents(50, i));

    const live = await snapshot();
    const refund = live.cases.find((c) => c.caseId === caseOpened.caseId)!;
    expect(refund).toMatchObject({
      startedAt: new Date(caseOpened.occurredAt),
      journey: caseOpened.journey,
      contact: 1,
      aiEngaged: true,
      handoffToHuman: true,
      outcomeStatus: "resolved",
      resolvedBy: "hybrid",
      attestedBy: "customer",
      reopenedCount: refundJourney.filter((e) => e.type === caseReopened.type).length,
      eventCount: refundJourney.length,
    });
    expect(refund.actions).toContain("refund.issue");
    const dailyTotal = live.daily.reduce((sum, row) => sum + row.events, 0);
    expect(dailyTotal).toBe(refundJourney.length + overrideJourney.length + 200);

    // Every event with a rationale or a reason has its search document, and only those.
    const written = [...refundJourney, ...overrideJourney].filter((e) => {
      const fields = e as { decision?: { rationale?: string }; reason?: string };
      return fields.decision?.rationale !== undefined || fields.reason !== undefined;
    });
    expect(written.length).toBeGreaterThan(0);
    const documents = live.searchable.filter((row) => row.workspaceId === "proj");
    expect(documents.length).toBeGreaterThanOrEqual(written.length);
    expect(documents.length).toBeLessThan(dailyTotal);

    const result = await rebuildProjections(t.handle.db, "proj");
    expect(result.entries).toBe(dailyTotal);
    expect(await snapshot()).toEqual(live);
  });

  it("projects AI decisions, handoffs and repeat contacts whatever order reactions arrive in, and rebuild agrees", async () => {
    const ledger = { ...t.ledger(), project: projectEntries };
    await appendPolicyVersion(t.handle.db, "acme", { document: fixturePolicy, effectiveFrom: FIXTURE_POLICY_FROM, createdBy: "test", reason: "fixture" });
    // Reactions first: every event that answers another is appended before the rest of the fixture.
    const events = fixtureEvents.filter((e) => e.workspace === "acme").map((e) => e.event);
    const reactions = events.filter((e) => e.parentId !== undefined);
    await appendEvents(ledger, "acme", reactions);
    await appendEvents(ledger, "acme", events.filter((e) => e.parentId === undefined));

    const live = await snapshot();
    const decision = (n: number) => live.decisions.find((d) => d.workspaceId === "acme" && d.eventId === fixtureId(n))!;
    // #24: rejected then approved (latest wins), latency of the latest (#26's 120 s).
    expect(decision(24)).toMatchObject({ kind: "proposal", approval: "approved", reviewSeconds: 120, overridden: false });
    // #76: its execution #78 was overridden by #79, so the proposal counts as overridden.
    expect(decision(76)).toMatchObject({ approval: "approved", overridden: true, reversedAny: false });
    expect(decision(78)).toMatchObject({ kind: "action", autonomy: "approve", overridden: true });
    // #31: autonomous voucher above the policy's limit, later reversed.
    expect(decision(31)).toMatchObject({ reversed: true, reversedAny: true, policyCheck: "breach", policyVersion: 1 });
    expect(decision(44)).toMatchObject({ overridden: true, reversed: true, policyCheck: "within" });
    expect(live.decisions.filter((d) => d.workspaceId === "acme")).toHaveLength(events.filter((e) => e.type === "ai.proposal" || (e.type === "action.executed" && e.actor.type === "ai")).length);
    expect(live.handoffs.filter((h) => h.workspaceId === "acme")).toHaveLength(events.filter((e) => e.type === "handoff").length);
    // case_09 (contact 2, cus_a) and case_08 (contact 2, cus_g).
    expect(live.repeats.filter((x) => x.workspaceId === "acme").map((x) => x.caseId).sort()).toEqual(["case_08", "case_09"]);
    const c16 = live.cases.find((c) => c.workspaceId === "acme" && c.caseId === "case_16")!;
    expect(c16).toMatchObject({ aiVersion: "care@2", resolvedAt: [new Date("2025-03-18T09:10:00Z"), new Date("2025-03-19T10:00:00Z")], reopenedAt: [new Date("2025-03-19T09:00:00Z")] });

    await rebuildProjections(t.handle.db, "acme");
    expect(await snapshot()).toEqual(live);

    // The same events in ledger order give the same decisions and cases (but for their seq).
    await appendPolicyVersion(t.handle.db, "acme2", { document: fixturePolicy, effectiveFrom: FIXTURE_POLICY_FROM, createdBy: "test", reason: "fixture" });
    await appendEvents(ledger, "acme2", events);
    const inOrder = await snapshot();
    const bare = <T extends { workspaceId: string }>(rows: T[], workspace: string, omit: (keyof T)[]) =>
      rows.filter((row) => row.workspaceId === workspace).map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => k !== "workspaceId" && !omit.includes(k as keyof T))));
    expect(bare(inOrder.decisions, "acme2", ["seq"])).toEqual(bare(live.decisions, "acme", ["seq"]));
    expect(bare(inOrder.cases, "acme2", ["startSeq", "outcomeSeq", "lastSeq"])).toEqual(bare(live.cases, "acme", ["startSeq", "outcomeSeq", "lastSeq"]));
    // One batch held case_16's resolution and its reopening: came_back_after, sent in the same round trip
    // as the case rows it reads, was computed after them.
    const c16again = inOrder.cases.find((c) => c.workspaceId === "acme2" && c.caseId === "case_16")!;
    expect(c16again.cameBackAfter).not.toBeNull();
    expect(c16again.cameBackAfter).toEqual(c16.cameBackAfter);

    // One event per append, in ledger order: every reaction arrives after what it answers, so its
    // decision (and, for an execution's override or reversal, the proposal) is found through the
    // answered id alone, as the look-up in projectDecisions finds it.
    await appendPolicyVersion(t.handle.db, "acme3", { document: fixturePolicy, effectiveFrom: FIXTURE_POLICY_FROM, createdBy: "test", reason: "fixture" });
    for (const event of events) await appendEvents(ledger, "acme3", [event]);
    const oneByOne = await snapshot();
    expect(bare(oneByOne.decisions, "acme3", ["seq"])).toEqual(bare(live.decisions, "acme", ["seq"]));
    expect(bare(oneByOne.cases, "acme3", ["startSeq", "outcomeSeq", "lastSeq"])).toEqual(bare(live.cases, "acme", ["startSeq", "outcomeSeq", "lastSeq"]));
  });
});
