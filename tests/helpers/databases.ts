import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import type { Ledger } from "@/lib/ledger/context";
import { loadOrCreateSigningKey } from "@/lib/ledger/note";
import { fileSink } from "@/lib/ledger/sink";

/**
 * The data-layer suite runs on every engine we support: embedded PGlite always, and a real PostgreSQL
 * server when TEST_DATABASE_URL is set (CI starts one). Each test database is fresh and private.
 */
export interface TestDatabase {
  engine: "pglite" | "postgres";
  handle: DatabaseHandle;
  dir: string;
  /** Runs SQL as the superuser the tests connect as (used to tamper with the ledger on purpose). */
  exec<T = Record<string, unknown>>(statement: string): Promise<T[]>;
  ledger(options?: Partial<Pick<Ledger, "checkpointEvery" | "checkpointIntervalMs" | "genericPlansFrom">>): Ledger;
  close(): Promise<void>;
}

export const serverUrl = process.env.TEST_DATABASE_URL;
export const ENGINES: ("pglite" | "postgres")[] = serverUrl ? ["pglite", "postgres"] : ["pglite"];

export async function openTestDatabase(engine: "pglite" | "postgres"): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), "warrant-test-"));
  let dropServerDatabase = async () => {};
  let handle: DatabaseHandle;
  if (engine === "postgres") {
    if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set");
    const name = `warrant_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    handle = await openDatabase({ url: url.toString(), max: 25 });
    dropServerDatabase = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    };
  } else {
    handle = await openDatabase({ dataDir: "memory://" });
  }
  await migrate(handle);
  const key = loadOrCreateSigningKey({ dataDir: dir, name: "warrant-test", log: () => {} });
  return {
    engine,
    handle,
    dir,
    exec: async <T>(statement: string) => (await handle.execScript(statement)) as T[],
    ledger: (options = {}) => ({
      db: handle.db,
      pipelined: handle.pipelined,
      key,
      sink: fileSink(path.join(dir, "checkpoints")),
      checkpointEvery: options.checkpointEvery ?? 1000,
      checkpointIntervalMs: options.checkpointIntervalMs ?? 24 * 3600_000,
      genericPlansFrom: options.genericPlansFrom,
      log: () => {},
    }),
    close: async () => {
      await handle.close();
      await dropServerDatabase();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
