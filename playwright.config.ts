import path from "node:path";
import { defineConfig } from "@playwright/test";
import { NEXT_START_KEEP_ALIVE } from "./lib/api/keep-alive";

const port = Number(process.env.E2E_PORT ?? 3100);
// The same server's ingest listener (lib/ingest/listener.ts).
const ingestPort = port + 1;
export const E2E_DATA_DIR = path.resolve(".test-data/e2e");
export const E2E_SERVER_LOG = path.resolve(".test-data/e2e-server.log");

// Debian's Chromium, launched as root on a machine without network: the flags stop it from phoning home.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
};

export default defineConfig({
  testDir: "e2e",
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  timeout: 60_000,
  // Every page is rendered by the server on request, and CI has two cores for two workers, Chromium, the
  // e2e server and at times a second one: 5 s, Playwright's default, is too tight for a navigation there.
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: ".test-data/playwright.json" }], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: chromium,
  },
  projects: [
    { name: "api", testMatch: /api\/.*\.spec\.ts/, testIgnore: /ingest-port\.spec\.ts/ },
    // The ingest contract again, posted to the ingest listener instead of Next.js's routes.
    { name: "ingest-port", testMatch: /api\/(ingest|otlp|ingest-port)\.spec\.ts/, metadata: { ingestBase: `http://127.0.0.1:${ingestPort}` } },
    { name: "ui", testMatch: /ui\/.*\.spec\.ts/, use: { viewport: { width: 1360, height: 900 } } },
  ],
  webServer: {
    // The production build, on the embedded database, as a first-time user would run it.
    // Its output is also kept in a file, which e2e/ui/secrets.spec.ts searches for passwords and keys.
    // The app's keep-alive timeout (lib/api/keep-alive.ts): with Node's 5 s, a test's request on a
    // connection idle for just that long met the server closing it (ECONNRESET).
    command: `bash -c 'npx next start -p ${port} -H 127.0.0.1 ${NEXT_START_KEEP_ALIVE.join(" ")} > >(tee -a ${E2E_SERVER_LOG}) 2> >(tee -a ${E2E_SERVER_LOG} >&2)'`,
    url: `http://127.0.0.1:${port}/api/v1/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    // Every test signs in from 127.0.0.1, so the per-address sign-in limit is raised; the per-account
    // one, which e2e/api/sign-in.spec.ts exercises, is not configurable.
    env: { WARRANT_DATA_DIR: E2E_DATA_DIR, WARRANT_DEMO: "0", WARRANT_CHECKPOINT_EVERY: "10", WARRANT_RATE_SIGNIN: "600", WARRANT_INGEST_PORT: String(ingestPort), WARRANT_INGEST_HOST: "127.0.0.1" },
  },
});
