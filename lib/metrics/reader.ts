// The one module dashboard reads go through (DESIGN §9): the app's database, or a read replica when
// DATABASE_READ_URL is set, so KPI queries can be moved off the primary without touching callers.
import { type Database, openDatabase } from "@/db/client";
import type { Runtime } from "@/lib/runtime";

const globalForReader = globalThis as unknown as { warrantReadDb?: Promise<Database> };

export function readDatabase(rt: Runtime): Promise<Database> {
  const url = rt.env.DATABASE_READ_URL;
  if (!url || rt.handle.kind !== "postgres") return Promise.resolve(rt.handle.db);
  globalForReader.warrantReadDb ??= openDatabase({ url }).then((handle) => handle.db);
  return globalForReader.warrantReadDb;
}
