// At a phone's width (390 × 844) the dashboard is usable: the sidebar becomes a top bar whose Menu button
// opens the one "Main" navigation, and no page scrolls sideways — wide tables scroll in their own box,
// long unbroken ids (a case id of 80 characters, UUIDs, hashes) wrap instead of pushing the page wider.
import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { aiAction, auth } from "../fixtures";
import { people } from "../people";
import { Shell } from "./pages/shell";
import { SignInPage } from "./pages/sign-in-page";

test.use({ viewport: { width: 390, height: 844 } });

// No spaces and no hyphen-free break points short of the viewport: the hardest id to fit.
const caseId = `case-e2e-phone-${randomUUID().replaceAll("-", "")}${randomUUID().replaceAll("-", "")}`;
const action = aiAction({ caseId, customerRef: `cus_${randomUUID().replaceAll("-", "")}` });

test.beforeAll(async ({ request }) => {
  const opened = { id: randomUUID(), type: "case.opened", occurredAt: new Date(Date.now() - 60_000).toISOString(), caseId, journey: "delivery_failure", channel: "chat", actor: { type: "customer", id: "cus" }, contact: 1 };
  const response = await request.post("/api/v1/events", { headers: { ...auth(), "content-type": "application/json" }, data: [opened, action] });
  expect(response.status(), await response.text()).toBe(200);
});

async function expectNoSidewaysScroll(page: Page, path: string, heading: string | RegExp) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  expect(await new Shell(page).horizontalOverflow(), `${path} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
}

test("at 390 px no dashboard page scrolls sideways", async ({ page }, testInfo) => {
  await new SignInPage(page).signIn(people().admin);
  await expectNoSidewaysScroll(page, "/", "Warrant");
  await expectNoSidewaysScroll(page, "/overview", "Overview");
  await expectNoSidewaysScroll(page, "/cases", "Cases");
  await expectNoSidewaysScroll(page, `/cases/${caseId}`, new RegExp(caseId));
  await expectNoSidewaysScroll(page, `/actions/${action.id}`, /AI/);
  await testInfo.attach("explanation at 390 px", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  await expectNoSidewaysScroll(page, "/compliance", "Compliance");
  await expectNoSidewaysScroll(page, "/settings/users", "Users");
});

test("at 390 px the Menu button opens the main navigation, which marks the current page and closes on navigating", async ({ page }, testInfo) => {
  await new SignInPage(page).signIn(people().admin);
  await page.goto("/cases");
  const shell = new Shell(page);
  await expect(shell.menuButton).toHaveAttribute("aria-expanded", "false");
  // Closed, the navigation is hidden, not duplicated: there is only ever one "Main" navigation.
  await expect(shell.nav).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main", includeHidden: true })).toHaveCount(1);

  await shell.openMenu();
  await expect(shell.nav.getByRole("link", { name: /Cases/ })).toHaveAttribute("aria-current", "page");
  await expect(shell.signedIn.getByRole("button", { name: "Sign out" })).toBeVisible();
  await testInfo.attach("menu open at 390 px", { body: await page.screenshot(), contentType: "image/png" });

  // Escape closes it and gives the focus back to the button.
  await page.keyboard.press("Escape");
  await expect(shell.nav).toBeHidden();
  await expect(shell.menuButton).toBeFocused();

  // Following a link closes it too; the new page is the current one.
  await shell.openMenu();
  await shell.nav.getByRole("link", { name: /Compliance/ }).click();
  await page.waitForURL("**/compliance");
  await expect(shell.menuButton).toHaveAttribute("aria-expanded", "false");
  await expect(shell.nav).toBeHidden();
  await shell.openMenu();
  await expect(shell.nav.getByRole("link", { name: /Compliance/ })).toHaveAttribute("aria-current", "page");
});

test("from md up the sidebar shows the navigation and there is no Menu button", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 800 });
  await new SignInPage(page).signIn(people().admin);
  await page.goto("/");
  const shell = new Shell(page);
  await expect(shell.nav).toBeVisible();
  await expect(shell.menuButton).toBeHidden();
  await expect(shell.nav.getByRole("link", { name: /Home/ })).toHaveAttribute("aria-current", "page");
});
