// Shared pieces of the benchmarks: a fresh database on the benchmark server, the machine's facts,
// latency statistics, and the production server started as a child process.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { NEXT_START_KEEP_ALIVE } from "@/lib/api/keep-alive";

export function serverUrlOrExit(): string {
  const url = process.env.TEST_DATABASE_URL ?? process.env.BENCH_DATABASE_URL;
  if (!url) {
    console.error("Set TEST_DATABASE_URL to a PostgreSQL server (npm run bench starts one when run as root).");
    process.exit(2);
  }
  return url;
}

/** Creates a fresh, empty database on the server and returns its URL and a drop function. */
export async function freshDatabase(serverUrl: string, name: string) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
    /** Keeps the database (to inspect it afterwards) and closes the admin connection. */
    close: () => admin.end({ timeout: 5 }),
  };
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return `${cpus().length} × ${cpu.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export const fmt = (n: number, digits = 0) => n.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Starts `next start` on a port with the given environment and waits for /api/v1/health. */
export async function startServer(port: number, env: Record<string, string>): Promise<ChildProcess> {
  // BENCH_SERVER_NODE_ARGS go to the server's node only (say --cpu-prof to profile what a benchmark measures).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1", ...NEXT_START_KEEP_ALIVE], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not become healthy: ${stderr}`);
}

export function stopServer(child: ChildProcess) {
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    // already gone
  }
}

/**
 * The database and data directory of a benchmark. BENCH_KEEP=1 keeps both after the run (fixed names,
 * so the next run finds the same signing key); BENCH_REUSE=1 measures a kept one again without loading.
 */
export async function benchDatabase(serverUrl: string, name: string) {
  const keep = process.env.BENCH_KEEP === "1";
  const reuse = process.env.BENCH_REUSE === "1";
  const keptDataDir = path.join(tmpdir(), name.replaceAll("_", "-"));
  let db: { url: string; drop: () => Promise<void>; close: () => Promise<void> };
  if (reuse) {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    db = { url: url.toString(), drop: async () => {}, close: async () => {} };
  } else db = await freshDatabase(serverUrl, name);
  const dataDir = keep || reuse ? keptDataDir : mkdtempSync(path.join(tmpdir(), `${name.replaceAll("_", "-")}-`));
  if (keep && !reuse) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  return {
    url: db.url,
    dataDir,
    reuse,
    /** Drops the database and its directory, or keeps them (BENCH_KEEP, BENCH_REUSE) and says so. */
    async finish() {
      if (keep || reuse) {
        await db.close();
        console.log(`\nkept ${db.url} (data directory ${dataDir}); measure again with BENCH_REUSE=1, then drop database ${name} with (force)`);
      } else {
        rmSync(dataDir, { recursive: true, force: true });
        await db.drop();
      }
    },
  };
}
