// npm run bench:verify — loads N events through the ledger path into a real PostgreSQL, then measures
// `npx warrant verify` (events/s, peak RSS) against a plain keyset SELECT of the same rows, each in a
// child process of its own so peak RSS is theirs alone.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadEnv } from "@/lib/env";
import { appendEvents } from "@/lib/ledger/append";
import { createRuntime } from "@/lib/runtime";
import { sampleEvents } from "@/tests/helpers/events";
import { fmt, freshDatabase, machine, serverUrlOrExit } from "./common";

const total = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const workspace = "bench";

async function main() {
  const server = serverUrlOrExit();
  const db = await freshDatabase(server, "warrant_bench_verify");
  const dataDir = mkdtempSync(path.join(tmpdir(), "warrant-bench-"));
  const env = { ...process.env, DATABASE_URL: db.url, WARRANT_DATA_DIR: dataDir, WARRANT_CHECKPOINT_EVERY: "100000" };
  const rt = await createRuntime(loadEnv(env));
  console.log(`machine: ${machine()}`);
  console.log(`loading ${fmt(total)} events through appendEvents…`);
  const loadStart = performance.now();
  const batch = 2000;
  for (let i = 0; i < total; i += batch) await appendEvents(rt.ledger, workspace, sampleEvents(Math.min(batch, total - i), i));
  const loadSeconds = (performance.now() - loadStart) / 1000;
  console.log(`loaded in ${fmt(loadSeconds, 1)} s (${fmt(total / loadSeconds)} events/s, one appender)`);
  await rt.handle.close();

  // Wall time and peak RSS of a child process, the RSS measured by GNU time (reported in KiB).
  const child = (command: string[], extraEnv: Record<string, string> = {}) => {
    const started = performance.now();
    const result = spawnSync("/usr/bin/time", ["-f", "MAXRSS %M", ...command], { env: { ...env, ...extraEnv }, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${command.join(" ")} failed: ${result.stderr}`);
    const rssMiB = Number(/MAXRSS (\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1024;
    return { seconds: (performance.now() - started) / 1000, rssMiB, stdout: result.stdout };
  };

  const baseline = child(["node", "--import", "tsx", "scripts/bench/plain-select.ts", workspace]);
  const verify = child(["node", "scripts/warrant.mjs", "verify", "--workspace", workspace]);
  if (!verify.stdout.startsWith("ok ")) throw new Error(`verification failed: ${verify.stdout}`);
  // Constant memory, shown rather than asserted: the same verification with V8's heap capped at 64 MiB.
  const capped = child(["node", "--max-old-space-size=64", "scripts/warrant.mjs", "verify", "--workspace", workspace]);
  if (!capped.stdout.startsWith("ok ")) throw new Error(`verification with a 64 MiB heap failed: ${capped.stdout}`);
  console.log(`\n| what | seconds | events/s | peak RSS |`);
  console.log(`|---|---|---|---|`);
  console.log(`| plain SELECT of the same rows (keyset pages of 2,000) | ${fmt(baseline.seconds, 1)} | ${fmt(total / baseline.seconds)} | ${fmt(baseline.rssMiB)} MiB |`);
  console.log(`| npx warrant verify (hash chain + Merkle tree + checkpoints) | ${fmt(verify.seconds, 1)} | ${fmt(total / verify.seconds)} | ${fmt(verify.rssMiB)} MiB |`);
  console.log(`| the same verify with V8's heap capped at 64 MiB | ${fmt(capped.seconds, 1)} | ${fmt(total / capped.seconds)} | ${fmt(capped.rssMiB)} MiB |`);
  console.log(`\nverify / plain SELECT: ${fmt(baseline.seconds / verify.seconds * 100)}% of the read rate; RSS ratio ${fmt(verify.rssMiB / baseline.rssMiB, 2)}`);
  console.log(`(process start-up, tsx compilation and migration checks are included in both wall times)`);
  rmSync(dataDir, { recursive: true, force: true });
  await db.drop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
