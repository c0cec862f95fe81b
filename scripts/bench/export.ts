// npm run bench:export — loads N events through the ledger path into a real PostgreSQL, then measures
// `npx warrant export` as JSONL and CSV (and as bundles, with and without per-event proofs, and the
// offline `verify-bundle` of one) against a raw cursor read of the same rows, each in a child process
// of its own so that its peak RSS (GNU time) is its alone.
//
// BENCH_KEEP=1 keeps the loaded database (and its data directory, which holds the signing key) and
// prints where they are; BENCH_REUSE=1 then skips the load and measures that database again, so an
// exporter change can be measured in a minute instead of a four-minute load.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { loadEnv } from "@/lib/env";
import { appendEvents } from "@/lib/ledger/append";
import { createRuntime } from "@/lib/runtime";
import { sampleEvents } from "@/tests/helpers/events";
import { benchDatabase, fmt, machine, serverUrlOrExit } from "./common";

const total = Number(process.env.BENCH_EVENTS ?? 1_000_000);
// The acceptance criterion is "peak RSS stays under 300 MB": decimal megabytes, 286.1 MiB.
const RSS_LIMIT_BYTES = 300e6;
const workspace = "bench";
const mb = (bytes: number) => `${fmt(bytes / 1e6)} MB (${fmt(bytes / 2 ** 20)} MiB)`;

async function main() {
  const server = serverUrlOrExit();
  const db = await benchDatabase(server, "warrant_bench_export");
  const { dataDir, reuse } = db;
  const env = { ...process.env, DATABASE_URL: db.url, WARRANT_DATA_DIR: dataDir, WARRANT_CHECKPOINT_EVERY: "100000" };
  console.log(`machine: ${machine()}`);
  if (reuse) console.log(`reusing the kept database ${db.url} (BENCH_EVENTS must match the run that loaded it)`);
  else {
    const rt = await createRuntime(loadEnv(env));
    console.log(`loading ${fmt(total)} events through appendEvents…`);
    const loadStart = performance.now();
    for (let i = 0; i < total; i += 2000) await appendEvents(rt.ledger, workspace, sampleEvents(Math.min(2000, total - i), i));
    console.log(`loaded in ${fmt((performance.now() - loadStart) / 1000, 1)} s`);
    await rt.handle.close();
  }

  const child = (command: string[]) => {
    const started = performance.now();
    const result = spawnSync("/usr/bin/time", ["-f", "MAXRSS %M", ...command], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`${command.join(" ")} failed: ${result.stderr}`);
    // GNU time's %M is in KiB.
    const rssBytes = Number(/MAXRSS (\d+)/.exec(result.stderr)?.[1] ?? NaN) * 1024;
    return { seconds: (performance.now() - started) / 1000, rssBytes, stdout: result.stdout, stderr: result.stderr };
  };
  const warrant = (...args: string[]) => ["node", "scripts/warrant.mjs", ...args];
  const contiguous = path.join(dataDir, "all.bundle.jsonl");
  const filtered = path.join(dataDir, "refund.bundle.jsonl");
  // sampleEvents cycles through four journeys; "refund" is every fourth event.
  const quarter = Math.floor(total / 4);

  const rows: { what: string; events: number; run: ReturnType<typeof child>; bytes?: number }[] = [];
  const measure = (what: string, events: number, command: string[], file?: string) => {
    const run = child(command);
    const exported = /exported (\d+) event/.exec(run.stderr);
    if (exported && Number(exported[1]) !== events) throw new Error(`${what}: exported ${exported[1]} events, expected ${events}`);
    rows.push({ what, events, run, bytes: file && file !== "/dev/null" ? statSync(file).size : undefined });
    console.log(`  ${what}: ${fmt(run.seconds, 1)} s, ${fmt(events / run.seconds)} events/s, peak RSS ${mb(run.rssBytes)}`);
    return run;
  };
  console.log("measuring (each in its own process):");
  measure("raw cursor read, ledger columns (baseline for JSONL)", total, ["node", "--import", "tsx", "scripts/bench/raw-cursor.ts", workspace, "jsonl"]);
  measure("npx warrant export --format jsonl", total, warrant("export", "--workspace", workspace, "--format", "jsonl", "--out", "/dev/null"));
  measure("raw cursor read, every column (baseline for CSV)", total, ["node", "--import", "tsx", "scripts/bench/raw-cursor.ts", workspace, "csv"]);
  measure("npx warrant export --format csv", total, warrant("export", "--workspace", workspace, "--format", "csv", "--out", "/dev/null"));
  measure("npx warrant export --format bundle (contiguous: whole chain)", total, warrant("export", "--workspace", workspace, "--format", "bundle", "--out", contiguous), contiguous);
  measure("npx warrant export --format bundle --journey refund (an inclusion proof per event)", quarter, warrant("export", "--workspace", workspace, "--format", "bundle", "--journey", "refund", "--out", filtered), filtered);
  const verified = measure("npx warrant verify-bundle (contiguous, offline)", total, warrant("verify-bundle", contiguous));
  if (!verified.stdout.startsWith("ok ")) throw new Error(`the bundle did not verify: ${verified.stdout}`);
  const verifiedFiltered = measure("npx warrant verify-bundle (filtered, offline)", quarter, warrant("verify-bundle", filtered));
  if (!verifiedFiltered.stdout.startsWith("ok ")) throw new Error(`the filtered bundle did not verify: ${verifiedFiltered.stdout}`);

  console.log(`\n| what | events | seconds | events/s | peak RSS | file |`);
  console.log(`|---|---|---|---|---|---|`);
  for (const r of rows) {
    const file = r.bytes === undefined ? "" : `${fmt(r.bytes / 2 ** 20)} MiB`;
    console.log(`| ${r.what} | ${fmt(r.events)} | ${fmt(r.run.seconds, 1)} | ${fmt(r.events / r.run.seconds)} | ${mb(r.run.rssBytes)} | ${file} |`);
  }
  const over = rows.filter((r) => !(r.run.rssBytes < RSS_LIMIT_BYTES));
  console.log(`\n(wall times include process start-up and tsx compilation; RSS is GNU time's maximum resident set size)`);
  const limit = mb(RSS_LIMIT_BYTES);
  console.log(over.length === 0 ? `peak RSS stayed under ${limit} everywhere` : `OVER ${limit}: ${over.map((r) => r.what).join("; ")}`);
  await db.finish();
  if (over.length > 0) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
