// A newcomer's first start: `npm start` on an empty embedded database loads the demo workspace in the
// background, the pages say so while it loads, and then the Overview shows populated charts. This
// spec runs a second production server of its own on a fresh data directory (the suite's shared
// server starts with WARRANT_DEMO=0), with a smaller demo so it loads in seconds.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { uniquePassword } from "../people";
import { DashboardPage, OverviewPage } from "./pages/dashboard-pages";
import { SignInPage } from "./pages/sign-in-page";

const PORT = 3150;
const BASE = `http://127.0.0.1:${PORT}`;
const DATA_DIR = path.resolve(".test-data/e2e-first-start");
const DEMO_EVENTS = 3000;
const admin = { email: "newcomer@example.com", name: "New Comer", password: uniquePassword("first-start") };

test.describe.configure({ mode: "serial" });
test.use({ baseURL: BASE });

let server: ChildProcess | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  rmSync(DATA_DIR, { recursive: true, force: true });
  const env = { ...process.env, WARRANT_DATA_DIR: DATA_DIR, DATABASE_URL: "", WARRANT_DEMO: "", WARRANT_DEMO_EVENTS: String(DEMO_EVENTS) };
  // The first admin, as the README says, before the server owns the embedded database. No event yet.
  execFileSync("node", ["scripts/warrant.mjs", "user", "create", "--email", admin.email, "--name", admin.name, "--role", "admin"], {
    env: { ...env, WARRANT_PASSWORD: admin.password },
    stdio: ["ignore", "ignore", "inherit"],
  });
  server = spawn("npx", ["next", "start", "-p", String(PORT), "-H", "127.0.0.1"], { env, stdio: "ignore", detached: true });
  await expect.poll(async () => (await fetch(`${BASE}/api/v1/health`).catch(() => null))?.status, { timeout: 90_000, intervals: [500] }).toBe(200);
});

test.afterAll(() => {
  if (server?.pid) process.kill(-server.pid, "SIGTERM");
});

test("a fresh embedded start loads the demo, says so while it loads, and the Overview shows populated charts", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await new SignInPage(page).signIn(admin);
  // Either still loading (the banner counts events) or already done (no banner): never an error.
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  const banner = page.getByRole("status").filter({ hasText: "Loading the demo workspace" });
  await expect(async () => {
    await page.reload();
    await expect(banner).toHaveCount(0);
  }).toPass({ timeout: 90_000, intervals: [1000] });

  const home = page.getByRole("table").first();
  await expect(home).toContainText("Demo: Fernhill Home & Garden");
  await expect(home).toContainText("demo data");
  await expect(home).toContainText(DEMO_EVENTS.toLocaleString("en-GB"));

  const overview = new OverviewPage(page);
  await overview.goto();
  expect(Number((await overview.cardValue("AI-engaged cases")).replace(/,/g, ""))).toBeGreaterThan(50);
  expect(await overview.cardValue("Containment")).toMatch(/^\d+\.\d%$/);
  for (const title of ["AI resolution vs containment", "Autonomy mix over time"]) {
    const chart = page.getByRole("figure", { name: title });
    // The drawing is a named tab stop (its arrow keys step through the points), not a bare "application".
    await expect(chart.getByRole("application", { name: `${title}: chart. Arrow keys step through the points; the data table below lists every figure.` })).toBeVisible();
    // Drawn series, not an empty frame: lines have a path, bars have rectangles.
    await expect(chart.locator(".recharts-line-curve, .recharts-bar-rectangle path, .recharts-area-area").first()).toBeAttached();
  }
  await expect(overview.table("KPIs per journey").getByRole("row")).not.toHaveCount(1);
  await testInfo.attach("overview with demo data", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  // Every other page a CX leader, agent or compliance officer opens first, with demo data, for the report.
  for (const [path, title] of [
    ["/trust", "Trust"],
    ["/oversight", "Oversight"],
    ["/journeys/delivery_failure", "delivery_failure"],
  ] as const) {
    const dashboard = new DashboardPage(page, path, title);
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByText("undefined")).toHaveCount(0);
    await testInfo.attach(`${dashboard.title} with demo data`, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  }
  for (const path of ["/cases", "/compliance", "/activity"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await testInfo.attach(`${path} with demo data`, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  }
});
