// npm run test:faults — faults injected while clients ingest, against the production build on a real
// PostgreSQL that this script may stop (TEST_PGDATA and TEST_PG_BIN, exported by scripts/test-postgres.sh):
//   db-stop-fast       pg_ctl stop -m fast, down for a few seconds, start again
//   db-stop-immediate  pg_ctl stop -m immediate (a crash: recovery from WAL on start)
//   app-sigkill        SIGKILL the server, start it again
//   app-sigterm        SIGTERM the server (graceful drain), start it again
//   app-start-db-down  the server starts while the database is down; the database comes back later
//   db-freeze          SIGSTOP every PostgreSQL process (a hung database, not a refusing one), SIGCONT
// Clients retry with the same ids until acknowledged. Checked: while the database is away every answer
// is a 503 with Retry-After, in bounded time, and /api/v1/health says 503; the app recovers by itself;
// afterwards every acknowledged event is stored exactly once, unchanged, nothing unacknowledged is
// stored, and every chain verifies. Exits 1 on any violation.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { checkLedger, fmt, killGroup, machine, percentile, setUp, sleep, startApp, tail, type App } from "./common";
import { runClients, Tracker } from "./client";

const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 2);
const CONCURRENCY = Number(process.env.FAULT_CONCURRENCY ?? 16);
const PORT = Number(process.env.FAULT_PORT ?? 3420);
const DOWN_MS = Number(process.env.FAULT_DOWN_MS ?? 6000);
const FREEZE_MS = Number(process.env.FAULT_FREEZE_MS ?? 20_000);
const CLIENT_TIMEOUT_MS = 30_000;
const WORKSPACES = ["flt-a", "flt-b"];

const PG_BIN = process.env.TEST_PG_BIN;
const PG_DATA = process.env.TEST_PGDATA;

interface PhaseResult {
  fault: string;
  round: number;
  /** How long the fault lasted (database down, app down, drain). */
  faultMs: number;
  /** From the end of the fault to the first acknowledgement after it. */
  recoveryMs: number;
  answers503: number;
  /** The slowest 503 during the phase: how long a client waited to be told to retry. */
  slowest503Ms: number;
  connectionErrors: number;
  acksDuring: number;
  note: string;
}

function asPostgres(command: string) {
  execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", command], { stdio: ["ignore", "ignore", "pipe"], timeout: 90_000 });
}

/** The options the server was started with (postmaster.opts), to start it again the same way. */
function startOptions(): string {
  const tokens = [...readFileSync(path.join(PG_DATA!, "postmaster.opts"), "utf8").matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  const options: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === "-D") {
      i += 1;
      continue;
    }
    if (!/^[\w.=/:,-]+$/.test(tokens[i])) throw new Error(`cannot pass the server option ${JSON.stringify(tokens[i])} through pg_ctl -o`);
    options.push(tokens[i]);
  }
  return options.join(" ");
}

const stopDatabase = (mode: "fast" | "immediate") => asPostgres(`${PG_BIN}/pg_ctl -D ${PG_DATA} -m ${mode} -w -t 60 stop`);
const startDatabase = (options: string) => asPostgres(`${PG_BIN}/pg_ctl -D ${PG_DATA} -l ${PG_DATA}/server.log -w -t 60 -o "${options}" start`);

function databasePids(): number[] {
  const postmaster = Number(readFileSync(path.join(PG_DATA!, "postmaster.pid"), "utf8").split("\n")[0]);
  const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(postmaster)], { encoding: "utf8" }).split("\n").map(Number).filter((n) => n > 0);
  return [postmaster, ...children];
}

interface Probe {
  status: number | string;
  ms: number;
  databaseOk?: boolean;
  problems?: string[];
}

async function probeHealth(): Promise<Probe> {
  const started = performance.now();
  try {
    const response = await fetch(`http://127.0.0.1:${PORT}/api/v1/health`, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json()) as { database?: { ok: boolean }; problems?: string[]; error?: unknown };
    return { status: response.status, ms: performance.now() - started, databaseOk: body.database?.ok, problems: body.problems };
  } catch (error) {
    return { status: (error as { name?: string }).name ?? "error", ms: performance.now() - started };
  }
}

async function main() {
  if (!PG_BIN || !PG_DATA) {
    console.error("test:faults stops and starts PostgreSQL: set TEST_PGDATA and TEST_PG_BIN (scripts/reliability/run.sh starts a private cluster when they are missing).");
    process.exit(2);
  }
  const wall = performance.now();
  const setup = await setUp("warrant_rel_faults", WORKSPACES);
  const logFile = path.join(setup.dataDir, "server.log");
  const pgOptions = startOptions();
  console.log(`machine: ${machine()}`);
  console.log(`faults: ${ROUNDS} round(s) of db-stop-fast, app-sigkill, app-sigterm, db-stop-immediate, then app-start-db-down and db-freeze; ${CONCURRENCY} retrying clients`);

  let app: App = await startApp(PORT, setup.env, logFile);
  const tracker = new Tracker();
  const violations: string[] = [];
  const results: PhaseResult[] = [];
  const probes: Probe[] = [];
  let databaseDown = false;
  const frozen: number[] = [];
  let stop = false;
  let ok = false;
  const options = { port: () => PORT, keys: setup.keys, timeoutMs: CLIENT_TIMEOUT_MS, allow503: true, batchSizes: [1, 5, 20, 1, 50], otlpShare: 0.1 };
  let stopAt = Infinity;
  const clients = runClients(options, tracker, CONCURRENCY, () => stop, () => (stop ? stopAt + 90_000 : Infinity));

  const count = (keys: string[]) => keys.reduce((n, k) => n + (tracker.outcomes.get(k) ?? 0), 0);
  const snapshot = () => ({ u: count(["503"]), c: count(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ERROR"]), acks: tracker.requestsAcked, slow: tracker.unavailableLatencies.length });

  async function recovered(since: number): Promise<number> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (tracker.lastAckAt > since) return tracker.lastAckAt - since;
      await sleep(50);
    }
    violations.push("no acknowledgement within 60 s after the fault ended (the app did not recover by itself)");
    return Number.NaN;
  }

  async function phase(fault: string, round: number, inject: () => Promise<{ faultMs: number; note: string }>) {
    const before = snapshot();
    const { faultMs, note } = await inject();
    const endedAt = Date.now();
    const recoveryMs = await recovered(endedAt);
    const after = snapshot();
    const slowest503Ms = Math.max(0, ...tracker.unavailableLatencies.slice(before.slow));
    results.push({ fault, round, faultMs, recoveryMs, answers503: after.u - before.u, slowest503Ms, connectionErrors: after.c - before.c, acksDuring: after.acks - before.acks, note });
    await sleep(2000); // normal load between faults
  }

  async function databaseAway(round: number, mode: "fast" | "immediate") {
    const started = Date.now();
    stopDatabase(mode);
    const stopMs = Date.now() - started;
    databaseDown = true;
    const healthDuring: Probe[] = [];
    const until = Date.now() + DOWN_MS;
    while (Date.now() < until) {
      const probe = await probeHealth();
      healthDuring.push(probe);
      probes.push(probe);
      if (probe.status !== 503 || probe.databaseOk !== false) violations.push(`db-stop-${mode} round ${round}: health answered ${probe.status} (database.ok ${probe.databaseOk}) while the database was down`);
      await sleep(1000);
    }
    const startAt = Date.now();
    startDatabase(pgOptions);
    databaseDown = false;
    const worst = Math.max(...healthDuring.map((p) => p.ms));
    return {
      faultMs: Date.now() - started,
      note: `pg_ctl stop ${fmt(stopMs)} ms, start ${fmt(Date.now() - startAt)} ms; health 503 ×${healthDuring.filter((p) => p.status === 503).length}/${healthDuring.length} (≤ ${fmt(worst)} ms): "${healthDuring[0]?.problems?.[0] ?? "?"}"`,
    };
  }

  async function sigkill() {
    const started = Date.now();
    killGroup(app, "SIGKILL");
    await app.exited;
    await sleep(1000);
    const restart = performance.now();
    app = await startApp(PORT, setup.env, logFile);
    return { faultMs: Date.now() - started, note: `restart to healthy ${fmt(performance.now() - restart)} ms` };
  }

  async function sigterm() {
    const started = Date.now();
    const inFlight = tracker.inFlight;
    const acksBefore = tracker.requestsAcked;
    const logBefore = readFileSync(logFile, "utf8").length;
    process.kill(app.pid, "SIGTERM");
    const exit = await Promise.race([app.exited, sleep(40_000).then(() => null)]);
    const exitMs = Date.now() - started;
    if (!exit) {
      violations.push("app-sigterm: the server did not exit within 40 s of SIGTERM");
      killGroup(app, "SIGKILL");
      await app.exited;
    }
    if (exit?.code === 1) violations.push("app-sigterm: the shutdown timer had to force the exit (connections kept the server open)");
    const logged = readFileSync(logFile, "utf8").slice(logBefore);
    const drained = /"message":"shutdown: ingest drained"[^\n]*"ms":(\d+)/.exec(logged);
    if (!drained) violations.push("app-sigterm: no 'shutdown: ingest drained' log line");
    const answered = tracker.requestsAcked - acksBefore;
    const restart = performance.now();
    app = await startApp(PORT, setup.env, logFile);
    return {
      faultMs: exitMs,
      note: `${inFlight} requests in flight at SIGTERM, ${answered} acknowledged during the drain; drained in ${drained?.[1] ?? "?"} ms; exit ${exit?.code ?? exit?.signal ?? "forced"}; restart ${fmt(performance.now() - restart)} ms`,
    };
  }

  // The app (re)starts while the database is down: it must come up, answer 503, and recover alone.
  async function coldStart() {
    const started = Date.now();
    stopDatabase("fast");
    databaseDown = true;
    killGroup(app, "SIGKILL");
    await app.exited;
    app = await startApp(PORT, setup.env, logFile, 90_000, "answering");
    const listening = Date.now() - started;
    await sleep(2000);
    const probe = await probeHealth();
    probes.push(probe);
    if (probe.status !== 503) violations.push(`app-start-db-down: health answered ${probe.status} with the database down`);
    startDatabase(pgOptions);
    databaseDown = false;
    return { faultMs: Date.now() - started, note: `answering ${fmt(listening)} ms after the kill, health ${probe.status} until the database started` };
  }

  async function freeze() {
    const started = Date.now();
    const pids = databasePids();
    for (const pid of pids) {
      process.kill(pid, "SIGSTOP");
      frozen.push(pid);
    }
    await sleep(3000);
    const probe = await probeHealth();
    probes.push(probe);
    if (probe.status !== 503 || probe.databaseOk !== false) violations.push(`db-freeze: health answered ${probe.status} while the database hung`);
    await sleep(Math.max(0, FREEZE_MS - (Date.now() - started)));
    for (const pid of frozen.splice(0)) process.kill(pid, "SIGCONT");
    const slowest503 = Math.max(0, ...tracker.unavailableLatencies);
    return { faultMs: Date.now() - started, note: `${pids.length} processes stopped; health ${probe.status} in ${fmt(probe.ms)} ms; slowest 503 so far ${fmt(slowest503)} ms` };
  }

  try {
    await sleep(4000);
    if (tracker.requestsAcked === 0) violations.push("nothing acknowledged before the first fault");
    for (let round = 1; round <= ROUNDS; round++) {
      await phase("db-stop-fast", round, () => databaseAway(round, "fast"));
      await phase("app-sigkill", round, sigkill);
      await phase("app-sigterm", round, sigterm);
      await phase("db-stop-immediate", round, () => databaseAway(round, "immediate"));
    }
    await phase("app-start-db-down", 1, coldStart);
    await phase("db-freeze", 1, freeze);
    stop = true;
    stopAt = Date.now();
    await clients;
    const seconds = (performance.now() - wall) / 1000;
    killGroup(app, "SIGTERM");
    await app.exited;

    const verdict = await checkLedger(setup, tracker, WORKSPACES);
    violations.push(...tracker.violations, ...verdict.violations);
    const slowest503 = Math.max(0, ...tracker.unavailableLatencies);
    const latencies = tracker.latencies.sort((a, b) => a - b);

    console.log(`\n| fault | round | fault ms | recovery ms | 503 answers | slowest 503 ms | connection errors | acks | notes |`);
    console.log(`|---|---|---|---|---|---|---|---|---|`);
    for (const r of results) console.log(`| ${r.fault} | ${r.round} | ${fmt(r.faultMs)} | ${fmt(r.recoveryMs)} | ${r.answers503} | ${fmt(r.slowest503Ms)} | ${r.connectionErrors} | ${r.acksDuring} | ${r.note} |`);
    console.log(`\n| figure | value |\n|---|---|`);
    console.log(`| faults injected | ${results.length} |`);
    console.log(`| requests acknowledged | ${fmt(tracker.requestsAcked)} (${fmt(tracker.eventsAcked)} events) |`);
    console.log(`| retries | ${fmt(tracker.retries)} |`);
    console.log(`| answers | ${tracker.summary()} |`);
    console.log(`| slowest 503 | ${fmt(slowest503)} ms (client timeout ${CLIENT_TIMEOUT_MS / 1000} s): ${tracker.slowest503.body} |`);
    console.log(`| acknowledged latency p50 / p99 | ${fmt(percentile(latencies, 0.5), 1)} / ${fmt(percentile(latencies, 0.99), 1)} ms |`);
    console.log(`| ids acknowledged / stored / checked body+seq+hash | ${fmt(verdict.acknowledged)} / ${fmt(verdict.stored)} / ${fmt(verdict.checked)} |`);
    console.log(`| chains verified | ${WORKSPACES.length} (${verdict.warnings.length} warnings) |`);
    console.log(`| wall time | ${fmt(seconds, 1)} s (+ checks ${fmt((performance.now() - wall) / 1000 - seconds, 1)} s) |`);
    for (const w of verdict.warnings.slice(0, 10)) console.log(`warning: ${w}`);
    if (violations.length > 0) {
      console.log(`\nFAILED: ${violations.length} violation(s):`);
      for (const v of violations.slice(0, 50)) console.log(`  - ${v}`);
      console.log(`\nserver log tail:\n${tail(logFile)}`);
    } else {
      console.log(`\nPASSED: every acknowledged event stored exactly once, unchanged, nothing else stored, chains valid; 503 + Retry-After while the database was away; recovered by itself.`);
      ok = true;
    }
  } finally {
    stop = true;
    for (const pid of frozen.splice(0)) process.kill(pid, "SIGCONT");
    if (databaseDown) startDatabase(pgOptions);
    killGroup(app, "SIGKILL");
    await setup.tearDown(!ok).catch((error) => console.error(`cleanup: ${(error as Error).message}`));
  }
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
