import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Checkpoints are published outside the database so that someone who controls the database cannot
 * rewrite history and its signed heads together. The default sink is a directory, one file a note.
 */
export interface CheckpointSink {
  publish(workspaceId: string, treeSize: number, note: string): Promise<void>;
  /** Every externally published note of a workspace, or null when this sink cannot be read back. */
  list(workspaceId: string): Promise<{ treeSize: number; note: string }[] | null>;
}

const workspaceDir = (root: string, workspaceId: string) => path.join(root, encodeURIComponent(workspaceId));

export function fileSink(root: string): CheckpointSink {
  return {
    async publish(workspaceId, treeSize, note) {
      const dir = workspaceDir(root, workspaceId);
      await mkdir(dir, { recursive: true });
      // flag "wx": a published checkpoint is never overwritten.
      await writeFile(path.join(dir, `${treeSize}.note`), note, { flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      });
    },
    async list(workspaceId) {
      const dir = workspaceDir(root, workspaceId);
      const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return [] as string[];
        throw error;
      });
      const notes = await Promise.all(
        names
          .filter((name) => /^\d+\.note$/.test(name))
          .map(async (name) => ({ treeSize: Number(name.slice(0, -5)), note: await readFile(path.join(dir, name), "utf8") })),
      );
      return notes.sort((a, b) => a.treeSize - b.treeSize);
    },
  };
}

/** Also POSTs each note to a webhook (a transparency service, a WORM bucket's uploader…). Write-only. */
export function webhookSink(url: string, inner: CheckpointSink, log: (message: string) => void): CheckpointSink {
  return {
    async publish(workspaceId, treeSize, note) {
      await inner.publish(workspaceId, treeSize, note);
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "text/plain; charset=utf-8", "x-warrant-workspace": workspaceId },
          body: note,
          signal: AbortSignal.timeout(5000),
        });
        if (!response.ok) log(`checkpoint webhook answered ${response.status} for ${workspaceId}@${treeSize}`);
      } catch (error) {
        log(`checkpoint webhook failed for ${workspaceId}@${treeSize}: ${(error as Error).message}`);
      }
    },
    list: (workspaceId) => inner.list(workspaceId),
  };
}
