import path from "node:path";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { migrate } from "@/db/migrate";
import { env, type Env } from "./env";
import { DEFAULT_COMMIT_TIMEOUT_MS, GroupCommitter } from "./ingest/group-commit";
import type { IngestService } from "./ingest/ingest";
import { rulesFromConfig } from "./ingest/redact";
import type { Ledger } from "./ledger/context";
import { loadOrCreateSigningKey } from "./ledger/note";
import { fileSink, webhookSink } from "./ledger/sink";
import { log } from "./log";
import { projectEntries } from "./projections/project";

export interface Runtime {
  handle: DatabaseHandle;
  ledger: Ledger;
  ingest: IngestService;
  env: Env;
}

/** Opens the database (migrating it) and builds the ledger from configuration. Used by the CLI and tests. */
export async function createRuntime(config: Env): Promise<Runtime> {
  const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: path.join(config.dataDir, "pglite") });
  // An INSERT/SELECT-only application role cannot migrate; the schema owner does it beforehand.
  if (config.WARRANT_SKIP_MIGRATIONS !== "1") await migrate(handle);
  const ledger = createLedger(handle, config);
  const ingest: IngestService = {
    // On a server the next group's transaction waits for the chain lock inside PostgreSQL (see GroupCommitter).
    committer: new GroupCommitter(ledger, config.WARRANT_GROUP_MAX_EVENTS, DEFAULT_COMMIT_TIMEOUT_MS, handle.kind === "postgres" ? 2 : 1),
    redaction: rulesFromConfig(config.WARRANT_REDACT, config.WARRANT_REDACT_PATTERNS),
  };
  return { handle, ledger, ingest, env: config };
}

export function createLedger(handle: DatabaseHandle, config: Env): Ledger {
  const key = loadOrCreateSigningKey({
    envKey: config.WARRANT_SIGNING_KEY,
    dataDir: config.dataDir,
    name: config.WARRANT_KEY_NAME,
    log: (message) => log.warn(message),
  });
  const files = fileSink(config.checkpointDir);
  return {
    db: handle.db,
    pipelined: handle.pipelined,
    key,
    sink: config.WARRANT_CHECKPOINT_WEBHOOK ? webhookSink(config.WARRANT_CHECKPOINT_WEBHOOK, files, (m) => log.warn(m)) : files,
    checkpointEvery: config.WARRANT_CHECKPOINT_EVERY,
    checkpointIntervalMs: config.WARRANT_CHECKPOINT_MINUTES * 60_000,
    genericPlansFrom: config.WARRANT_GENERIC_PLANS_FROM,
    log: (message) => log.warn(message),
    project: projectEntries,
  };
}

// Next's dev server reloads modules; keep one database per process on globalThis (an embedded
// PGlite directory can only be opened once).
const globalForRuntime = globalThis as unknown as { warrantRuntime?: Promise<Runtime> };

/** The process-wide runtime of the web app, created on first use. */
export function runtime(): Promise<Runtime> {
  globalForRuntime.warrantRuntime ??= createRuntime(env()).catch((error) => {
    globalForRuntime.warrantRuntime = undefined;
    throw error;
  });
  return globalForRuntime.warrantRuntime;
}
