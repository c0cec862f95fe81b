import { chainHeads } from "@/db/schema";
import { checkpointNow } from "./ledger/append";
import { log } from "./log";
import { runtime } from "./runtime";

const globalForTasks = globalThis as unknown as { warrantTasks?: NodeJS.Timeout };

/** Opens (and migrates) the database at start-up and signs time-based checkpoints in the background. */
export async function startServerTasks(): Promise<void> {
  const rt = await runtime();
  log.info("warrant started", { engine: rt.handle.kind, dataDir: rt.handle.kind === "pglite" ? rt.env.dataDir : undefined });
  if (globalForTasks.warrantTasks) return;
  // Check a few times per interval so a quiet workspace is checkpointed within about one interval.
  const every = Math.max(1000, Math.min(60_000, rt.ledger.checkpointIntervalMs / 4));
  globalForTasks.warrantTasks = setInterval(() => void checkpointDueWorkspaces(), every);
  globalForTasks.warrantTasks.unref();
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
