// One process at a time per embedded database. PGlite is PostgreSQL inside one process, without the
// postmaster that keeps a second server out of a data directory: two processes that open the same
// directory each work on their own copy in memory and write it back over the other's. A user created with
// `npx warrant user create` while the app ran on the directory was simply lost; ledger entries could be
// too. So each process claims the directory with a lock file beside it before opening it, and a second
// process is refused with the owner's pid instead.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Another live process holds the embedded database. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
    readonly lockFile: string,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${ownerPid} (a running Warrant app or command). ` +
        `Stop it first, or do this through the running app. If no Warrant process is running, delete ${lockFile}.`,
    );
    this.name = "DataDirInUseError";
  }
}

// Claims this process holds, by lock file, with how many handles use each: Next bundles server code per
// entry point, so one process may open the same directory through two copies of this module.
const held: Map<string, number> = ((globalThis as { warrantDataDirClaims?: Map<string, number> }).warrantDataDirClaims ??= new Map());

/**
 * Claims `dataDir` for this process and returns the release, which the handle calls on close; a process
 * that ends without closing leaves a file naming a dead pid, which the next claim takes over.
 */
export function claimDataDir(dataDir: string): () => void {
  const lockFile = `${path.resolve(dataDir)}.lock`;
  const count = held.get(lockFile);
  if (count === undefined) takeLock(dataDir, lockFile);
  held.set(lockFile, (count ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (held.get(lockFile) ?? 1) - 1;
    if (left > 0) return void held.set(lockFile, left);
    held.delete(lockFile);
    removeIfOurs(lockFile);
  };
}

function takeLock(dataDir: string, lockFile: string) {
  // Two tries: the second follows the removal of a stale file (its process is gone).
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, `${process.pid}\n`, { flag: "wx" });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = ownerOf(lockFile);
    // Our own pid in a file this process did not write: left by an earlier process that had the same pid
    // (a container's app restarted as pid 1, say).
    if (owner !== null && owner !== process.pid && isAlive(owner)) throw new DataDirInUseError(dataDir, owner, lockFile);
    rmSync(lockFile, { force: true });
  }
  throw new Error(`could not claim the embedded database in ${dataDir}: ${lockFile} keeps coming back (another process starting at the same time?)`);
}

function ownerOf(lockFile: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockFile, "utf8"), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function removeIfOurs(lockFile: string) {
  if (ownerOf(lockFile) === process.pid) rmSync(lockFile, { force: true });
}

// A process that exits without closing its handles (a signal handler calling process.exit, say) releases
// its claims too; one killed outright leaves them to the liveness check.
process.once("exit", () => {
  for (const lockFile of held.keys()) removeIfOurs(lockFile);
});
