// npm run bench:dashboard — loads N demo events through the ledger path (so the projections the KPIs
// read are maintained as in production) into a real PostgreSQL, starts the production build on it, signs
// in as an admin over HTTP and times the dashboard pages (whole HTML body, every Suspense section
// streamed) and the metrics API, against `select count(*) from events` on the same database, same run.
// Times are client-side, request start to last byte, over loopback with keep-alive.
// BENCH_EVENTS (default 1,000,000), BENCH_RUNS (20), BENCH_PORT (3211); BENCH_KEEP=1 keeps the database,
// BENCH_REUSE=1 measures a kept one again (migrated to the current schema) without loading.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { rowsOf } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-keys";
import { createUser } from "@/lib/auth/users";
import { seedDemo } from "@/lib/demo/seed";
import { loadEnv } from "@/lib/env";
import { createRuntime } from "@/lib/runtime";
import { benchDatabase, fmt, machine, percentile, serverUrlOrExit, startServer, stopServer } from "./common";

const total = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 20);
const port = Number(process.env.BENCH_PORT ?? 3211);
const workspace = "bench";
const TARGET = { p50: 300, p95: 800 };
// The demo's 90 days end here; the measured range is exactly those 90 days (the pages then chart weeks).
const END = new Date("2026-11-01T00:00:00Z");
const FROM = new Date(END.getTime() - 90 * 86_400_000);
const base = `http://127.0.0.1:${port}`;

interface Stats {
  p50: number;
  p95: number;
  bytes: number;
}

/** 2 warm-up runs, then `runs` timed ones; `fn` returns the bytes it read. */
async function timed(fn: () => Promise<number>): Promise<Stats> {
  for (let i = 0; i < 2; i++) await fn();
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    bytes = await fn();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95), bytes };
}

/** A tiny cookie jar: next-auth's CSRF and session cookies, sent back as one Cookie header. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
  }
  get header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** Signs in through next-auth's credentials flow, as the sign-in page (and e2e/people.ts) does. */
async function signIn(email: string, password: string): Promise<Jar> {
  const jar = new Jar();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  jar.take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/", json: "true" }),
    redirect: "manual",
  });
  jar.take(response);
  await response.arrayBuffer();
  if (response.status !== 200 || !/session-token=/.test(jar.header)) throw new Error(`sign-in failed: HTTP ${response.status}`);
  return jar;
}

/** GETs a URL and reads the whole body; anything but a 200 (a redirect to sign in, say) is an error. */
async function get(url: string, headers: Record<string, string>, check?: (body: string) => void): Promise<number> {
  const response = await fetch(`${base}${url}`, { headers, redirect: "manual" });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status} ${body.slice(0, 300)}`);
  check?.(body);
  return Buffer.byteLength(body);
}

/**
 * A page must have streamed every section: each Suspense boundary (`<template id="B:n">`) has its
 * content (`<div hidden id="S:n">`), and no section failed (an error boundary carries a digest).
 */
function pageComplete(url: string) {
  return (body: string) => {
    const boundaries = [...body.matchAll(/<template id="B:(\d+)">/g)].map((m) => m[1]);
    const filled = new Set([...body.matchAll(/<div hidden id="S:(\d+)">/g)].map((m) => m[1]));
    if (boundaries.length === 0) throw new Error(`${url}: no dashboard sections (signed out, or no data?)`);
    const missing = boundaries.filter((b) => !filled.has(b));
    if (missing.length > 0) throw new Error(`${url}: sections ${missing.join(", ")} never streamed`);
    if (/digest\\?":\\?"/.test(body)) throw new Error(`${url}: a section failed to render`);
  };
}

async function main() {
  const server = serverUrlOrExit();
  const bench = await benchDatabase(server, "warrant_bench_dashboard");
  const { dataDir } = bench;
  const db = bench;
  const env = { ...process.env, DATABASE_URL: db.url, WARRANT_DATA_DIR: dataDir, WARRANT_CHECKPOINT_EVERY: "100000" };
  const rt = await createRuntime(loadEnv(env));
  const d = rt.handle.db;
  console.log(`machine: ${machine()}`);
  if (bench.reuse) console.log(`BENCH_REUSE=1: measuring the kept database ${db.url}`);
  else {
    console.log(`loading ${fmt(total)} demo events through the ledger (projections and rollups included)…`);
    const seeded = await seedDemo(rt.ledger, workspace, {
      events: total,
      seed: "bench",
      endDate: END,
      onProgress: ({ appended, seconds }) => {
        if (appended % 100_000 < 1000) console.log(`  ${fmt(appended)} events, ${fmt(appended / seconds)} events/s`);
      },
    });
    console.log(`loaded in ${fmt(seeded.seconds, 1)} s (${fmt(seeded.eventsPerSecond)} events/s)`);
  }
  // As autovacuum would have by now: statistics, and the visibility map the index-only scans rely on.
  await d.execute(sql`vacuum analyze`);

  const one = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await d.execute(query))[0];
  const sizes = await one<Record<string, string>>(sql`
    select (select count(*) from events) as events, (select count(*) from cases) as cases,
      (select count(*) from ai_decisions) as decisions, (select count(*) from handoffs) as handoffs,
      (select count(*) from repeat_contacts) as repeat_contacts, (select count(*) from daily_activity) as daily_activity`);
  console.log(Object.entries(sizes).map(([table, n]) => `${table} ${fmt(Number(n))}`).join(", ") + " rows");
  const busiest = await one<{ journey: string; cases: string }>(sql`
    select journey, count(*) as cases from cases where workspace_id = ${workspace} group by journey order by 2 desc, 1 limit 1`);
  console.log(`busiest journey: ${busiest.journey} (${fmt(Number(busiest.cases))} cases)`);

  const person = { email: `bench-admin-${randomBytes(4).toString("hex")}@example.com`, password: randomBytes(18).toString("base64url") };
  await createUser(d, { email: person.email, name: "Bench admin", role: "admin", password: person.password });
  const { key } = await createApiKey(d, { workspaceId: workspace, name: "bench-read", scopes: ["read"] });
  await rt.handle.close();

  // Time-based checkpoints are pushed out of the measured minutes so a signing job never lands among them.
  const child = await startServer(port, {
    DATABASE_URL: db.url,
    WARRANT_DATA_DIR: dataDir,
    WARRANT_DEMO: "0",
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    WARRANT_CHECKPOINT_MINUTES: "1440",
  });
  const baseline = postgres(db.url, { max: 1, onnotice: () => {} });
  const rows: { what: string; stats: Stats; target: boolean }[] = [];
  try {
    const jar = await signIn(person.email, person.password);
    const page = { cookie: jar.header };
    const api = { authorization: `Bearer ${key}` };
    const range = `workspace=${workspace}&from=${FROM.toISOString()}&to=${END.toISOString()}`;
    const journey = encodeURIComponent(busiest.journey);
    const targets: [string, string, Record<string, string>, boolean][] = [
      ["page /overview", `/overview?${range}`, page, true],
      ["page /trust", `/trust?${range}`, page, true],
      ["page /oversight", `/oversight?${range}`, page, true],
      [`page /journeys/${busiest.journey}`, `/journeys/${journey}?${range}`, page, true],
      ["GET /api/v1/metrics", `/api/v1/metrics?${range}`, api, false],
      ["GET /api/v1/metrics/series?kpi=containment&interval=day", `/api/v1/metrics/series?${range}&kpi=containment&interval=day`, api, false],
      [`GET /api/v1/metrics?journey=${busiest.journey}`, `/api/v1/metrics?${range}&journey=${journey}`, api, false],
    ];
    console.log(`\nrange ${FROM.toISOString().slice(0, 10)} – ${END.toISOString().slice(0, 10)} (the seeded 90 days), workspace ${workspace}; ${runs} runs after 2 warm-ups`);
    const count = await timed(async () => (await baseline`select count(*) from events`).length);
    rows.push({ what: "baseline: select count(*) from events (postgres.js, no HTTP)", stats: count, target: false });
    for (const [what, url, headers, isPage] of targets) {
      const stats = await timed(() => get(url, headers, isPage ? pageComplete(url) : undefined));
      rows.push({ what, stats, target: true });
      console.log(`  ${what}: p50 ${fmt(stats.p50, 1)} ms, p95 ${fmt(stats.p95, 1)} ms`);
    }
    console.log(`\n| target | p50 ms | p95 ms | × baseline p50 | body | verdict (p50 < ${TARGET.p50}, p95 < ${TARGET.p95}) |`);
    console.log(`|---|---|---|---|---|---|`);
    for (const { what, stats, target } of rows) {
      const ratio = target ? `${fmt(stats.p50 / count.p50, 2)}×` : "1×";
      const verdict = !target ? "" : stats.p50 < TARGET.p50 && stats.p95 < TARGET.p95 ? "PASS" : "MISS";
      const body = target ? `${fmt(stats.bytes / 1024)} KiB` : "";
      console.log(`| ${what} | ${fmt(stats.p50, 1)} | ${fmt(stats.p95, 1)} | ${ratio} | ${body} | ${verdict} |`);
    }
  } finally {
    stopServer(child);
    await baseline.end({ timeout: 5 });
    await bench.finish();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
