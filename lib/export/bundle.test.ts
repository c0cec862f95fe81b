import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvents, checkpointNow } from "@/lib/ledger/append";
import type { Ledger } from "@/lib/ledger/context";
import { formatVerifierKey } from "@/lib/ledger/note";
import { ENGINES, openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";
import { exportChunks, logExport, planExport } from "./plan";
import { exportQuerySchema } from "./query";
import { type BundleReport, verifyBundle } from "./verify-bundle";

async function bundleOf(ledger: Ledger, query: Record<string, string> = {}, workspace = "acme") {
  const plan = await planExport(ledger, workspace, exportQuerySchema.parse({ format: "bundle", ...query }));
  let text = "";
  for await (const chunk of exportChunks(ledger, plan)) text += chunk;
  return { plan, text };
}

const linesOf = (text: string) => text.split("\n").slice(0, -1);
const withLines = (lines: string[]) => `${lines.join("\n")}\n`;
const eventLineNumbers = (lines: string[]) => lines.flatMap((l, i) => (l.startsWith('{"kind":"event",') ? [i + 1] : []));
const seqOf = (line: string) => (JSON.parse(line) as { seq: number }).seq;
const checks = (report: BundleReport) => report.problems.map((p) => p.check);
const anotherKey = () => formatVerifierKey("warrant-test", generateKeyPairSync("ed25519").publicKey);

describe.each(ENGINES)("export bundles (%s)", (engine) => {
  let db: TestDatabase;
  let ledger: Ledger;
  let contiguous: string;
  let filtered: string;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    ledger = db.ledger({ checkpointEvery: 7 });
    for (let batch = 0; batch < 4; batch++) await appendEvents(ledger, "acme", sampleEvents(15, batch * 15));
    await appendEvents(ledger, "other", sampleEvents(5));
    contiguous = (await bundleOf(ledger)).text;
    filtered = (await bundleOf(ledger, { journey: "refund" })).text;
  });
  afterAll(() => db.close());

  it("a contiguous bundle of the whole chain verifies, proven against a checkpoint signed for it", async () => {
    const report = verifyBundle(contiguous);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, mode: "contiguous", workspace: "acme", events: 60, firstSeq: 1, lastSeq: 60, checkpoint: { treeSize: 60 } });
    expect(linesOf(contiguous)[0]).toMatch(/^\{"kind":"header","format":"warrant-bundle","version":1,/);
  });

  it("a filtered bundle verifies, every event with its own inclusion proof", () => {
    const report = verifyBundle(filtered);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, mode: "filtered", events: 15 });
    for (const line of linesOf(filtered).filter((l) => l.includes('"kind":"event"'))) {
      expect(JSON.parse(line).proof).toMatchObject({ treeSize: 60 });
    }
  });

  it("a seq range is contiguous and verifies from its boundary prev_hash", async () => {
    const { text } = await bundleOf(ledger, { fromSeq: "11", toSeq: "29" });
    expect(verifyBundle(text)).toMatchObject({ ok: true, mode: "contiguous", events: 19, firstSeq: 11, lastSeq: 29 });
  });

  it("passes with the trusted key and fails with any other", () => {
    expect(verifyBundle(contiguous, { trustedKey: ledger.key.verifierKey }).ok).toBe(true);
    const report = verifyBundle(contiguous, { trustedKey: anotherKey() });
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ check: "key", line: 2 });
  });

  for (const kind of ["contiguous", "filtered"] as const) {
    const text = () => (kind === "contiguous" ? contiguous : filtered);

    it(`${kind}: changing any one byte of any event line fails and names that line`, () => {
      const lines = linesOf(text());
      const events = eventLineNumbers(lines);
      fc.assert(
        fc.property(fc.constantFrom(...events), fc.nat(), fc.integer({ min: 32, max: 126 }), (lineNo, at, byte) => {
          const line = Buffer.from(lines[lineNo - 1], "utf8");
          const position = at % line.length;
          fc.pre(line[position] !== byte);
          line[position] = byte;
          const tampered = lines.slice();
          tampered[lineNo - 1] = line.toString("utf8");
          const report = verifyBundle(withLines(tampered));
          expect(report.ok).toBe(false);
          expect(report.problems.some((p) => p.line === lineNo)).toBe(true);
        }),
        { numRuns: 300 },
      );
    });

    it(`${kind}: changing one character of a record names the event and the hash check`, () => {
      const lines = linesOf(text());
      const lineNo = eventLineNumbers(lines)[3];
      const seq = seqOf(lines[lineNo - 1]);
      lines[lineNo - 1] = lines[lineNo - 1].replace(/refund-agent/, "refund-agenT");
      const report = verifyBundle(withLines(lines));
      expect(report.problems[0]).toMatchObject({ check: "hash", line: lineNo, seq });
      expect(report.problems[0].message).toContain(`event seq ${seq}`);
      expect(checks(report)).toContain("manifest");
      expect(checks(report)).toContain("signature");
    });

    it(`${kind}: dropping an event line names the missing seq`, () => {
      const lines = linesOf(text());
      for (const lineNo of eventLineNumbers(lines).slice(0, 6)) {
        const seq = seqOf(lines[lineNo - 1]);
        const report = verifyBundle(withLines(lines.filter((_, i) => i !== lineNo - 1)));
        expect(report.ok).toBe(false);
        expect(report.problems[0].check).toBe("sequence");
        expect(report.problems[0].message).toMatch(new RegExp(`(seq|entry|entries) ${seq}\\b`));
      }
    });

    it(`${kind}: dropping the last event, or any line that is not an event, fails`, () => {
      const lines = linesOf(text());
      const lastEvent = eventLineNumbers(lines).at(-1)!;
      const dropped = verifyBundle(withLines(lines.filter((_, i) => i !== lastEvent - 1)));
      expect(dropped.ok).toBe(false);
      expect(checks(dropped)).toContain("manifest");
      for (let i = 0; i < lines.length; i++) {
        if (lines[i].startsWith('{"kind":"event",')) continue;
        const report = verifyBundle(withLines(lines.filter((_, k) => k !== i)));
        expect(report.ok, `dropping line ${i + 1} (${lines[i].slice(0, 30)}…)`).toBe(false);
      }
    });

    it(`${kind}: reordering two event lines names the events out of order`, () => {
      const lines = linesOf(text());
      const events = eventLineNumbers(lines);
      for (const [a, b] of [
        [events[0], events[1]],
        [events[2], events[9]],
      ]) {
        const swapped = lines.slice();
        [swapped[a - 1], swapped[b - 1]] = [swapped[b - 1], swapped[a - 1]];
        const report = verifyBundle(withLines(swapped));
        expect(report.ok).toBe(false);
        const sequence = report.problems.find((p) => p.check === "sequence")!;
        expect(sequence.line).toBe(a);
        expect([seqOf(lines[a - 1]), seqOf(lines[b - 1])]).toContain(sequence.seq);
      }
    });

    it(`${kind}: reordering any two lines fails`, () => {
      const lines = linesOf(text());
      fc.assert(
        fc.property(fc.nat(lines.length - 1), fc.nat(lines.length - 1), (a, b) => {
          fc.pre(lines[a] !== lines[b]);
          const swapped = lines.slice();
          [swapped[a], swapped[b]] = [swapped[b], swapped[a]];
          expect(verifyBundle(withLines(swapped)).ok).toBe(false);
        }),
        { numRuns: 100 },
      );
    });

    it(`${kind}: swapping the public key fails every signature check and says so`, () => {
      const lines = linesOf(text());
      const key = JSON.parse(lines[1]);
      const other = anotherKey();
      const [name, keyId] = other.split("+");
      lines[1] = JSON.stringify({ kind: "key", verifierKey: other, name, keyId });
      expect(key.verifierKey).not.toBe(other);
      const report = verifyBundle(withLines(lines));
      expect(report.ok).toBe(false);
      expect(report.problems[0]).toMatchObject({ check: "checkpoint", line: 3 });
      expect(report.problems[0].message).toContain(`no signature by key warrant-test+${keyId}`);
      expect(checks(report)).toContain("signature");
    });

    it(`${kind}: a cut-short file says it was truncated`, () => {
      const lines = linesOf(text());
      const report = verifyBundle(withLines(lines.slice(0, -2)));
      expect(report.problems.map((p) => p.check)).toContain("truncated");
    });
  }

  it("an event the filter would not select is named", () => {
    const lines = linesOf(filtered);
    const header = JSON.parse(lines[0]);
    header.filter = { journey: "billing_dispute" };
    lines[0] = JSON.stringify(header);
    const report = verifyBundle(withLines(lines));
    expect(report.problems[0]).toMatchObject({ check: "filter" });
    expect(report.problems[0].message).toContain("journey is refund, not billing_dispute");
  });

  it("a later bundle proves its checkpoint extends the earlier bundle's", async () => {
    const first = await bundleOf(ledger, {}, "other");
    await logExport(ledger.db, first.plan, { actor: "test", via: "test" });
    const earlier = verifyBundle(first.text);
    await appendEvents(ledger, "other", sampleEvents(9, 5));
    const second = await bundleOf(ledger, { journey: "order_status" }, "other");
    const report = verifyBundle(second.text, { previous: earlier.checkpoint! });
    expect(report.problems).toEqual([]);
    expect(report.previousCheckpoint).toEqual(earlier.checkpoint);
    expect(report.checkpoint!.treeSize).toBe(14);

    // An explicit `since` works too, and a broken consistency proof is named.
    const explicit = await bundleOf(ledger, { since: String(earlier.checkpoint!.treeSize) }, "other");
    const lines = linesOf(explicit.text);
    const at = lines.findIndex((l) => l.startsWith('{"kind":"consistency"'));
    const consistency = JSON.parse(lines[at]);
    consistency.proof[0] = consistency.proof[0].replace(/^./, (c: string) => (c === "0" ? "1" : "0"));
    lines[at] = JSON.stringify(consistency);
    const broken = verifyBundle(withLines(lines), { previous: earlier.checkpoint! });
    expect(broken.problems[0]).toMatchObject({ check: "consistency", line: at + 1 });
    expect(verifyBundle(first.text, { previous: report.checkpoint! }).problems.map((p) => p.check)).toContain("consistency");
  });

  it("refuses since= for a size that was never signed", async () => {
    await expect(bundleOf(ledger, { since: "3" })).rejects.toThrow(/no signed checkpoint at size 3/);
  });

  it("an empty workspace exports an empty bundle that verifies", async () => {
    const { text } = await bundleOf(ledger, {}, "empty");
    expect(verifyBundle(text)).toMatchObject({ ok: true, events: 0 });
  });

  it("exports only what a checkpoint covers, signing one first", async () => {
    await appendEvents(ledger, "acme", sampleEvents(3, 60));
    const { plan, text } = await bundleOf(ledger);
    expect(plan.upTo).toBe(63);
    expect(verifyBundle(text)).toMatchObject({ ok: true, events: 63 });
    expect(await checkpointNow(ledger, "acme")).toBeNull();
  });
});
