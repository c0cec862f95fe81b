import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KEEP_ALIVE_TIMEOUT_MS } from "./keep-alive";

// `npm start` and `npm run serve` start `next start` without TypeScript, so they write the number out.
describe("the app's keep-alive timeout", () => {
  it("is the one scripts/start.mjs and npm run serve pass to next start", () => {
    const flag = `"--keepAliveTimeout", "${KEEP_ALIVE_TIMEOUT_MS}"`;
    expect(readFileSync("scripts/start.mjs", "utf8")).toContain(flag);
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.serve).toBe(`next start --keepAliveTimeout ${KEEP_ALIVE_TIMEOUT_MS}`);
  });

  it("outlasts the 60 s idle timeout of common load balancers", () => {
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
  });
});
