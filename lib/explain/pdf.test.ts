import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aiProposal, overrideJourney, refundJourney } from "@/lib/events/examples";
import { appendEvents, checkpointNow } from "@/lib/ledger/append";
import { projectEntries } from "@/lib/projections/project";
import { openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { explainAction } from "./explain";
import { explanationPdf } from "./pdf";

const POPPLER = existsSync("/usr/bin/pdftoppm") && existsSync("/usr/bin/pdftotext");
const flat = (s: string) => s.replace(/\s+/g, " ").trim();

describe.skipIf(!POPPLER)("the explanation PDF", () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await openTestDatabase("pglite");
    dir = await mkdtemp(path.join(tmpdir(), "warrant-pdf-"));
    const ledger = { ...t.ledger(), project: projectEntries };
    await appendEvents(ledger, "w", [...refundJourney, ...overrideJourney]);
    await checkpointNow(ledger, "w");
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("opens (rendered to PNG with pdftoppm) and contains the sentence, the proof and the verification result", async () => {
    const e = await explainAction(t.handle.db, t.ledger(), "w", aiProposal.id, { accountability: { party: "Fernhill Retail Ltd" } });
    const pdf = await explanationPdf(e, { generatedAt: new Date("2025-04-01T12:00:00Z"), generatedBy: "ines@fernhill.example" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const file = path.join(dir, "explanation.pdf");
    await writeFile(file, pdf);

    execFileSync("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", file, path.join(dir, "page")]);
    const png = readFileSync(path.join(dir, "page-1.png"));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.length).toBeGreaterThan(5_000);

    const text = flat(execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }));
    // Hashes are compared without whitespace: a text extractor may break a long monospaced run.
    const dense = text.replace(/\s+/g, "");
    expect(text).toContain(flat(e.title));
    expect(text).toContain(flat(e.sentence));
    expect(text).toContain("VERIFIED");
    expect(dense).toContain(e.proof.hash);
    expect(dense).toContain(e.proof.prevHash);
    expect(dense).toContain(e.proof.checkpoint!.rootHash);
    expect(dense).toContain(`warrant/w${e.proof.checkpoint!.treeSize}`); // the signed note, verbatim
    for (const h of e.proof.inclusion!.path) expect(dense).toContain(h);
    for (const s of e.sections) expect(text).toContain(s.title);
    expect(text).toContain("Fernhill Retail Ltd is accountable for this decision");
    expect(text).not.toMatch(/undefined|NaN/);
  });
});
