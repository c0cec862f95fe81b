import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const AUTH_SECRET_FILE = "auth-secret";

/**
 * The key that encrypts session cookies. From AUTH_SECRET when set; on the embedded default, generated
 * once into the data directory (beside the signing key) so a first start needs no configuration. On a
 * server database there may be several app processes, which must share one secret: there it is required.
 */
export function loadOrCreateAuthSecret(options: {
  envSecret?: string;
  dataDir: string;
  embedded: boolean;
  log: (message: string) => void;
}): string {
  if (options.envSecret) return options.envSecret;
  if (!options.embedded) {
    throw new Error("AUTH_SECRET must be set when DATABASE_URL is (every app process must share it); generate one with: openssl rand -base64 32");
  }
  const file = path.join(options.dataDir, AUTH_SECRET_FILE);
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
    throw new Error(`${file} is shorter than 32 characters; delete it to generate a new one (this signs everyone out)`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  try {
    // "wx": if another process wrote one first, use theirs rather than overwrite it.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    options.log(`generated a session secret in ${file}; set AUTH_SECRET to manage it yourself`);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw error;
  }
}
