import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { verifyBundle } from "@/lib/export/verify-bundle";

// docs/examples holds two bundles the documentation walks through, and an independent verifier written
// in Python from docs/verification.md alone. If the format changes, these fail until the docs change too.
const contiguous = readFileSync("docs/examples/contiguous.bundle.jsonl");
const filtered = readFileSync("docs/examples/filtered.bundle.jsonl");
const python = spawnSync("python3", ["--version"]).status === 0 && existsSync("/usr/bin/openssl");

describe("the documented example bundles", () => {
  it("verify, and the later one extends the earlier one", () => {
    const first = verifyBundle(contiguous);
    expect(first).toMatchObject({ ok: true, mode: "contiguous", events: 3, checkpoint: { treeSize: 3 } });
    expect(verifyBundle(filtered, { previous: first.checkpoint! })).toMatchObject({ ok: true, mode: "filtered", events: 1, previousCheckpoint: { treeSize: 3 } });
  });

  it.skipIf(!python)("the independent Python verifier agrees, on intact and on tampered bundles", () => {
    const run = (file: string) => spawnSync("python3", ["docs/examples/verify_bundle.py", file], { encoding: "utf8" });
    expect(run("docs/examples/contiguous.bundle.jsonl").stdout).toMatch(/^ok /);
    expect(run("docs/examples/filtered.bundle.jsonl").stdout).toMatch(/^ok /);
    const dir = process.env.TMPDIR ?? "/tmp";
    const tampered = `${dir}/warrant-tampered-${process.pid}.jsonl`;
    writeFileSync(tampered, contiguous.toString().replace("Parcel lost", "Parcel LOST"));
    try {
      const result = run(tampered);
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/^FAILED /);
      expect(verifyBundle(readFileSync(tampered)).ok).toBe(false);
    } finally {
      rmSync(tampered, { force: true });
    }
  });
});
