import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { claimDataDir, DataDirInUseError } from "./data-dir-lock";

describe("one process per embedded database", () => {
  let root: string;
  let dataDir: string;
  let lockFile: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "warrant-lock-"));
    dataDir = path.join(root, "pglite");
    lockFile = `${dataDir}.lock`;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("refuses a second process while the first has the database open, naming the owner", async () => {
    const handle = await openDatabase({ dataDir });
    try {
      expect(readFileSync(lockFile, "utf8").trim()).toBe(String(process.pid));
      // The CLI is the real second process: `npx warrant user create` while the app runs.
      const cli = spawnSync("node", ["scripts/warrant.mjs", "user", "create", "--email", "x@example.com", "--name", "X", "--role", "admin"], {
        env: { ...process.env, WARRANT_DATA_DIR: root, DATABASE_URL: "", WARRANT_PASSWORD: "a-long-enough-password" },
        encoding: "utf8",
      });
      expect(cli.status).toBe(1);
      expect(cli.stderr).toContain(`is in use by process ${process.pid}`);
      expect(cli.stderr).toContain(lockFile);
    } finally {
      await handle.close();
    }
    expect(existsSync(lockFile)).toBe(false);
  }, 60_000);

  it("takes over a lock left by a process that is gone", async () => {
    const gone = spawn("node", ["-e", ""]);
    await new Promise((resolve) => gone.on("exit", resolve));
    writeFileSync(lockFile, `${gone.pid}\n`);
    const release = claimDataDir(dataDir);
    expect(readFileSync(lockFile, "utf8").trim()).toBe(String(process.pid));
    release();
    expect(existsSync(lockFile)).toBe(false);
  });

  it("takes over a lock naming this process that it did not write (an earlier process with the same pid)", () => {
    writeFileSync(lockFile, `${process.pid}\n`);
    const release = claimDataDir(dataDir);
    release();
    expect(existsSync(lockFile)).toBe(false);
  });

  it("refuses a lock held by another live process", async () => {
    const owner = spawn("node", ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      writeFileSync(lockFile, `${owner.pid}\n`);
      expect(() => claimDataDir(dataDir)).toThrow(DataDirInUseError);
      expect(() => claimDataDir(dataDir)).toThrow(`in use by process ${owner.pid}`);
      expect(readFileSync(lockFile, "utf8").trim()).toBe(String(owner.pid));
    } finally {
      owner.kill();
    }
  });

  it("lets one process open the directory twice and keeps the lock until the last handle closes", () => {
    const first = claimDataDir(dataDir);
    const second = claimDataDir(dataDir);
    first();
    first(); // releasing twice counts once
    expect(existsSync(lockFile)).toBe(true);
    second();
    expect(existsSync(lockFile)).toBe(false);
  });
});
