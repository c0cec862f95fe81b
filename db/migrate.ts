import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseHandle } from "./client";

// Inside the Next server bundle import.meta.url no longer points at db/, so fall back to the working directory.
function migrationsFolder(): string {
  const besideThisFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
  return existsSync(besideThisFile) ? besideThisFile : path.resolve(process.cwd(), "db/migrations");
}

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 0x7761_7272; // "warr"

/** Applies the committed migrations (drizzle-kit output plus the hand-written trigger SQL). Idempotent. */
export async function migrate(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "pglite") {
    const { migrate: run } = await import("drizzle-orm/pglite/migrator");
    await run(handle.db as never, { migrationsFolder: migrationsFolder() });
    return;
  }
  // Several app processes may start at once against one server: serialise them on one connection
  // holding a session advisory lock, so the migration table is never raced.
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate: run } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(handle.url!, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await run(drizzle(client), { migrationsFolder: migrationsFolder() });
  } finally {
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    await client.end({ timeout: 5 });
  }
}
