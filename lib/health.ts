import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { chainHeads } from "@/db/schema";
import { log } from "./log";
import type { Runtime } from "./runtime";

export interface Health {
  status: "ok" | "degraded";
  /** What is wrong, in words, when status is "degraded" (empty when ok). */
  problems: string[];
  database: { ok: boolean; engine: string; latencyMs?: number; error?: string };
  migrations: { applied: number; expected: number; ok: boolean };
  ingest: { accepting: boolean; pending: number };
  ledger: { workspace: string; seq: number; checkpointSeq: number; lastCheckpointAt: string | null }[];
}

/** A database that does not answer within this is reported down rather than letting health hang. */
export const HEALTH_DB_TIMEOUT_MS = 3000;

function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(path.resolve(process.cwd(), "db/migrations/meta/_journal.json"), "utf8"));
  return journal.entries.length;
}

/**
 * Tells the truth about each dependency rather than a bare 200: a degraded answer names what is
 * wrong. Database unreachable or hanging → database.ok false (the route answers 503); migrations
 * pending, or the database migrated by a newer version → degraded; shutting down → degraded with
 * ingest.accepting false. Raw database errors are logged, not shown: health is public.
 */
export async function checkHealth(rt: Runtime, timeoutMs = HEALTH_DB_TIMEOUT_MS): Promise<Health> {
  const expected = expectedMigrations();
  const ingest = { accepting: rt.ingest.committer.accepting, pending: rt.ingest.committer.pending };
  const problems: string[] = [];
  if (!ingest.accepting) problems.push("shutting down: ingestion refuses new requests");
  const started = performance.now();
  try {
    const { applied, heads } = await withTimeout(probe(rt), timeoutMs);
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const migrationsOk = applied === expected;
    if (applied < expected) problems.push(`${expected - applied} database migration(s) pending: run npx warrant migrate`);
    if (applied > expected) problems.push(`the database has ${applied} migrations, this version knows ${expected}: it was migrated by a newer version`);
    return {
      status: problems.length === 0 ? "ok" : "degraded",
      problems,
      database: { ok: true, engine: rt.handle.kind, latencyMs },
      migrations: { applied, expected, ok: migrationsOk },
      ingest,
      ledger: heads.map((h) => ({
        workspace: h.workspaceId,
        seq: Number(h.seq),
        checkpointSeq: Number(h.checkpointSeq),
        lastCheckpointAt: h.checkpointAt?.toISOString() ?? null,
      })),
    };
  } catch (error) {
    const reason = describe(error, timeoutMs);
    log.warn("health: database check failed", { reason, error: String(((error as { cause?: Error })?.cause ?? (error as Error))?.message ?? error).slice(0, 300) });
    problems.unshift(`database ${reason}`);
    return {
      status: "degraded",
      problems,
      database: { ok: false, engine: rt.handle.kind, error: reason },
      migrations: { applied: 0, expected, ok: false },
      ingest,
      ledger: [],
    };
  }
}

async function probe(rt: Runtime) {
  const db = rt.handle.db;
  let applied = 0;
  try {
    const [row] = rowsOf<{ applied: number | string }>(await db.execute(sql`select count(*) as applied from drizzle.__drizzle_migrations`));
    applied = Number(row.applied);
  } catch (error) {
    // No migrations table yet (a fresh database with WARRANT_SKIP_MIGRATIONS=1): reachable, nothing applied.
    if (sqlState(error) !== "42P01" && sqlState(error) !== "3F000") throw error;
    return { applied: 0, heads: [] };
  }
  const heads = await db.select().from(chainHeads).orderBy(chainHeads.workspaceId);
  return { applied, heads };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: "HEALTH_TIMEOUT" })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sqlState(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A short, public description of why the database check failed: the kind and the error code, no hosts or SQL. */
function describe(error: unknown, timeoutMs: number): string {
  const code = sqlState(error);
  if (code === "HEALTH_TIMEOUT") return `not answering (no reply within ${timeoutMs / 1000} s)`;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EHOSTUNREACH" || code === "EAI_AGAIN") return `unreachable (${code})`;
  if (code === "CONNECT_TIMEOUT" || code === "ETIMEDOUT") return `unreachable (${code})`;
  if (code === "57P01" || code === "57P02" || code === "57P03") return `shutting down or starting up (${code})`;
  if (code === "53300") return "refusing connections: too many clients (53300)";
  if (code === "28P01" || code === "28000") return `refusing the credentials (${code})`;
  if (code?.startsWith("08") || code?.startsWith("CONNECTION_") || code === "ECONNRESET") return `connection lost (${code})`;
  return code ? `error (${code})` : "error";
}
