import { expect, test } from "@playwright/test";
import { people } from "../people";
import { PoliciesSettingsPage, WorkspacesSettingsPage } from "./pages/policies-page";
import { SignInPage } from "./pages/sign-in-page";

// "full" is not an autonomy level: line 5, column 18.
const BROKEN = `id: e2e-policy
title: Refunds in the e2e shop
rules:
  - pattern: refund.*
    maxAutonomy: full
    when: { amount: { max: 75, currency: EUR } }
`;

const FIXED = `id: e2e-policy
title: Refunds in the e2e shop
rules:
  - pattern: "*"
    maxAutonomy: approve
  - pattern: refund.*
    maxAutonomy: autonomous
    when: { amount: { max: 75, currency: EUR } }
    clause: { id: refund-policy, version: 3, clause: "§2.2" }
`;

test("an admin publishes a policy, fixes the YAML error it points at, and pulls the kill switch", async ({ page }, testInfo) => {
  // A workspace of its own: ingest judges actions by the policy in force, and other specs use "default".
  const workspace = `pol-ui-${Date.now().toString(36)}`;
  const admin = people().admin;
  await new SignInPage(page).signIn(admin);
  await new WorkspacesSettingsPage(page).create(workspace, "Policies e2e");

  const policies = new PoliciesSettingsPage(page);
  await policies.open(workspace);
  await expect(policies.noPolicy).toContainText("Warrant does not restrict any action");

  // A typo is refused with where it is; nothing is published and the text stays as typed.
  await policies.publish(BROKEN, "Refunds up to €75 without a person");
  await expect(policies.problems).toContainText("nothing was published");
  await expect(policies.problems).toContainText('5:18 rules[0].maxAutonomy: expected one of: assist, approve, supervised, autonomous (got "full")');
  await expect(policies.document).toHaveValue(BROKEN);
  await expect(policies.noPolicy).toBeVisible();
  await expect(policies.history).toHaveCount(0);
  await testInfo.attach("yaml error", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  await policies.publish(FIXED, "Refunds up to €75 without a person");
  await policies.expectPublished(1);
  await expect(policies.inForce).toHaveText("In force: Refunds in the e2e shop, version 1");
  const refunds = policies.rules.getByRole("row", { name: /refund\.\*/ });
  await expect(refunds).toContainText("autonomous");
  await expect(refunds).toContainText("amount ≤ 75 EUR");
  await expect(refunds).toContainText("refund-policy v3 §2.2");
  await expect(policies.document).toHaveValue(/pattern: refund\.\*/);

  // The kill switch: the cap is listed with who pulled it and why, and agents are told at once.
  await policies.lowerToAssist("refund.*", "Refunds above the limit went out autonomously");
  const cap = policies.cap("refund.*");
  await expect(cap).toContainText("assist");
  await expect(cap).toContainText(admin.email);
  await expect(cap).toContainText("Refunds above the limit went out autonomously");
  await expect(policies.history.getByRole("row", { name: /^v2 in force/ })).toContainText("kill switch on refund.*");
  const check = await page.request.post(`/api/v1/authority/check?workspace=${workspace}`, {
    data: { action: "refund.issue", amount: { value: 20, currency: "EUR" } },
  });
  expect(await check.json()).toMatchObject({ allowedAutonomy: "assist", policyVersion: 2, cap: { pattern: "refund.*", by: admin.email } });
  await testInfo.attach("kill switch", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  await policies.lift("refund.*", "Fixed in cx-agent/2026.11");
  await expect(policies.page.getByText("No caps: nothing is limited below what the rules grant.")).toBeVisible();
  await expect(policies.history.getByRole("row", { name: /^v3 in force/ })).toContainText("lifted the cap on refund.*");
});
