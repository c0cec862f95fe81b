// npm run bench:ingest — the production build against a real PostgreSQL, driven over loopback by many
// concurrent keep-alive connections at batch sizes 1, 100 and 1,000; and, in the same run, the raw
// baseline: postgres.js multi-row INSERTs of the same rows into a plain table, same concurrency.
// Each scenario's time is cut into rounds that take turns (each door, then the baseline, again and
// again): this machine's speed drifts by a quarter from one minute to the next, and a ratio of two
// phases measured minutes apart measured the drift as much as the app.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { columnsOf } from "@/lib/events/columns";
import type { WarrantEvent } from "@/lib/events/schema";
import { encodeRecordAround } from "@/lib/ledger/chain";
import { sampleEvents } from "@/tests/helpers/events";
import { fmt, freshDatabase, machine, percentile, serverUrlOrExit, startServer, stopServer } from "./common";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// Rounds per scenario (BENCH_ROUNDS); each path runs SECONDS in all, SECONDS / ROUNDS at a time.
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const PORT = Number(process.env.BENCH_PORT ?? 3210);
// The same server's ingest listener (lib/ingest/listener.ts): the ingest handlers without Next.js's request handling.
const INGEST_PORT = PORT + 1;
// A node:http server that does nothing but answer (scripts/bench/http-floor.ts): the floor under single events.
const FLOOR_PORT = PORT + 2;
const driven = ({ key }: { key: string }) => !process.env.BENCH_DOORS || process.env.BENCH_DOORS.split(",").includes(key);
// Which front doors to drive (BENCH_DOORS=listener,floor drives only the ingest listener and the floor).
const DOORS = [
  { name: "Warrant via Next.js", port: PORT, key: "next" },
  { name: "Warrant via ingest port", port: INGEST_PORT, key: "listener" },
].filter(driven);
// Single events only: there HTTP is most of the work, and this tells how much of the machine it leaves.
const FLOOR_DOORS = [{ name: "node:http doing nothing", port: FLOOR_PORT, key: "floor" }].filter(driven);
// BENCH_BATCHES=1,100 runs only those batch sizes.
const SCENARIOS = [
  { batch: 1, concurrency: 64 },
  { batch: 100, concurrency: 16 },
  { batch: 1000, concurrency: 4 },
].filter(({ batch }) => !process.env.BENCH_BATCHES || process.env.BENCH_BATCHES.split(",").map(Number).includes(batch));

interface Result {
  events: number;
  seconds: number;
  latencies: number[];
  errors: number;
}

/** Runs `worker` on `concurrency` loops for `seconds`; each call returns the events it stored. */
async function drive(concurrency: number, seconds: number, worker: () => Promise<number>): Promise<Result> {
  const latencies: number[] = [];
  let events = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          // Not `events += await worker()`: that reads `events` before awaiting and loses updates.
          const stored = await worker();
          events += stored;
          latencies.push(performance.now() - t);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  return { events, seconds: (performance.now() - started) / 1000, latencies, errors };
}

/** One path's rounds added up: events over the time they took, and every latency. */
function combined(rounds: Result[]): Result {
  return {
    events: rounds.reduce((n, r) => n + r.events, 0),
    seconds: rounds.reduce((n, r) => n + r.seconds, 0),
    latencies: rounds.flatMap((r) => r.latencies).sort((a, b) => a - b),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
  };
}

function post(agent: http.Agent, port: number, key: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, path: "/api/v1/events", method: "POST", agent, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c) => chunks.push(c));
        response.on("end", () => {
          if (response.statusCode !== 200) return reject(new Error(`${response.statusCode} ${Buffer.concat(chunks)}`));
          resolve((JSON.parse(Buffer.concat(chunks).toString()) as { accepted: number }).accepted);
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

async function main() {
  const server = serverUrlOrExit();
  const db = await freshDatabase(server, "warrant_bench_ingest");
  const dataDir = mkdtempSync(path.join(tmpdir(), "warrant-bench-"));
  // The per-key rate limit (200 requests/s by default) is off: this measures throughput, not the limiter.
  const env = {
    DATABASE_URL: db.url,
    WARRANT_DATA_DIR: dataDir,
    WARRANT_DEMO: "0",
    WARRANT_RATE_INGEST: "0",
    WARRANT_INGEST_PORT: String(INGEST_PORT),
    WARRANT_INGEST_HOST: "127.0.0.1",
    // A server against PostgreSQL must be given the secret its processes share (lib/auth/secret.ts).
    AUTH_SECRET: randomBytes(32).toString("base64url"),
  };
  const key = execFileSync("node", ["scripts/warrant.mjs", "apikey", "create", "--workspace", "bench", "--new-workspace", "--scopes", "ingest"], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).trim().split("\n").at(-1)!;
  const raw = postgres(db.url, { max: 64, onnotice: () => {} });
  await raw`create table baseline_events (like events)`;

  console.log(`machine: ${machine()}; ${SECONDS} s per path and scenario, in ${ROUNDS} rounds taking turns; PostgreSQL with fsync on`);
  const child = await startServer(PORT, env);
  let floorServer: ChildProcess | undefined;
  const rows: string[] = [];
  try {
    if (FLOOR_DOORS.length > 0 && SCENARIOS.some(({ batch }) => batch === 1)) floorServer = await startFloor(FLOOR_PORT);
    let offset = 0;
    let seq = 0;
    for (const { batch, concurrency } of SCENARIOS) {
      const doors = [...DOORS, ...(batch === 1 ? FLOOR_DOORS : [])].map((door) => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
        return { ...door, agent, rounds: [] as Result[], send: () => post(agent, door.port, key, JSON.stringify(sampleEvents(batch, (offset += batch)))) };
      });
      const insertBaseline = async () => {
        const values = sampleEvents(batch, (offset += batch)).map((event) => baselineRow(raw, event, ++seq));
        await raw`insert into baseline_events ${raw(values)}`;
        return batch;
      };
      // Warm-up: compile routes, fill connection pools, on every path.
      for (const door of doors) await drive(Math.min(concurrency, 4), SECONDS / ROUNDS, door.send);
      await drive(Math.min(concurrency, 4), SECONDS / ROUNDS, insertBaseline);
      const baselineRounds: Result[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        for (const door of doors) door.rounds.push(await drive(concurrency, SECONDS / ROUNDS, door.send));
        baselineRounds.push(await drive(concurrency, SECONDS / ROUNDS, insertBaseline));
      }
      for (const door of doors) door.agent.destroy();
      const measured = doors.map((door) => ({ name: door.name, key: door.key, result: combined(door.rounds) }));
      const baseline = combined(baselineRounds);

      const line = (name: string, r: Result) =>
        `| ${name} | ${batch} | ${concurrency} | ${fmt(r.events / r.seconds)} | ${fmt(percentile(r.latencies, 0.5), 1)} | ${fmt(percentile(r.latencies, 0.99), 1)} | ${r.errors} |`;
      rows.push(...measured.map(({ name, result }) => line(name, result)), line("raw INSERT baseline", baseline));
      const rate = (r: Result) => r.events / r.seconds;
      const floor = measured.find(({ key }) => key === "floor");
      for (const { name, key, result } of measured) {
        if (key === "floor") continue;
        rows.push(`| **ratio ${name.replace("Warrant ", "")} / baseline** | ${batch} | | **${fmt((rate(result) / rate(baseline)) * 100)}%** | | | |`);
        if (floor) rows.push(`| ratio ${name.replace("Warrant ", "")} / ${floor.name} | ${batch} | | ${fmt((rate(result) / rate(floor.result)) * 100)}% | | | |`);
      }
    }
  } finally {
    stopServer(child);
    floorServer?.kill("SIGTERM");
    await raw.end({ timeout: 5 });
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log("\n| path | batch | connections | events/s | p50 ms | p99 ms | errors |");
  console.log("|---|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

/** Starts scripts/bench/http-floor.ts on `port`; resolves once it listens. */
async function startFloor(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench/http-floor.ts", String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`scripts/bench/http-floor.ts exited with ${code}`)));
  });
  return child;
}

/**
 * The row the app stores for `event`, every column filled as the app fills it, for the baseline to
 * insert as is. `body` goes as a JSON object: passed as a string, postgres.js stores a jsonb string,
 * which PostgreSQL parses and stores far more cheaply than the object the app stores (runs before
 * 2026-12-07 measured such a baseline; docs/benchmarks.md).
 */
function baselineRow(raw: postgres.Sql, event: WarrantEvent, seq: number) {
  const c = columnsOf(event);
  const receivedAt = new Date().toISOString();
  return {
    workspace_id: "bench", seq, id: event.id, type: event.type, occurred_at: c.occurredAt, received_at: receivedAt,
    case_id: c.caseId, journey: c.journey, channel: c.channel, actor_type: c.actorType, actor_id: c.actorId,
    ai_version: c.aiVersion, action: c.action, autonomy: c.autonomy, confidence: c.confidence, parent_id: c.parentId,
    outcome: c.outcome, customer_ref: c.customerRef, amount: c.amount === null ? null : String(c.amount), currency: c.currency,
    // The app's record layout around the event's plain JSON (canonicalising it is the app's work, not the baseline's).
    record: encodeRecordAround(JSON.stringify(event), { workspace: "bench", seq: String(seq), id: event.id, receivedAt }),
    body: raw.json(event as unknown as postgres.JSONValue), prev_hash: Buffer.alloc(32), hash: Buffer.alloc(32),
  };
}
