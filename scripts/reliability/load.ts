// npm run test:load — the production build on a real PostgreSQL, many concurrent clients ingesting
// over loopback for a bounded time (JSON arrays, NDJSON and OTLP, three workspaces, batches of 1 to
// 200). Afterwards every acknowledged id must be stored exactly once with the body sent, at the seq
// and hash acknowledged, nothing else stored, every chain verified, and no 5xx. Prints the figures;
// exits 1 on any violation.
import path from "node:path";
import { checkLedger, fmt, machine, percentile, setUp, startApp, killGroup, tail } from "./common";
import { runClients, Tracker } from "./client";

const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 32);
const PORT = Number(process.env.LOAD_PORT ?? 3410);
const WORKSPACES = ["rel-a", "rel-b", "rel-c"];

async function main() {
  const wall = performance.now();
  const setup = await setUp("warrant_rel_load", WORKSPACES);
  const logFile = path.join(setup.dataDir, "server.log");
  console.log(`machine: ${machine()}`);
  console.log(`load: ${CONCURRENCY} clients for ${SECONDS} s over loopback, batches of 1–200 events, JSON/NDJSON/OTLP, ${WORKSPACES.length} workspaces`);
  const app = await startApp(PORT, setup.env, logFile);
  const tracker = new Tracker();
  let ok = false;
  try {
    const options = { port: () => PORT, keys: setup.keys, timeoutMs: 30_000, allow503: false, batchSizes: [1, 10, 1, 50, 1, 200, 5, 100], otlpShare: 0.1 };
    const started = performance.now();
    const stopAt = Date.now() + SECONDS * 1000;
    await runClients(options, tracker, CONCURRENCY, () => Date.now() >= stopAt, () => stopAt + 60_000);
    const seconds = (performance.now() - started) / 1000;
    killGroup(app, "SIGTERM");
    await app.exited;

    const verdict = await checkLedger(setup, tracker, WORKSPACES);
    const violations = [...tracker.violations, ...verdict.violations];
    const latencies = tracker.latencies.sort((a, b) => a - b);
    const fivexx = [...tracker.outcomes].filter(([status]) => status.startsWith("5")).reduce((n, [, v]) => n + v, 0);
    console.log(`\n| figure | value |\n|---|---|`);
    console.log(`| duration | ${fmt(seconds, 1)} s |`);
    console.log(`| requests acknowledged | ${fmt(tracker.requestsAcked)} (${fmt(tracker.requestsAcked / seconds)} requests/s) |`);
    console.log(`| events acknowledged | ${fmt(tracker.eventsAcked)} (${fmt(tracker.eventsAcked / seconds)} events/s) |`);
    console.log(`| latency p50 / p99 / max | ${fmt(percentile(latencies, 0.5), 1)} / ${fmt(percentile(latencies, 0.99), 1)} / ${fmt(latencies.at(-1) ?? NaN, 1)} ms |`);
    console.log(`| answers | ${tracker.summary()} |`);
    console.log(`| 5xx answers | ${fivexx} |`);
    console.log(`| retries | ${tracker.retries} |`);
    console.log(`| ids acknowledged / stored / checked body+seq+hash | ${fmt(verdict.acknowledged)} / ${fmt(verdict.stored)} / ${fmt(verdict.checked)} |`);
    console.log(`| chains verified | ${WORKSPACES.length} (${verdict.warnings.length} warnings) |`);
    console.log(`| wall time | ${fmt((performance.now() - wall) / 1000, 1)} s |`);
    for (const w of verdict.warnings.slice(0, 10)) console.log(`warning: ${w}`);
    if (tracker.requestsAcked === 0) violations.push("nothing was acknowledged");
    if (violations.length > 0) {
      console.log(`\nFAILED: ${violations.length} violation(s):`);
      for (const v of violations.slice(0, 50)) console.log(`  - ${v}`);
      console.log(`\nserver log tail:\n${tail(logFile)}`);
    } else {
      console.log(`\nPASSED: every acknowledged event stored exactly once, unchanged, chains valid, no 5xx.`);
      ok = true;
    }
  } finally {
    killGroup(app, "SIGKILL");
    await setup.tearDown(!ok);
  }
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
