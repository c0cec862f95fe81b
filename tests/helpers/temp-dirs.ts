import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Temporary directories for one test file, named `<prefix>XXXXXX` under the system's temporary
 * directory; `removeAll` (from afterEach or afterAll) removes every one made so far, so a run leaves
 * nothing behind.
 */
export function temporaryDirectories(prefix: string) {
  const made: string[] = [];
  return {
    make(): string {
      const dir = mkdtempSync(path.join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    removeAll(): void {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
