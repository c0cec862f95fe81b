#!/usr/bin/env node
// `npm test`: everything, in one command, on a fresh machine. Installs what npm cannot (Debian's
// Chromium, when run as root), type-checks, runs the unit and data-layer suite (on PGlite, and on the
// PostgreSQL server in TEST_DATABASE_URL when set), builds the app and runs the Playwright projects
// against the production server; with TEST_DATABASE_URL, then the load and fault scripts
// (scripts/reliability) on that server. Ends with one line: "N passed, N failed".
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const totals = { passed: 0, failed: 0 };
const step = (title) => console.log(`\n=== ${title}`);

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function ensureSystemPackages() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push("chromium");
  if (!existsSync("/usr/bin/pdftoppm")) missing.push("poppler-utils");
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(`Missing system packages: ${missing.join(" ")}. Install them with: sudo apt-get install -y ${missing.join(" ")}`);
    process.exit(1);
  }
  step(`installing ${missing.join(", ")} with apt-get`);
  execFileSync("apt-get", ["update", "-q"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-q", ...missing], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

function countVitest(file) {
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + report.numPendingTests + report.numTodoTests;
  // A test file that failed to load has no tests but is a failure.
  totals.failed += report.testResults.filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
  return true;
}

function countPlaywright(file) {
  if (!existsSync(file)) return false;
  const { stats } = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += stats.expected;
  totals.failed += stats.unexpected + stats.flaky + stats.skipped;
  return true;
}

ensureSystemPackages();
rmSync(".test-data", { recursive: true, force: true });
mkdirSync(".test-data", { recursive: true });

step("type-check");
const typecheck = run("npx", ["tsc", "--noEmit", "-p", "."]);
if (typecheck !== 0) totals.failed += 1;

step(`unit and data-layer tests (${process.env.TEST_DATABASE_URL ? "PGlite and PostgreSQL server" : "PGlite only; set TEST_DATABASE_URL to add a server"})`);
const failedBeforeVitest = totals.failed;
const vitest = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=.test-data/vitest.json"]);
if (!countVitest(".test-data/vitest.json")) totals.failed += 1;
// Vitest also fails a run for errors outside any test (an unhandled rejection, say), which its report
// does not count: every test passed, yet something a test started went wrong. That is a failure too.
else if (vitest !== 0 && totals.failed === failedBeforeVitest) {
  console.error("vitest exited with an error although every test passed (see 'Unhandled Errors' above); counted as one failure");
  totals.failed += 1;
}

step("production build");
const build = run("npx", ["next", "build"]);
if (build !== 0) {
  totals.failed += 1;
} else {
  step("end-to-end tests (Playwright: api and ui projects)");
  const dataDir = ".test-data/e2e";
  // The CLI prints a new key alone on the last line of standard output.
  const createKey = (scopes, file) => {
    const out = execFileSync("node", ["scripts/warrant.mjs", "apikey", "create", "--workspace", "default", "--scopes", scopes, "--name", `e2e-${scopes}`], {
      env: { ...process.env, WARRANT_DATA_DIR: dataDir, DATABASE_URL: "" },
      encoding: "utf8",
    });
    writeFileSync(file, out.trim().split("\n").at(-1));
  };
  createKey("ingest,read,export,admin", ".test-data/e2e-api-key");
  createKey("read", ".test-data/e2e-read-key");
  // For the permission table (e2e/api/permissions.spec.ts): a key per scope, and one user per role with a
  // password made up for this run, given to the CLI through WARRANT_PASSWORD (never on its command line).
  for (const scope of ["ingest", "read", "export", "admin"]) createKey(scope, `.test-data/e2e-${scope}-scope-key`);
  const people = {};
  for (const role of ["admin", "cx_leader", "compliance", "agent"]) {
    const person = { email: `e2e-${role.replace("_", "-")}@example.com`, name: `E2E ${role}`, password: `pw-${role}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}` };
    execFileSync("node", ["scripts/warrant.mjs", "user", "create", "--email", person.email, "--name", person.name, "--role", role], {
      env: { ...process.env, WARRANT_DATA_DIR: dataDir, DATABASE_URL: "", WARRANT_PASSWORD: person.password },
      stdio: ["ignore", "ignore", "inherit"],
    });
    people[role] = person;
  }
  writeFileSync(".test-data/e2e-users.json", JSON.stringify(people, null, 2));
  run("npx", ["playwright", "test"], { DATABASE_URL: "" });
  if (!countPlaywright(".test-data/playwright.json")) totals.failed += 1;

  // Reliability (docs/reliability.md) on the PostgreSQL server: load, then faults — last of all, because
  // the fault script stops and restarts that server. Each script counts as one test.
  if (process.env.TEST_DATABASE_URL) {
    for (const script of ["load", "faults"]) {
      step(`reliability: test:${script} (scripts/reliability/${script}.ts)`);
      if (run("bash", ["scripts/reliability/run.sh", script]) === 0) totals.passed += 1;
      else totals.failed += 1;
    }
  }
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
