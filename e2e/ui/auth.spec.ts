import { expect, test } from "@playwright/test";
import { pagesFor } from "@/lib/auth/permissions";
import { aiAction } from "../fixtures";
import { people, uniqueEmail, uniquePassword } from "../people";
import { ApiKeysSettingsPage, UsersSettingsPage } from "./pages/settings-pages";
import { Shell, watchCsp } from "./pages/shell";
import { SignInPage } from "./pages/sign-in-page";

const WRONG = "That email and password do not match an active account.";

test.describe("signing in and out", () => {
  test("a signed-out visitor is sent to sign in, signs in, sees who they are, and signs out", async ({ page }) => {
    const admin = people().admin;
    await page.goto("/settings/users");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings%2Fusers$/);
    const signIn = new SignInPage(page);
    await signIn.submit(admin.email, admin.password);
    await expect(page).toHaveURL(/\/settings\/users$/);
    const shell = new Shell(page);
    await expect(shell.signedIn).toContainText(admin.name);
    await expect(shell.signedIn).toContainText("Admin");
    await shell.signOut();
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(signIn.heading).toBeVisible();
  });

  test("a wrong password, or an unknown email, gets one message that does not say which part was wrong", async ({ page }) => {
    const agent = people().agent;
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.submit(agent.email, `${agent.password}-not`);
    await expect(signIn.error).toHaveText(WRONG);
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(signIn.password).toHaveValue("");
    await expect(signIn.password).toBeFocused();
    await signIn.submit(uniqueEmail("nobody"), agent.password);
    await expect(signIn.error).toHaveText(WRONG);
  });

  test("a deactivated user is signed out at once and cannot sign in again", async ({ page, browser }) => {
    const person = { name: `Dee ${Date.now()}`, email: uniqueEmail("dee"), password: uniquePassword("dee") };
    await new SignInPage(page).signIn(people().admin);
    const users = new UsersSettingsPage(page);
    await users.goto();
    await users.addUser({ ...person, role: "agent" });

    const theirs = await browser.newContext();
    const theirPage = await theirs.newPage();
    await new SignInPage(theirPage).signIn(person);
    await expect(new Shell(theirPage).signedIn).toContainText(person.name);

    await users.deactivate(person.name);

    await theirPage.reload();
    await expect(theirPage).toHaveURL(/\/sign-in/);
    await expect(theirPage.getByText(/Your session has ended/)).toBeVisible();
    const again = new SignInPage(theirPage);
    await again.submit(person.email, person.password);
    await expect(again.error).toHaveText(WRONG);
    await theirs.close();
  });
});

test.describe("roles", () => {
  test("an agent who types a dashboard URL gets a clear 'not allowed' page, and no link to it", async ({ page }) => {
    const agent = people().agent;
    await new SignInPage(page).signIn(agent);
    const shell = new Shell(page);
    await expect(shell.nav.getByRole("link", { name: /Home/ })).toBeVisible();
    await expect(shell.nav.getByRole("link", { name: /Settings/ })).toHaveCount(0);
    await expect(shell.nav.getByRole("link", { name: /Access log/ })).toHaveCount(0);

    for (const path of ["/settings/users", "/settings/api-keys", "/access-log"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { level: 1, name: "You are not allowed to open this page" })).toBeVisible();
      await expect(page.getByRole("main")).toContainText("with the role Agent");
      await expect(page.getByRole("link", { name: "Home" }).last()).toBeVisible();
    }
  });

  test("a compliance officer sees the access log but not settings", async ({ page }) => {
    await new SignInPage(page).signIn(people().compliance);
    const shell = new Shell(page);
    await shell.nav.getByRole("link", { name: /Access log/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Access log" })).toBeVisible();
    await expect(page.getByRole("table")).toContainText("auth.sign_in");
    await expect(shell.nav.getByRole("link", { name: /Settings/ })).toHaveCount(0);
  });
});

test.describe("settings", () => {
  test("an admin creates an API key: it is shown once, ingests, counts as used, and stops working when revoked", async ({ page, request }) => {
    await new SignInPage(page).signIn(people().admin);
    const keys = new ApiKeysSettingsPage(page);
    await keys.goto();
    const name = `e2e ingest ${Date.now()}`;
    const key = await keys.create({ name, workspace: "default", scopes: ["ingest"] });

    const event = aiAction();
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const first = await request.post("/api/v1/events", { headers, data: event });
    expect(first.status()).toBe(200);
    expect(await first.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    const again = await request.post("/api/v1/events", { headers, data: event });
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    // Scoped: an ingest key cannot read.
    expect((await request.post("/api/v1/ledger/verify", { headers: { authorization: `Bearer ${key}` } })).status()).toBe(403);

    await page.reload();
    expect(await page.content()).not.toContain(key);
    await expect(keys.row(name)).toContainText(key.slice(0, 12));
    await expect(keys.row(name)).not.toContainText("never");

    await keys.revoke(name);
    expect((await request.post("/api/v1/events", { headers, data: aiAction() })).status()).toBe(401);
  });

  test("the settings forms say what is wrong, field by field", async ({ page }) => {
    await new SignInPage(page).signIn(people().admin);
    const users = new UsersSettingsPage(page);
    await users.goto();
    const form = page.getByRole("form", { name: "Add a user" });
    await form.getByLabel("Name").fill("Somebody");
    await form.getByLabel("Email").fill(people().agent.email);
    await form.getByLabel("Role").selectOption("compliance");
    await form.getByLabel("Initial password").fill(uniquePassword("dup"));
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(form.getByRole("alert")).toHaveText(/already exists/);
    await expect(form.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    // What was typed is kept, except the password.
    await expect(form.getByLabel("Name")).toHaveValue("Somebody");
    await expect(form.getByLabel("Role")).toHaveValue("compliance");
    await expect(form.getByLabel("Initial password")).toHaveValue("");
    // Editing the field clears its error: the next answer, not the last one, decides whether it stands.
    await form.getByLabel("Email").fill(`someone-else-${Date.now().toString(36)}@example.com`);
    await expect(form.getByLabel("Email")).not.toHaveAttribute("aria-invalid", "true");
    await expect(form.locator("#field-email-error")).toHaveCount(0);

    await page.goto("/settings/workspaces");
    const workspace = page.getByRole("form", { name: "Create a workspace" });
    await workspace.getByLabel("Id").fill("Not Valid");
    await workspace.getByLabel("Name").fill("Broken");
    await workspace.getByRole("button", { name: "Create workspace" }).click();
    await expect(workspace.getByLabel("Id")).toHaveAttribute("aria-invalid", "true");
    const id = `e2e-${Date.now().toString(36)}`;
    await workspace.getByLabel("Id").fill(id);
    await workspace.getByRole("button", { name: "Create workspace" }).click();
    await expect(workspace.getByRole("status")).toContainText(`Created workspace ${id}`);
    await expect(page.getByRole("row", { name: new RegExp(id) })).toBeVisible();
  });
});

test("every page an admin can open satisfies the Content-Security-Policy", async ({ page }) => {
  // A load and up to 3 s of waiting for quiet per page, for every page: 39–48 s on CI's two cores.
  test.setTimeout(120_000);
  const violations = await watchCsp(page);
  await new SignInPage(page).signIn(people().admin);
  // Every page in the permission map without a dynamic segment, so new pages are checked too.
  const paths = pagesFor("admin").map((p) => p.path).filter((path) => !path.includes("["));
  expect(paths).toContain("/settings/users");
  for (const path of paths) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await page.waitForLoadState("networkidle", { timeout: 3000 }).catch(() => {}); // a live page never goes idle
    expect(await violations(), path).toEqual([]);
  }
  // Client-side navigation and a server action too.
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  expect(await violations()).toEqual([]);
  await new Shell(page).signOut();
  expect(await violations()).toEqual([]);
});
