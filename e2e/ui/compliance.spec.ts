import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { aiAction, auth } from "../fixtures";
import { people } from "../people";
import { CompliancePage } from "./pages/compliance-page";
import { SignInPage } from "./pages/sign-in-page";

test("a compliance officer verifies a workspace, exports a month as a bundle, and the file verifies offline", async ({ page, request }, testInfo) => {
  // Events of this month in the default workspace, through the public API.
  const sent = Array.from({ length: 25 }, (_, i) => aiAction({ journey: i % 2 ? "delivery_failure" : "billing_dispute" }));
  const ingest = await request.post("/api/v1/events", { headers: { ...auth(), "content-type": "application/json" }, data: sent });
  expect(ingest.ok()).toBe(true);
  const { verifierKey } = await (await request.get("/api/v1/ledger/public-key")).json();

  const officer = people().compliance;
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.submit(officer.email, officer.password);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));

  const compliance = new CompliancePage(page);
  await compliance.goto("default");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Compliance/ })).toHaveAttribute("aria-current", "page");

  // Verify now: a verdict, then the recorded run names the officer.
  expect(await compliance.verifyNow()).toMatch(/^Verified: all [\d,]+ entries recomputed/);
  await expect(compliance.verification.getByTestId("last-verification")).toContainText(`by ${officer.email}`);
  await testInfo.attach("verified", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  // Export this month as a bundle.
  const month = new Date().toISOString().slice(0, 7);
  const download = await compliance.exportMonth(month, "Verifiable bundle");
  expect(download.suggestedFilename()).toMatch(new RegExp(`^warrant-default-${month}-01_.*\\.bundle\\.jsonl$`));
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  await testInfo.attach("exported", { body: await compliance.exports.screenshot(), contentType: "image/png" });

  // The file passes verify-bundle with no database (an unreachable DATABASE_URL) and the published key.
  const output = execFileSync("node", ["scripts/warrant.mjs", "verify-bundle", file, "--key", verifierKey], {
    env: { ...process.env, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none", WARRANT_DATA_DIR: testInfo.outputPath("no-data") },
    encoding: "utf8",
  });
  expect(output).toMatch(/^ok .*: filtered bundle of workspace default, \d+ event\(s\)/);
  expect(output).toContain("(trusted)");
  const events = Number(/, (\d+) event\(s\)/.exec(output)![1]);
  expect(events).toBeGreaterThanOrEqual(sent.length);

  // The same month as CSV, downloaded directly: the browser saves the GET's answer itself, and the page
  // shows no progress of its own.
  const direct = await compliance.downloadMonthDirectly(month, "CSV");
  expect(direct.suggestedFilename()).toMatch(new RegExp(`^warrant-default-${month}-01_.*\\.csv$`));
  const csv = readFileSync((await direct.path())!, "utf8").trim().split("\n");
  expect(csv.length - 1).toBeGreaterThanOrEqual(sent.length);
  await expect(compliance.exports.getByRole("button", { name: "Export", exact: true })).toBeEnabled();

  // Editing From after picking a month: the Month field no longer claims a month the period is not.
  await compliance.exports.getByLabel("From (UTC, inclusive)").fill(`${month}-02`);
  await expect(compliance.exports.getByLabel("Month")).toHaveValue("");

  // The export is in the access log, named after the officer.
  await compliance.goto("default");
  await expect(compliance.accessLog.getByRole("row", { name: /export\.events/ }).first()).toContainText(officer.email);
  await expect(compliance.checkpoints.getByRole("table")).toBeVisible();
});
