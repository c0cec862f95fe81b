// Shared pieces of the reliability scripts (load.ts, faults.ts): the production server as a child
// process that can be killed and restarted, a fresh database, API keys, and the check that every
// acknowledged event is stored exactly once, uncorrupted, in a chain that verifies.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { NEXT_START_KEEP_ALIVE } from "@/lib/api/keep-alive";
import { loadEnv } from "@/lib/env";
import { rulesFromConfig, redactEvent } from "@/lib/ingest/redact";
import { canonicalEvent } from "@/lib/ledger/chain";
import { verifyLedger } from "@/lib/ledger/verify";
import { createRuntime } from "@/lib/runtime";
import { freshDatabase, serverUrlOrExit } from "../bench/common";
import type { Ack, Tracker } from "./client";

export { fmt, machine, percentile } from "../bench/common";

const NEXT_BIN = createRequire(import.meta.url).resolve("next/dist/bin/next");

/** A fresh database on TEST_DATABASE_URL's server, a private data directory and one ingest key per workspace. */
export async function setUp(name: string, workspaces: string[]) {
  if (!existsSync(".next/BUILD_ID")) {
    console.error("No production build (.next/BUILD_ID): run `npx next build` first (scripts/reliability/run.sh does).");
    process.exit(2);
  }
  const server = serverUrlOrExit();
  const db = await freshDatabase(server, name);
  const dataDir = mkdtempSync(path.join(tmpdir(), `${name}-`));
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    WARRANT_DATA_DIR: dataDir,
    WARRANT_DEMO: "0",
    // Checkpoints often enough that faults land between a commit and its published note.
    WARRANT_CHECKPOINT_EVERY: "500",
    WARRANT_CHECKPOINT_MINUTES: "0.1",
    // The per-key ingest limit is a policy, not a reliability property: out of the way here.
    WARRANT_RATE_INGEST: "1000000",
    AUTH_SECRET: "reliability-test-secret-0123456789",
  };
  const keys = new Map<string, string>();
  for (const workspace of workspaces) {
    const out = execFileSync("node", ["scripts/warrant.mjs", "apikey", "create", "--workspace", workspace, "--new-workspace", "--scopes", "ingest,read", "--name", name], {
      env: { ...process.env, ...env },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    keys.set(workspace, out.trim().split("\n").at(-1)!);
  }
  return {
    env,
    keys,
    dataDir,
    dbUrl: db.url,
    async tearDown(keep: boolean) {
      await db.drop();
      if (!keep) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface App {
  child: ChildProcess;
  pid: number;
  port: number;
  /** Settles when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `next start` (the production build) directly under node, in its own process group, so
 * `pid` is the server itself (a signal reaches it as it would in a container) and its output is
 * appended to `logFile`. Resolves once /api/v1/health answers 200 (or, with "answering", anything).
 */
export async function startApp(port: number, env: Record<string, string>, logFile: string, timeoutMs = 90_000, until: "healthy" | "answering" = "healthy"): Promise<App> {
  const out = openSync(logFile, "a");
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1", ...NEXT_START_KEEP_ALIVE], {
    env: { ...process.env, ...env, NODE_ENV: "production" },
    stdio: ["ignore", out, out],
    detached: true,
  });
  closeSync(out);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const app: App = { child, pid: child.pid!, port, exited };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited during start-up; see ${logFile}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/health`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.ok || until === "answering") return app;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  killGroup(app, "SIGKILL");
  throw new Error(`the server did not become healthy within ${timeoutMs / 1000} s; see ${logFile}`);
}

/** Signals the server's whole process group (the server and anything it spawned). */
export function killGroup(app: App, signal: NodeJS.Signals) {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  try {
    process.kill(-app.pid, signal);
  } catch {
    // already gone
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Verdict {
  violations: string[];
  stored: number;
  acknowledged: number;
  checked: number;
  warnings: string[];
}

/**
 * The invariant: every acknowledged id is stored exactly once, with the body that was sent (after the
 * server's deterministic redaction), at the seq and hash the acknowledgement named; nothing else is
 * stored (every request was eventually acknowledged, so there can be no orphans); each workspace's
 * chain verifies (hashes, seq continuity, signed checkpoints and their external copies).
 */
export async function checkLedger(setup: { env: Record<string, string>; dbUrl: string }, tracker: Tracker, workspaces: string[]): Promise<Verdict> {
  const violations: string[] = [];
  const warnings: string[] = [];
  const sql = postgres(setup.dbUrl, { max: 2, onnotice: () => {} });
  const rules = rulesFromConfig(undefined, undefined);
  let stored = 0;
  let checked = 0;
  try {
    const duplicates = await sql`select workspace_id, id, count(*)::int as n from events group by 1, 2 having count(*) > 1`;
    for (const row of duplicates) violations.push(`id ${row.id} is stored ${row.n} times in ${row.workspace_id}`);
    for (const workspace of workspaces) {
      const acks = tracker.acks.get(workspace) ?? new Map<string, Ack>();
      const rows = await sql<{ id: string; seq: string; hash: string; record: string }[]>`
        select id::text, seq::text, encode(hash, 'hex') as hash, record from events where workspace_id = ${workspace}`;
      stored += rows.length;
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const [id, ack] of acks) {
        const row = byId.get(id);
        if (!row) {
          violations.push(`acknowledged id ${id} (${workspace}, seq ${ack.seq}) is not stored`);
          continue;
        }
        if (!Number.isNaN(ack.seq) && (Number(row.seq) !== ack.seq || row.hash !== ack.hash)) violations.push(`id ${id}: acknowledged as seq ${ack.seq}/${ack.hash.slice(0, 12)}, stored as seq ${row.seq}/${row.hash.slice(0, 12)}`);
        if (ack.event) {
          const expected = canonicalEvent(redactEvent(ack.event, rules).event);
          const actual = canonicalEvent((JSON.parse(row.record) as { event: unknown }).event);
          if (expected !== actual) violations.push(`id ${id}: the stored body differs from the one sent`);
        }
        checked += 1;
      }
      for (const row of rows) if (!acks.has(row.id)) violations.push(`id ${row.id} (${workspace}, seq ${row.seq}) is stored but was never acknowledged`);
      if (rows.length !== acks.size) violations.push(`${workspace}: ${rows.length} events stored, ${acks.size} acknowledged`);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  // Verify with the app's own key and checkpoint directory, as `npx warrant verify` would.
  const rt = await createRuntime(loadEnv({ ...process.env, ...setup.env, WARRANT_SKIP_MIGRATIONS: "1" }));
  try {
    for (const workspace of workspaces) {
      const result = await verifyLedger(rt.ledger, workspace);
      if (!result.ok) violations.push(`verifyLedger(${workspace}) failed: ${JSON.stringify(result).slice(0, 400)}`);
      warnings.push(...result.warnings.map((w) => `${workspace}: ${w}`));
    }
  } finally {
    await rt.handle.close();
  }
  const acknowledged = [...tracker.acks.values()].reduce((n, m) => n + m.size, 0);
  return { violations, stored, acknowledged, checked, warnings };
}

/** The last `lines` lines of a log file, for a failure report. */
export function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}
