// npm run bench:search — loads N demo events (realistic cases, rationales and reasons) through the ledger
// path into a real PostgreSQL, then measures case search (lib/cases/search.ts), case timelines and
// explanations against raw-SQL baselines of the same reads. Latencies are in-process (library calls over
// one postgres.js pool), so they exclude HTTP and rendering.
//
// BENCH_KEEP=1 keeps the loaded database (and its data directory, which holds the signing key) and
// prints where they are; BENCH_REUSE=1 then skips the load and measures that database again, so a
// query change can be measured in seconds instead of a seven-minute load.
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { seedDemo } from "@/lib/demo/seed";
import { loadEnv } from "@/lib/env";
import { explainAction } from "@/lib/explain/explain";
import { caseTimeline } from "@/lib/cases/timeline";
import { searchCases, type CaseSearchInput } from "@/lib/cases/search";
import { createRuntime } from "@/lib/runtime";
import { benchDatabase, fmt, machine, percentile, serverUrlOrExit } from "./common";

const total = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 20);
const workspace = "bench";
async function timed(fn: () => Promise<unknown>, n = runs) {
  for (let i = 0; i < 2; i++) await fn(); // warm the caches and the plan
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95) };
}

async function main() {
  const server = serverUrlOrExit();
  const db = await benchDatabase(server, "warrant_bench_search");
  const { dataDir, reuse } = db;
  const env = { ...process.env, DATABASE_URL: db.url, WARRANT_DATA_DIR: dataDir, WARRANT_CHECKPOINT_EVERY: "100000" };
  const rt = await createRuntime(loadEnv(env));
  const d = rt.handle.db;
  console.log(`machine: ${machine()}`);
  if (reuse) console.log(`reusing the kept database ${db.url}`);
  else {
    console.log(`loading ${fmt(total)} demo events through the ledger (projections and the search index included)…`);
    const seeded = await seedDemo(rt.ledger, workspace, {
      events: total,
      seed: "bench",
      endDate: new Date("2026-11-01T00:00:00Z"),
      onProgress: ({ appended, seconds }) => {
        if (appended % 100_000 < 1000) console.log(`  ${fmt(appended)} events, ${fmt(appended / seconds)} events/s`);
      },
    });
    console.log(`loaded in ${fmt(seeded.seconds, 1)} s (${fmt(seeded.eventsPerSecond)} events/s)`);
  }
  await d.execute(sql`analyze`);

  const one = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await d.execute(query))[0];
  const counts = await one<{ events: string; cases: string; decisions: string }>(sql`
    select (select count(*) from events where workspace_id = ${workspace}) as events,
      (select count(*) from cases where workspace_id = ${workspace}) as cases,
      (select count(*) from events where workspace_id = ${workspace} and actor_type = 'ai' and type in ('ai.proposal', 'action.executed')) as decisions`);
  console.log(`${fmt(Number(counts.events))} events, ${fmt(Number(counts.cases))} cases, ${fmt(Number(counts.decisions))} AI decisions`);

  const sample = rowsOf<{ case_id: string; customer_ref: string | null }>(
    await d.execute(sql`select case_id, customer_ref from cases where workspace_id = ${workspace} order by md5(case_id) limit 50`),
  );
  const decisions = rowsOf<{ id: string }>(
    await d.execute(sql`select id from events where workspace_id = ${workspace} and actor_type = 'ai' and type in ('ai.proposal', 'action.executed') order by md5(id::text) limit 20`),
  );
  const actor = (await one<{ actor_id: string }>(sql`select actor_id from events where workspace_id = ${workspace} and actor_type = 'human' limit 1`))?.actor_id ?? "agent_0001";
  const textHits = async (q: string) =>
    Number((await one<{ n: string }>(sql`select count(*) as n from event_search where workspace_id = ${workspace} and document @@ websearch_to_tsquery('english', ${q})`)).n);

  let i = 0;
  const nextCase = () => sample[i++ % sample.length];
  const secondPage = (await searchCases(d, workspace, { query: "refund", limit: 25 })).nextCursor!;
  const hits = { refund: await textHits("refund"), rare: await textHits("hedge trimmer") };
  const searches: [string, () => CaseSearchInput][] = [
    ["pasted case id", () => ({ query: nextCase().case_id })],
    ["customer reference", () => ({ query: sample.find((s) => s.customer_ref)?.customer_ref ?? "x" })],
    ["no filter (recent cases)", () => ({})],
    ["journey", () => ({ journey: "delivery_failure" })],
    ["outcome = abandoned", () => ({ outcome: "abandoned" })],
    ["action", () => ({ action: "voucher.issue" })],
    [`actor (${actor})`, () => ({ actor })],
    ["start date range (7 days)", () => ({ from: "2026-10-01", to: "2026-10-08" })],
    [`words, common: "refund" (${fmt(hits.refund)} matching events)`, () => ({ query: "refund" })],
    ["words, common, page 2 (cursor)", () => ({ query: "refund", cursor: secondPage })],
    [`words, rare: "hedge trimmer" (${fmt(hits.rare)} matching events)`, () => ({ query: "hedge trimmer" })],
    ["words + journey + outcome", () => ({ query: "damaged", journey: "delivery_failure", outcome: "resolved" })],
  ];

  console.log(`\n| read | p50 ms | p95 ms |`);
  console.log(`|---|---|---|`);
  const row = (what: string, r: { p50: number; p95: number }) => console.log(`| ${what} | ${fmt(r.p50, 1)} | ${fmt(r.p95, 1)} |`);
  row("baseline: raw SELECT of 26 cases by last activity", await timed(() => d.execute(sql`select * from cases where workspace_id = ${workspace} order by last_event_at desc, case_id desc limit 26`)));
  for (const [what, input] of searches) row(`searchCases: ${what}`, await timed(() => searchCases(d, workspace, { ...input(), limit: 25 })));
  row("baseline: raw SELECT of one case's events", await timed(() => d.execute(sql`select * from events where workspace_id = ${workspace} and case_id = ${nextCase().case_id} order by seq`)));
  row("caseTimeline (random cases)", await timed(() => caseTimeline(d, workspace, nextCase().case_id), 50));
  let k = 0;
  const accountability = { party: "Bench Ltd" };
  row("explainAction, proof included (random AI decisions)", await timed(() => explainAction(d, rt.ledger, workspace, decisions[k++ % decisions.length].id, { accountability }), 10));
  await rt.handle.close();
  await db.finish();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
