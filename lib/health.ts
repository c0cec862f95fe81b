import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { chainHeads } from "@/db/schema";
import type { Runtime } from "./runtime";

export interface Health {
  status: "ok" | "degraded";
  database: { ok: boolean; engine: string; latencyMs?: number; error?: string };
  migrations: { applied: number; expected: number; ok: boolean };
  ledger: { workspace: string; seq: number; checkpointSeq: number; lastCheckpointAt: string | null }[];
}

function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(path.resolve(process.cwd(), "db/migrations/meta/_journal.json"), "utf8"));
  return journal.entries.length;
}

/** Tells the truth about each dependency rather than a bare 200: a degraded answer names what is wrong. */
export async function checkHealth(rt: Runtime): Promise<Health> {
  const started = performance.now();
  const expected = expectedMigrations();
  try {
    const [{ applied }] = rowsOf<{ applied: number | string }>(
      await rt.handle.db.execute(sql`select count(*) as applied from drizzle.__drizzle_migrations`),
    );
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const heads = await rt.handle.db.select().from(chainHeads).orderBy(chainHeads.workspaceId);
    const migrationsOk = Number(applied) === expected;
    return {
      status: migrationsOk ? "ok" : "degraded",
      database: { ok: true, engine: rt.handle.kind, latencyMs },
      migrations: { applied: Number(applied), expected, ok: migrationsOk },
      ledger: heads.map((h) => ({
        workspace: h.workspaceId,
        seq: Number(h.seq),
        checkpointSeq: Number(h.checkpointSeq),
        lastCheckpointAt: h.checkpointAt?.toISOString() ?? null,
      })),
    };
  } catch (error) {
    return {
      status: "degraded",
      database: { ok: false, engine: rt.handle.kind, error: (error as Error).message.slice(0, 200) },
      migrations: { applied: 0, expected, ok: false },
      ledger: [],
    };
  }
}
