import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportChunks, planExport } from "@/lib/export/plan";
import { exportQuerySchema } from "@/lib/export/query";
import { appendEvents } from "@/lib/ledger/append";
import { openTestDatabase, type TestDatabase } from "@/tests/helpers/databases";
import { sampleEvents } from "@/tests/helpers/events";

// The command an auditor runs: no database (an unreachable DATABASE_URL), no data directory, no network.
function verifyBundle(...args: string[]) {
  const result = spawnSync("node", ["scripts/warrant.mjs", "verify-bundle", ...args], {
    env: { ...process.env, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none", WARRANT_DATA_DIR: "/nonexistent/warrant" },
    encoding: "utf8",
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe("npx warrant verify-bundle", () => {
  let db: TestDatabase;
  let dir: string;
  let good: string;
  let verifierKey: string;

  beforeAll(async () => {
    db = await openTestDatabase("pglite");
    dir = await mkdtemp(path.join(tmpdir(), "warrant-bundle-cli-"));
    const ledger = db.ledger({ checkpointEvery: 8 });
    verifierKey = ledger.key.verifierKey;
    await appendEvents(ledger, "acme", sampleEvents(30));
    const plan = await planExport(ledger, "acme", exportQuerySchema.parse({ format: "bundle", journey: "refund" }));
    let text = "";
    for await (const chunk of exportChunks(ledger, plan)) text += chunk;
    good = path.join(dir, "good.bundle.jsonl");
    await writeFile(good, text);
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("says ok and exits 0 for an intact bundle, with the key pinned", () => {
    const { code, out } = verifyBundle(good, "--key", verifierKey);
    expect(code).toBe(0);
    expect(out).toMatch(/^ok .*good\.bundle\.jsonl: filtered bundle of workspace acme, 7 event\(s\), seq 4–28, checkpoint 30 .*\(trusted\)/);
  });

  it("exits 1 and names the event and the check when one byte changed", async () => {
    const lines = (await readFile(good, "utf8")).split("\n");
    const at = lines.findIndex((l) => l.includes('"seq":12,'));
    lines[at] = lines[at].replace("Parcel 11 was lost", "Parcel 11 was lOst");
    const bad = path.join(dir, "bad.bundle.jsonl");
    await writeFile(bad, lines.join("\n"));
    const { code, out } = verifyBundle(bad);
    expect(code).toBe(1);
    expect(out.split("\n")[1]).toBe(`  [hash] event seq 12 (line ${at + 1}): SHA-256 of prevHash and record is not its hash (the record, hash or prevHash was changed)`);
  });

  it("exits 2 with usage for a missing file", () => {
    expect(verifyBundle().code).toBe(2);
    expect(verifyBundle(path.join(dir, "nope.jsonl")).err).toContain("no such file");
  });
});
