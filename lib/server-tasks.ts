import { chainHeads } from "@/db/schema";
import { isDatabaseUnavailable } from "./api/errors";
import { checkAuthSetup } from "./auth/startup";
import { loadDemoOnFirstStart } from "./demo/first-start";
import { closeIngestListener, startIngestListenerFromEnv } from "./ingest/listener";
import { checkpointNow } from "./ledger/append";
import { log } from "./log";
import { runtime, type Runtime } from "./runtime";

const globalForTasks = globalThis as unknown as { warrantTasks?: NodeJS.Timeout; warrantShutdown?: boolean; warrantRuntimeReady?: Runtime };

/** How long a SIGTERM waits for in-flight ingest groups before the process exits anyway. */
export const SHUTDOWN_TIMEOUT_MS = 25_000;

/**
 * Opens (and migrates) the database at start-up and signs time-based checkpoints in the background.
 * If the database is unreachable at start-up the server still starts — requests answer 503 and
 * /api/v1/health says why — and start-up is retried until the database is back.
 */
export async function startServerTasks(): Promise<void> {
  installShutdownHandler();
  // Before the database: like the app's port, the ingest port answers 503 while the database is away.
  await startIngestListenerFromEnv();
  let rt: Runtime;
  try {
    rt = await runtime();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    log.error("database unavailable at start-up; serving 503 and retrying", { error: (error as Error).message });
    setTimeout(() => void startServerTasks().catch((e) => log.error("start-up failed", { error: (e as Error).message })), 2000).unref();
    return;
  }
  globalForTasks.warrantRuntimeReady = rt;
  log.info("warrant started", { engine: rt.handle.kind, dataDir: rt.handle.kind === "pglite" ? rt.env.dataDir : undefined });
  await checkAuthSetup(rt);
  await loadDemoOnFirstStart(rt).catch((error: Error) => log.error("could not check for the first-start demo", { error: error.message }));
  if (globalForTasks.warrantTasks) return;
  // Check a few times per interval so a quiet workspace is checkpointed within about one interval.
  const every = Math.max(1000, Math.min(60_000, rt.ledger.checkpointIntervalMs / 4));
  globalForTasks.warrantTasks = setInterval(() => void checkpointDueWorkspaces(), every);
  globalForTasks.warrantTasks.unref();
}

/**
 * Graceful shutdown (a deployment, `docker stop`, Kubernetes). Next's own handler closes the HTTP
 * server — no new connections, and it waits for the requests in flight, whose answers wait for their
 * group's commit — then exits. But a client that keeps sending on a keep-alive connection keeps that
 * connection, and so the server, open. So this handler, beside Next's, marks the process as shutting
 * down and closes the ingest listener (lib/ingest/listener.ts) to new connections: every API answer
 * then carries `Connection: close` (lib/api/handler.ts), the ingest path refuses new work with 503 +
 * Retry-After (the client retries elsewhere at once instead of queueing behind the drain), and health
 * says so; it waits until every group taken has committed or failed,
 * and logs that. It exits by itself when Next does not handle signals (NEXT_MANUAL_SIG_HANDLE), and in any
 * case after SHUTDOWN_TIMEOUT_MS, so a client trickling a body cannot hold the process forever. An
 * acknowledged event was committed before its answer, so exiting never loses one.
 */
function installShutdownHandler() {
  if (globalForTasks.warrantShutdown) return;
  globalForTasks.warrantShutdown = true;
  const onSignal = (signal: NodeJS.Signals) => {
    const started = performance.now();
    const rt = globalForTasks.warrantRuntimeReady;
    const committer = rt?.ingest.committer;
    globalThis.warrantShuttingDown = true;
    closeIngestListener();
    log.info("shutting down: draining ingest", { signal, pending: committer?.pending ?? 0 });
    if (globalForTasks.warrantTasks) clearInterval(globalForTasks.warrantTasks);
    const force = setTimeout(() => {
      log.error("shutdown: drain did not finish in time; exiting", { pending: committer?.pending ?? 0, ms: SHUTDOWN_TIMEOUT_MS });
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    void (committer?.close() ?? Promise.resolve()).then(() => {
      log.info("shutdown: ingest drained", { signal, ms: Math.round(performance.now() - started) });
      if (process.env.NEXT_MANUAL_SIG_HANDLE) process.exit(0);
    });
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}

async function checkpointDueWorkspaces() {
  try {
    const rt = await runtime();
    const heads = await rt.handle.db.select().from(chainHeads);
    for (const head of heads) {
      const last = head.checkpointAt?.getTime() ?? 0;
      if (Number(head.seq) > Number(head.checkpointSeq) && Date.now() - last >= rt.ledger.checkpointIntervalMs) {
        await checkpointNow(rt.ledger, head.workspaceId);
      }
    }
  } catch (error) {
    log.warn("time-based checkpoint failed", { error: (error as Error).message });
  }
}
