import { readFileSync } from "node:fs";
import path from "node:path";

/** The admin API key that scripts/test.mjs created for the e2e workspace before the server started. */
export function e2eApiKey(): string {
  return readFileSync(path.resolve(".test-data/e2e-api-key"), "utf8").trim();
}

export const auth = () => ({ authorization: `Bearer ${e2eApiKey()}` });
