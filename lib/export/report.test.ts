import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/lib/demo/seed";
import { appendEvents } from "@/lib/ledger/append";
import { type Common, executed, numberedId, reversed } from "@/lib/metrics/build";
import type { Ledger } from "@/lib/ledger/context";
import { runVerification } from "@/lib/ledger/verification-runs";
import { projectEntries } from "@/lib/projections/project";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { regulatorReport } from "./report-data";
import { regulatorReportPdf, reversalsReconciled } from "./report-pdf";
import { reportPeriod, reportQuerySchema } from "./report-period";

const POPPLER = existsSync("/usr/bin/pdftoppm") && existsSync("/usr/bin/pdftotext");
const END = new Date("2026-11-01T00:00:00Z");

describe.each(ENGINES)("the regulator's report (%s)", (engine) => {
  let db: TestDatabase;
  let ledger: Ledger;
  let dir: string;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    dir = await mkdtemp(path.join(tmpdir(), "warrant-report-"));
    ledger = { ...db.ledger({ checkpointEvery: 500 }), project: projectEntries };
    await seedDemo(ledger, "demo", { events: 3000, seed: 7, endDate: END });
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const reportFor = (month: string, now: Date, workspaceId = "demo") =>
    regulatorReport(ledger, {
      workspaceId,
      period: reportPeriod(reportQuerySchema.parse({ month }), now),
      generatedBy: "officer@fernhill.example",
      retentionMonths: 6,
      sequential: engine === "pglite",
      now,
    });
  const pdfText = async (pdf: Buffer, name: string) => {
    const file = path.join(dir, name);
    await writeFile(file, pdf);
    return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  };

  it("states the KPIs, the oversight, the breaches, the verification, the checkpoint and the retention", async () => {
    await runVerification(ledger, "demo", { actor: "officer@fernhill.example", via: "page" });
    const report = await reportFor("2026-10", new Date("2026-11-02T09:00:00Z"));
    expect(report.volumes.total).toBeGreaterThan(500);
    expect(report.kpis.autonomyMix.autonomous.denominator).toBeGreaterThan(0);
    expect(report.breaches.count).toBe(report.kpis.policyBreach.numerator);
    expect(report.breaches.listed.length).toBe(Math.min(25, report.breaches.count));
    expect(report.verification).toMatchObject({ ok: true, actor: "officer@fernhill.example", checked: 3000 });
    expect(report.ledger.checkpoint?.treeSize).toBe(3000);
    expect(report.retention).toMatchObject({ months: 6, keepFrom: new Date("2026-05-01T00:00:00Z") });
    expect(report.period).toMatchObject({ to: END.toISOString(), inProgress: false });

    const pdf = await regulatorReportPdf(report);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    if (!POPPLER) return;
    const file = path.join(dir, "report.pdf");
    await writeFile(file, pdf);
    execFileSync("pdftoppm", ["-png", "-r", "60", file, path.join(dir, "page")]);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    for (const expected of [
      "REGULATOR'S REPORT",
      "1 October 2026 – 31 October 2026 (UTC) ·",
      "LEDGER VERIFIED",
      "Autonomy mix",
      "Human oversight",
      "Policy breaches",
      "warrant/demo 3000",
      "at least 6 months",
      "1 May 2026",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("in progress");
    // Each listed breach's event id is whole, ready to copy into a search or an export.
    expect(report.breaches.listed.length).toBeGreaterThan(0);
    for (const breach of report.breaches.listed) expect(text).toContain(breach.eventId);
    if (process.env.WARRANT_KEEP_REPORT) await writeFile(process.env.WARRANT_KEEP_REPORT, pdf);
  });

  it("a ledger verified while empty is said to have had nothing to recompute, not 'all 0 entries'", async () => {
    await runVerification(ledger, "empty", { actor: "officer@fernhill.example", via: "page" });
    const report = await reportFor("2026-10", new Date("2026-11-20T09:00:00Z"), "empty");
    expect(report.verification).toMatchObject({ ok: true, checked: 0 });
    if (!POPPLER) return;
    const text = await pdfText(await regulatorReportPdf(report), "empty.pdf");
    expect(text).toContain("verified the ledger while it was empty: there was nothing to recompute yet.");
    expect(text).not.toContain("recomputed all 0 entries");
  });

  it("a month not yet ended covers up to the time of generation and says so", async () => {
    const now = new Date("2026-10-20T14:05:00Z");
    const report = await reportFor("2026-10", now);
    expect(report.period).toEqual({ by: "month", from: "2026-10-01T00:00:00.000Z", to: now.toISOString(), askedTo: "2026-11-01T00:00:00.000Z", inProgress: true });
    expect(report.generatedAt).toBe(now.toISOString());
    // Nothing after the time of generation is counted (the seed has events up to 1 November).
    const [{ n: upToNow }] = await db.exec<{ n: number }>(
      `select count(*)::int as n from events where workspace_id = 'demo' and occurred_at >= '2026-10-01Z' and occurred_at < '${now.toISOString()}'`,
    );
    expect(report.volumes.total).toBe(upToNow);
    const [{ n: aiActions }] = await db.exec<{ n: number }>(
      `select count(*)::int as n from events where workspace_id = 'demo' and type = 'action.executed' and actor_type = 'ai'
         and occurred_at >= '2026-10-01Z' and occurred_at < '${now.toISOString()}'`,
    );
    expect(report.kpis.reversal.denominator).toBe(aiActions);
    if (!POPPLER) return;
    const text = await pdfText(await regulatorReportPdf(report), "partial.pdf");
    expect(text).toContain("1 October 2026 – 20 October 2026 (UTC; month in progress, generated 20 Oct 2026, 14:05 UTC)");
    expect(text).toContain("PARTIAL PERIOD: NOT YET ENDED");
    expect(text).toContain("up to 20 Oct 2026, 14:05 UTC, when it was generated, not the whole of 1 October 2026 – 31 October 2026");
  });

  it("counts reversals on two bases, each labelled, as the events themselves give them", async () => {
    const report = await reportFor("2026-10", new Date("2026-11-02T09:00:00Z"));
    const rv = report.reversals;
    // Computed again from the events themselves, not the projection the report reads.
    const rows = await db.exec<{ id: string; type: string; actor_type: string; parent_id: string | null; in_period: boolean }>(
      `select id, type, actor_type, parent_id, occurred_at >= '2026-10-01Z' and occurred_at < '2026-11-01Z' as in_period
       from events where workspace_id = 'demo' and type in ('action.executed', 'action.reversed')`,
    );
    const aiActions = new Set(rows.filter((r) => r.type === "action.executed" && r.actor_type === "ai" && r.in_period).map((r) => r.id));
    const reversals = rows.filter((r) => r.type === "action.reversed");
    const inPeriod = reversals.filter((r) => r.in_period);
    const reversedAi = new Set(reversals.filter((r) => aiActions.has(r.parent_id!)).map((r) => r.parent_id));
    const reversedAiInPeriod = new Set(inPeriod.filter((r) => aiActions.has(r.parent_id!)).map((r) => r.parent_id));
    expect(rv).toEqual({
      recorded: inPeriod.length,
      recordedOfPeriodAiActions: inPeriod.filter((r) => aiActions.has(r.parent_id!)).length,
      aiActionsReversed: reversedAi.size,
      aiActionsReversedOutside: reversedAi.size - reversedAiInPeriod.size,
    });
    // Volumes' figure is every reversal dated in the period; Human oversight's is the reversal KPI's numerator.
    expect(rv.recorded).toBe(report.volumes.byType["action.reversed"] ?? 0);
    expect(rv.aiActionsReversed).toBe(report.kpis.reversal.numerator);
    expect(rv.recorded).toBeGreaterThan(0);
    if (!POPPLER) return;
    const text = await pdfText(await regulatorReportPdf(report), "reversals.pdf");
    expect(text).toContain(`Reversals recorded (all actions) ${rv.recorded} action.reversed dated in the period`);
    expect(text).toContain(`AI actions reversed ${((rv.aiActionsReversed / report.kpis.reversal.denominator) * 100).toFixed(1)}% ${rv.aiActionsReversed} of`);
  });

  it("explains, figure by figure, why the two reversal counts differ", async () => {
    // One reversal of each kind that separates the bases, in a workspace of its own.
    const ai = { type: "ai" as const, id: "refund-agent", version: "v1" };
    const at = (id: number, occurredAt: string, actor: Common["actor"] = ai): Common => ({ id: numberedId("4e7e45a1", id), occurredAt, caseId: "case-r", journey: "refund", channel: "chat", actor });
    const refund = { name: "refund.issue", amount: { value: 20, currency: "EUR" } };
    const agent = { type: "human" as const, id: "agent-1" };
    const system = { type: "system" as const, id: "payments" };
    await appendEvents(ledger, "rev", [
      executed(at(1, "2026-09-28T10:00:00Z"), refund, "autonomous"), // before the period…
      executed(at(2, "2026-10-02T10:00:00Z"), refund, "autonomous"),
      executed(at(3, "2026-10-03T10:00:00Z"), refund, "autonomous"),
      executed(at(4, "2026-10-04T10:00:00Z"), refund, "autonomous"),
      executed(at(5, "2026-10-05T10:00:00Z", agent), refund, "assist"), // a person's action
      reversed(at(11, "2026-10-02T11:00:00Z", system), numberedId("4e7e45a1", 1), "system"), // …reversed in it
      reversed(at(12, "2026-10-03T11:00:00Z", system), numberedId("4e7e45a1", 2), "system"),
      reversed(at(13, "2026-10-04T11:00:00Z", system), numberedId("4e7e45a1", 3), "customer"),
      reversed(at(14, "2026-10-05T11:00:00Z", system), numberedId("4e7e45a1", 3), "human"), // a second reversal of 3
      reversed(at(15, "2026-10-06T11:00:00Z", system), numberedId("4e7e45a1", 5), "human"),
      reversed(at(16, "2026-11-03T11:00:00Z", system), numberedId("4e7e45a1", 4), "customer"), // after the period
    ]);
    const report = await reportFor("2026-10", new Date("2026-11-10T00:00:00Z"), "rev");
    expect(report.volumes.byType["action.reversed"]).toBe(5);
    expect(report.kpis.reversal).toMatchObject({ numerator: 3, denominator: 3 });
    expect(report.reversals).toEqual({ recorded: 5, recordedOfPeriodAiActions: 3, aiActionsReversed: 3, aiActionsReversedOutside: 1 });
    expect(reversalsReconciled(report.reversals)).toBe(
      "Volumes counts the 5 reversals dated in the period, whatever they undo; this counts the period's AI-executed actions that were reversed, whenever. " +
        "2 of those undo something else (an action by a person or a system, the execution of an approved proposal, or an action from before the period). " +
        "1 is a further reversal of an AI action already reversed. 1 AI action of the period was reversed only after it. (5 - 2 - 1 + 1 = 3)",
    );
    if (!POPPLER) return;
    const text = await pdfText(await regulatorReportPdf(report), "reconciled.pdf");
    expect(text).toContain("Reversals recorded (all actions) 5");
    expect(text).toContain("AI actions reversed 100.0% 3 of 3 AI actions of the period");
    expect(text).toContain("(5 - 2 - 1 + 1 = 3)");
  });
});
