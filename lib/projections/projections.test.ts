import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases, dailyActivity } from "@/db/schema";
import { caseOpened, caseReopened, overrideJourney, refundJourney } from "@/lib/events/examples";
import { appendEvents } from "@/lib/ledger/append";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";
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

    const result = await rebuildProjections(t.handle.db, "proj");
    expect(result.entries).toBe(dailyTotal);
    expect(await snapshot()).toEqual(live);
  });
});
