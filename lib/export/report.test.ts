import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/lib/demo/seed";
import type { Ledger } from "@/lib/ledger/context";
import { runVerification } from "@/lib/ledger/verification-runs";
import { projectEntries } from "@/lib/projections/project";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { regulatorReport, reportQuerySchema } from "./report-data";
import { regulatorReportPdf } from "./report-pdf";

const POPPLER = existsSync("/usr/bin/pdftoppm") && existsSync("/usr/bin/pdftotext");
const END = new Date("2026-11-01T00:00:00Z");

describe("the report's period", () => {
  it("is a month or two days, UTC, the end exclusive", () => {
    expect(reportQuerySchema.parse({ month: "2026-10" })).toMatchObject({ from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-11-01T00:00:00Z") });
    expect(reportQuerySchema.parse({ month: "2026-12" }).to).toEqual(new Date("2027-01-01T00:00:00Z"));
    expect(reportQuerySchema.safeParse({ month: "2026-13" }).success).toBe(false);
    expect(reportQuerySchema.safeParse({}).success).toBe(false);
    expect(reportQuerySchema.safeParse({ from: "2026-10-02", to: "2026-10-01" }).success).toBe(false);
  });
});

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

  it("states the KPIs, the oversight, the breaches, the verification, the checkpoint and the retention", async () => {
    await runVerification(ledger, "demo", { actor: "officer@fernhill.example", via: "page" });
    const report = await regulatorReport(ledger, {
      workspaceId: "demo",
      from: new Date("2026-10-01T00:00:00Z"),
      to: END,
      generatedBy: "officer@fernhill.example",
      retentionMonths: 6,
      sequential: engine === "pglite",
      now: new Date("2026-11-02T09:00:00Z"),
    });
    expect(report.volumes.total).toBeGreaterThan(500);
    expect(report.kpis.autonomyMix.autonomous.denominator).toBeGreaterThan(0);
    expect(report.breaches.count).toBe(report.kpis.policyBreach.numerator);
    expect(report.breaches.listed.length).toBe(Math.min(25, report.breaches.count));
    expect(report.verification).toMatchObject({ ok: true, actor: "officer@fernhill.example", checked: 3000 });
    expect(report.ledger.checkpoint?.treeSize).toBe(3000);
    expect(report.retention).toMatchObject({ months: 6, keepFrom: new Date("2026-05-01T00:00:00Z") });

    const pdf = await regulatorReportPdf(report);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    if (!POPPLER) return;
    const file = path.join(dir, "report.pdf");
    await writeFile(file, pdf);
    execFileSync("pdftoppm", ["-png", "-r", "60", file, path.join(dir, "page")]);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    for (const expected of [
      "REGULATOR'S REPORT",
      "1 October 2026 – 31 October 2026 (UTC)",
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
    if (process.env.WARRANT_KEEP_REPORT) await writeFile(process.env.WARRANT_KEEP_REPORT, pdf);
  });
});
