// The lead sentence over the demo's own data: the mix of actions, autonomy levels, approvals and
// first-person rationales that a user audit found garbled in about one explanation in ten.
import { and, desc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events } from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { projectEntries } from "@/lib/projections/project";
import { openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { explainAction, isAiDecision } from "./explain";
import { loadEvent } from "./related";

describe("the demo's latest AI decisions", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase("pglite");
    await seedDemo({ ...t.ledger(), project: projectEntries }, "demo", { events: 1000, seed: "lead", endDate: new Date("2026-11-01T00:00:00Z"), batchSize: 500 });
  }, 120_000);
  afterAll(() => t?.close());

  it("all read as one sentence of Warrant's, then the AI's reason quoted", async () => {
    const rows = await t.handle.db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.workspaceId, "demo"), inArray(events.type, ["action.executed", "ai.proposal"])))
      .orderBy(desc(events.seq))
      .limit(150);
    const leads: string[] = [];
    for (const { id } of rows) {
      const loaded = await loadEvent(t.handle.db, "demo", id);
      if (!loaded || !isAiDecision(loaded.event)) continue;
      leads.push((await explainAction(t.handle.db, t.ledger(), "demo", id, { accountability: { party: "Fernhill" } })).sentence);
    }
    expect(leads.length).toBeGreaterThan(60);
    // The demo has each kind the audit found: approved executions, first-person rationales, wildcard rules.
    expect(leads.some((l) => /after .+ approved it, under/.test(l))).toBe(true);
    expect(leads.some((l) => /stated reason: “[^”]*\bI\b/.test(l))).toBe(true);
    expect(leads.some((l) => /allows any (delivery|loyalty|billing) action/.test(l))).toBe(true);
    const garbled = leads.filter((lead) => {
      const [own, quote = ""] = lead.split(/(?= The AI's stated reason)/);
      return (
        !/^The AI [^“”]+\.$/.test(own) ||
        !/^( The AI's stated reason(, when it proposed it)?: “[^”]+”)?$/.test(quote) ||
        /\bbecause\b|\b(I|me|my|we|our|us)\b/.test(own) ||
        (own.match(/\bapproved\b/g)?.length ?? 0) > 1 ||
        /\b\w+[^aeiou\s]ys\b|\bbillings\b/.test(own)
      );
    });
    expect(garbled).toEqual([]);
  }, 120_000);
});
