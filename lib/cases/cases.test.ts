import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { actionExecuted, aiProposal, approvalDecided, handoff, overrideJourney, refundJourney, voucherExecuted } from "@/lib/events/examples";
import type { WarrantEvent } from "@/lib/events/schema";
import { appendEvents } from "@/lib/ledger/append";
import type { Ledger } from "@/lib/ledger/context";
import { projectEntries } from "@/lib/projections/project";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { InvalidCursorError, searchCases } from "./search";
import { caseTimeline } from "./timeline";

const JOURNEYS = ["order_status", "billing_dispute", "delivery_failure"];
const RATIONALES = [
  "A typhoon closed the regional warehouse, so the order cannot ship this week.",
  "The invoice was charged twice by the payment provider; the duplicate is refunded.",
  "Tracking shows the parcel stuck at customs for nine days.",
];

/** Case `n`: an AI action, sometimes an outcome; several cases share one timestamp to test ordering ties. */
function generatedCase(n: number): WarrantEvent[] {
  const caseId = `gen_${String(n).padStart(3, "0")}`;
  // Microseconds on purpose: the cursor must carry them, or ties would be skipped or repeated.
  const at = `2025-06-${String(1 + Math.floor(n / 3)).padStart(2, "0")}T12:00:00.000123Z`;
  const common = { caseId, journey: JOURNEYS[n % 3], channel: "chat" as const, customerRef: `cus_gen_${n % 10}` };
  const action: WarrantEvent = {
    id: randomUUID(),
    type: "action.executed",
    occurredAt: at,
    ...common,
    actor: { type: "ai", id: n % 2 ? "billing-agent" : "logistics-agent", version: `agent@${n % 2}` },
    action: { name: n % 2 ? "billing.credit" : "delivery.reschedule" },
    autonomy: "autonomous",
    decision: { rationale: RATIONALES[n % 3], confidence: 0.5 + (n % 5) / 10 },
  } as WarrantEvent;
  if (n % 4 !== 0) return [action];
  return [action, { id: randomUUID(), type: "case.outcome", occurredAt: at, ...common, actor: { type: "system", id: "crm" }, status: "resolved", resolvedBy: "ai", attestedBy: "timeout" } as WarrantEvent];
}

describe.each(ENGINES)("case search and timelines on %s", (engine) => {
  let t: TestDatabase;
  let ledger: Ledger;
  const W = "search";
  const generated = Array.from({ length: 45 }, (_, n) => generatedCase(n));

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    ledger = { ...t.ledger(), project: projectEntries };
    await appendEvents(ledger, W, refundJourney);
    await appendEvents(ledger, W, overrideJourney);
    await appendEvents(ledger, W, generated.flat());
    await appendEvents(ledger, "elsewhere", [{ ...aiProposal, id: randomUUID() }]);
  });
  afterAll(() => t?.close());

  const search = (input: Parameters<typeof searchCases>[2]) => searchCases(t.handle.db, W, input);
  const ids = (result: Awaited<ReturnType<typeof searchCases>>) => result.cases.map((c) => c.caseId);

  it("finds a pasted case id, and offers the case's latest AI decision to explain", async () => {
    const result = await search({ query: "  case_8841 " });
    expect(ids(result)).toEqual(["case_8841"]);
    expect(result.cases[0]).toMatchObject({
      matchedOn: "case",
      journey: "delivery_failure",
      outcome: "resolved",
      customerRef: "cus_5b1e9a7d",
      eventCount: refundJourney.length,
      latestAiDecision: { eventId: actionExecuted.id, type: "action.executed", action: "refund.issue" },
    });
    expect(result.cases[0].snippet?.map((p) => p.text).join("")).toContain("Issuing the refund");
    expect(result.nextCursor).toBeNull();
  });

  it("finds a customer's cases by their reference", async () => {
    const result = await search({ query: "cus_gen_3" });
    expect(ids(result).sort()).toEqual(["gen_003", "gen_013", "gen_023", "gen_033", "gen_043"]);
    expect(result.cases.every((c) => c.matchedOn === "customer")).toBe(true);
  });

  it("searches rationales and reasons as words, with stemming, and highlights the match", async () => {
    const depot = await search({ query: "returned depots" });
    expect(ids(depot)).toEqual(["case_8841"]);
    expect(depot.cases[0].matchedOn).toBe("text");
    const marked = depot.cases[0].snippet!.filter((p) => p.match).map((p) => p.text.toLowerCase());
    expect(marked).toEqual(expect.arrayContaining(["returned", "depot"]));

    // An override's reason is searchable too.
    expect(ids(await search({ query: "business account" }))).toEqual(["case_9127"]);
    // Web-search syntax: a phrase, and a word excluded.
    expect(ids(await search({ query: '"regional warehouse"' }))).toHaveLength(15);
    expect(ids(await search({ query: "parcel -stuck" }))).toEqual(["case_8841"]);
  });

  it("finds a case by a reference its events name: the order an action targets, a tracking number in the evidence", async () => {
    // refundJourney's proposal and action target "order/10442"; its evidence cites "DHL JJD000390012345".
    for (const query of ["10442", "order/10442", "#10442", "JJD000390012345", "jjd000390012345"]) {
      const result = await search({ query });
      expect(ids(result), query).toEqual(["case_8841"]);
      expect(result.cases[0].matchedOn).toBe("text");
    }
    const marked = (await search({ query: "10442" })).cases[0].snippet!.filter((p) => p.match).map((p) => p.text);
    expect(marked).toEqual(["10442"]);
    // A person's action names an order but gives no rationale: it is found by the order too (in a
    // workspace of its own, so the other tests' counts stay as they are).
    const byPerson: WarrantEvent = {
      id: randomUUID(),
      type: "action.executed",
      occurredAt: "2025-06-30T09:00:00Z",
      caseId: "case_manual",
      journey: "order_status",
      channel: "email",
      actor: { type: "human", id: "agent_0193" },
      action: { name: "order.cancel", target: { system: "shopify", ref: "order/58314" } },
      autonomy: "assist",
    };
    await appendEvents(ledger, "manual", [byPerson]);
    expect(ids(await searchCases(t.handle.db, "manual", { query: "58314" }))).toEqual(["case_manual"]);
  });

  it("filters by journey, action, actor, outcome and start date", async () => {
    const all = async (input: Parameters<typeof searchCases>[2]) => ids(await search({ ...input, limit: 100 }));
    expect(await all({ journey: "billing_dispute" })).toHaveLength(15);
    expect(await all({ action: "refund.issue" })).toEqual(["case_8841"]);
    expect(await all({ action: "billing.credit" })).toHaveLength(22);
    expect(await all({ actor: "agent_0417" })).toEqual(["case_9127"]);
    expect(await all({ actor: "refund-agent@2025.03.1" })).toEqual(["case_8841"]);
    expect(await all({ actor: "billing-agent", journey: "order_status" })).toHaveLength(7);
    expect(await all({ outcome: "resolved", journey: "delivery_failure" })).toEqual(expect.arrayContaining(["case_8841"]));
    expect((await all({ outcome: "open" })).includes("case_9127")).toBe(true);
    expect((await all({ outcome: "open" })).includes("gen_004")).toBe(false);
    expect(await all({ from: "2025-03-01", to: "2025-04-01" })).toEqual(["case_8841", "case_9127"]);
    expect(await all({ from: "2025-06-15T00:00:00Z" })).toHaveLength(45 - 14 * 3);
    expect(await all({ query: "typhoon", outcome: "resolved" })).toEqual(["gen_036", "gen_024", "gen_012", "gen_000"]);
  });

  it("answers the same whether it probes the cases the words match or walks cases newest first", async () => {
    const queries: Parameters<typeof searchCases>[2][] = [
      { query: "typhoon", outcome: "resolved" },
      { query: '"regional warehouse"', limit: 4 },
      { query: "parcel -stuck" },
      { query: "business account", journey: "delivery_failure" },
      { query: "the" }, // stop words only: nothing to match
    ];
    for (const input of queries) {
      const probed = await searchCases(t.handle.db, W, input);
      const walked = await searchCases(t.handle.db, W, input, { textHitsToProbe: 0 });
      expect(walked).toEqual(probed);
      if (probed.nextCursor) {
        const next = { ...input, cursor: probed.nextCursor };
        expect(await searchCases(t.handle.db, W, next, { textHitsToProbe: 0 })).toEqual(await searchCases(t.handle.db, W, next));
      }
    }
    expect(ids(await searchCases(t.handle.db, W, { query: '"regional warehouse"', limit: 100 }, { textHitsToProbe: 0 }))).toHaveLength(15);
  });

  it("pages with an opaque cursor, newest activity first, without losing or repeating a case on timestamp ties", async () => {
    const everything = ids(await search({ limit: 100 }));
    expect(everything).toHaveLength(47);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await search({ limit: 7, cursor });
      seen.push(...ids(page));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(7);
    expect(seen).toEqual(everything);
    expect(everything.slice(0, 3)).toEqual(["gen_044", "gen_043", "gen_042"]);
    await expect(search({ cursor: "bm90IGEgY3Vyc29y" })).rejects.toSatisfy(InvalidCursorError.is);
  });

  it.each([
    "'; drop table events; --",
    "a' or '1'='1",
    "case_8841' --",
    "%",
    "_",
    "\\",
    "!!! && || :* <-> (",
    "$1",
    "ünïcödé 🚀",
    "select * from cases",
  ])("treats %j as text", async (query) => {
    const result = await search({ query });
    expect(result.cases.every((c) => c.caseId.length > 0)).toBe(true);
    const [{ n }] = rowsOf<{ n: string | number }>(await t.handle.db.execute(sql`select count(*) as n from events where workspace_id = ${W}`));
    expect(Number(n)).toBe(refundJourney.length + overrideJourney.length + generated.flat().length);
  });

  it("keeps workspaces apart", async () => {
    expect(ids(await searchCases(t.handle.db, "elsewhere", { query: "depot" }))).toEqual(["case_8841"]);
    expect((await search({ query: "depot" })).cases[0].latestAiDecision?.eventId).not.toBe(undefined);
    expect(ids(await searchCases(t.handle.db, "nobody", {}))).toEqual([]);
  });

  it("credits the AI only with its own proposals and actions, not with what people did", async () => {
    const A = "attribution";
    const at = (caseId: string, minute: number) => ({ caseId, occurredAt: `2025-07-01T10:0${minute}:00Z`, journey: "delivery_failure", channel: "chat" as const });
    const person = { type: "human", id: "agent_0171" } as const;
    const shipment = { name: "replacement.ship", target: { system: "wms", ref: "order/551" } };
    const proposal = { ...aiProposal, id: randomUUID(), ...at("by_person_after_ai", 1) };
    await appendEvents(ledger, A, [
      // Only a person acted.
      { id: randomUUID(), type: "action.executed", ...at("by_person", 0), actor: person, action: shipment, autonomy: "assist" },
      // The AI proposed, a person approved and carried it out.
      proposal,
      { ...approvalDecided, id: randomUUID(), ...at("by_person_after_ai", 2), parentId: proposal.id },
      { id: randomUUID(), type: "action.executed", ...at("by_person_after_ai", 3), actor: person, action: aiProposal.action, autonomy: "assist", parentId: proposal.id },
      // The AI handed the case over and a person acted.
      { ...handoff, id: randomUUID(), ...at("ai_handed_over", 4) },
      { id: randomUUID(), type: "action.executed", ...at("ai_handed_over", 5), actor: person, action: shipment, autonomy: "assist" },
    ]);
    const hits = Object.fromEntries((await searchCases(t.handle.db, A, {})).cases.map((c) => [c.caseId, c]));
    expect(hits.by_person).toMatchObject({ actions: ["replacement.ship"], aiProposed: [], aiExecuted: [], aiEngaged: false, latestAiDecision: null });
    expect(hits.by_person_after_ai).toMatchObject({ actions: ["refund.issue"], aiProposed: ["refund.issue"], aiExecuted: [] });
    expect(hits.ai_handed_over).toMatchObject({ actions: ["replacement.ship"], aiProposed: [], aiExecuted: [], aiEngaged: true });
    // The AI's own execution of its approved proposal.
    expect((await search({ query: "case_8841" })).cases[0]).toMatchObject({ aiProposed: ["refund.issue"], aiExecuted: ["refund.issue"] });
    // The action filter still finds a case by what anyone did in it.
    expect(ids(await searchCases(t.handle.db, A, { action: "replacement.ship" }))).toEqual(["ai_handed_over", "by_person"]);
  });

  it("tells a case's story in order, with the links between events and the handoff's context", async () => {
    const timeline = (await caseTimeline(t.handle.db, W, "case_8841"))!;
    expect(timeline.events.map((e) => e.eventId)).toEqual(refundJourney.map((e) => e.id));
    expect(timeline.case).toMatchObject({ caseId: "case_8841", outcome: "resolved", reopenedCount: 1, eventCount: refundJourney.length });
    const proposal = timeline.events[1];
    expect(proposal).toMatchObject({ eventId: aiProposal.id, explainable: true, flags: ["approved"], answeredBy: [2, 3] });
    expect(proposal.summary).toBe("The AI (refund-agent) proposed refunding €42.00 on order 10442.");
    expect(timeline.events[2]).toMatchObject({ eventId: approvalDecided.id, parentIndex: 1, explainable: false });
    expect(timeline.events[2].summary).toBe("Sam Rivera (agent_0193) approved the AI's proposal.");
    const hand = timeline.events.find((e) => e.eventId === handoff.id)!;
    expect(hand.handoff).toEqual({ from: "ai", to: "human", reason: "customer_requested", contextTransferred: true });
    expect(hand.summary).toBe("The AI handed the case to a person because the customer asked for it, with the conversation and case context.");
    expect(timeline.links).toEqual([
      { from: aiProposal.id, to: approvalDecided.id, kind: "approval.decided" },
      { from: aiProposal.id, to: actionExecuted.id, kind: "action.executed" },
    ]);
    for (const e of timeline.events) expect(e.summary).not.toMatch(/undefined|null/);

    const recovery = (await caseTimeline(t.handle.db, W, "case_9127"))!;
    expect(recovery.events.find((e) => e.eventId === voucherExecuted.id)!.flags).toEqual(["overridden", "reversed"]);
    expect(await caseTimeline(t.handle.db, W, "no-such-case")).toBeNull();
    expect(await caseTimeline(t.handle.db, "elsewhere", "case_9127")).toBeNull();
  });
});
